package io.graft.jit;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.OpenClC;
import io.graft.jit.opencl.OpenClMatmul;
import io.graft.jit.spi.BackendDevice;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.ShapedType;
import io.graft.trace.Var;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Reduce;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Squeeze;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A graph as a backend-neutral list of OpenCL C kernel launches over numbered device buffers: what a backend that
 * runs whole programs of prebuilt kernels (TornadoVM's task graphs) needs, and no more. The kernels are the ones
 * {@link OpenClExecutable} runs — {@link OpenClC#fused} per fused loop (its {@link OpenClC.Finish} as a second launch
 * over a scratch buffer), {@link OpenClMatmul#matmul} per {@code dot_general} — and a reshape or squeeze is no launch at
 * all: its result {@linkplain Buffer#aliasOf aliases} its operand's bytes. Every launch's first argument is the buffer
 * it writes. Buffers are never reused within a plan, so a backend may keep all of them on the device across calls.
 * <pre>{@code
 * DevicePlan p = new GraphCompiler().planFor(device, graph);
 * p.launches().get(0)   // Launch[kernel=fused, args=[3, 1, 2], global=[1024], ...]: writes buffer 3 from 1 and 2
 * }</pre>
 *
 * @param graph    the optimised graph
 * @param buffers  every buffer, indexed by {@link Buffer#id}
 * @param params   the buffer of each graph parameter, in order
 * @param launches the kernels, in order
 * @param results  the graph's results: a buffer (read with the result's shape) or a literal
 */
public record DevicePlan(Graph graph, Vector<Buffer> buffers, Vector<Integer> params, Vector<Launch> launches,
                         Vector<Result> results) {
  /** Validates. */
  public DevicePlan {
    Objects.requireNonNull(graph, "graph is null");
    Objects.requireNonNull(buffers, "buffers is null");
    Objects.requireNonNull(params, "params is null");
    Objects.requireNonNull(launches, "launches is null");
    Objects.requireNonNull(results, "results is null");
  }

  /** What a buffer holds between calls. */
  public enum Role {
    /** A graph parameter: written from the caller's array on every call. */
    PARAM,
    /** A constant or literal operand: written once, its {@link Buffer#value} never changes. */
    CONST,
    /** Written by a launch (an intermediate, a result or a reduction's scratch). */
    TEMP
  }

  /**
   * Buffer {@code id}: {@code bytes} bytes holding {@code dtype} elements ({@link ClBuffer#elementBytes} each), or,
   * when {@code aliasOf} is defined, the same bytes as that buffer read with another shape.
   */
  public record Buffer(int id, Role role, DType dtype, Shape shape, long bytes, Option<NdArray> value, Option<Integer> aliasOf) {
    /** Validates. */
    public Buffer {
      Objects.requireNonNull(role, "role is null");
      Objects.requireNonNull(value, "value is null");
      Objects.requireNonNull(aliasOf, "aliasOf is null");
      if (role == Role.CONST && value.isEmpty()) throw new IllegalArgumentException("const buffer " + id + " has no value");
    }
  }

  /**
   * Kernel {@code kernel} of OpenCL C {@code source} over {@code global} work-items in work-groups of {@code local}
   * (empty: the device chooses), its arguments the buffers {@code args} (the first is written).
   */
  public record Launch(String what, String source, String kernel, Vector<Long> global, Vector<Long> local, Vector<Integer> args) {
    /** Validates. */
    public Launch {
      Objects.requireNonNull(source, "source is null");
      Objects.requireNonNull(kernel, "kernel is null");
      if (args.isEmpty()) throw new IllegalArgumentException("launch of " + kernel + " writes no buffer");
    }
  }

  /** A graph result: {@code buffer}'s bytes as {@code type}, or a literal {@code value} (buffer -1). */
  public record Result(int buffer, ShapedType type, Option<NdArray> value) {}

  /** The OpenCL device description that code generation reads for a backend's {@code device}. */
  static ClDevice describe(BackendDevice device) {
    return new ClDevice(device.id(), device.backend(), device.name(), "", device.fp64(), device.maxWorkGroup(),
        device.localMemBytes(), device.cpu(), MemorySegment.NULL, MemorySegment.NULL);
  }

  /** The plan of {@code program} for {@code device}: every kernel generated now, unsupported equations rejected. */
  static DevicePlan of(Program program, BackendDevice device) {
    ClDevice dev = describe(device);
    Graph g = program.graph;
    List<Buffer> buffers = new ArrayList<>();
    int[] bufOf = new int[program.slots];   // slot -> buffer: a mutable map local to this method
    ShapedType[] typeOf = new ShapedType[program.slots];
    for (var e : program.slotOf.entrySet()) typeOf[e.getValue()] = e.getKey().type();
    for (int i = 0; i < g.consts().size(); i++) {
      bufOf[program.slotOf.get(g.constVars().get(i))] = add(buffers, Role.CONST, g.consts().get(i), null);
    }
    List<Integer> params = new ArrayList<>();
    for (int i = 0; i < program.paramSlots.length; i++) {
      int b = add(buffers, Role.PARAM, null, typeOf[program.paramSlots[i]]);
      bufOf[program.paramSlots[i]] = b;
      params.add(b);
    }
    List<Launch> launches = new ArrayList<>();
    for (Step step : program.steps) {
      int[] in = new int[step.inSlots().length];
      for (int k = 0; k < in.length; k++) {
        in[k] = step.inSlots()[k] >= 0 ? bufOf[step.inSlots()[k]] : add(buffers, Role.CONST, step.literals()[k], null);
      }
      int outSlot = step.outSlots()[0];
      ShapedType out = typeOf[outSlot];
      switch (step) {
        case Step.Fused f -> {
          OpenClC.Generated code = OpenClC.fused(f.kernel().kernel(), dev);
          int y = add(buffers, Role.TEMP, null, out);
          OpenClC.Finish finish = code.finish();
          int first = finish == null ? y
              : add(buffers, Role.TEMP, null, ShapedType.of(finish.accDType(), Shape.of((int) (Math.max(1, out.shape().size()) * (long) finish.parts()))));
          launches.add(launch(f.kernel().text(), code.source(), code.name(), code.global(), code.local(), first, in));
          if (finish != null) launches.add(launch(f.kernel().text() + " (finish)", code.source(), finish.name(),
              finish.global(), finish.local(), y, first));
          bufOf[outSlot] = y;
        }
        case Step.Call c -> {
          switch (c.eqn().prim()) {
            case DotGeneral d -> {
              OpenClC.Generated code = OpenClExecutable.productCode(c.eqn(), d, dev).code();
              int y = add(buffers, Role.TEMP, null, out);
              OpenClC.Pack pack = code.pack();
              if (pack != null) {   // the packed copy of the second operand is read in its place
                int packed = add(buffers, Role.TEMP, null, ShapedType.of(out.dtype(), Shape.of((int) pack.elements())));
                launches.add(launch(c.eqn().prim().name() + " (pack)", code.source(), pack.name(), pack.global(),
                    new long[0], packed, in[1]));
                in = new int[] {in[0], packed};
              }
              launches.add(launch(c.eqn().prim().name(), code.source(), code.name(), code.global(), code.local(), y, in));
              bufOf[outSlot] = y;
            }
            case Reshape r -> bufOf[outSlot] = alias(buffers, in[0], out);
            case Squeeze s -> bufOf[outSlot] = alias(buffers, in[0], out);
            case Reduce r when r.axes().size() == 0 -> bufOf[outSlot] = alias(buffers, in[0], out);
            default -> {
              OpenClC.Generated code = OpenClExecutable.primitiveCode(c.eqn(), dev)
                  .getOrElseThrow(() -> OpenClExecutable.unsupported(dev, c.eqn(), "it has no OpenCL kernel yet"));
              int y = add(buffers, Role.TEMP, null, out);
              launches.add(launch(c.eqn().prim().name(), code.source(), code.name(), code.global(), code.local(), y, in));
              bufOf[outSlot] = y;
            }
          }
        }
        case Step.MultiFused f -> throw new IllegalStateException(
            "DevicePlan: a device program runs one loop per step; Program.of(graph, fuse, loneLoops = true) merges no siblings, got " + f);
        case Step.Control c -> throw OpenClExecutable.unsupported(dev, c.eqn(), "control flow does not run in a device plan yet; the FFM OpenCL runtime runs it");
      }
    }
    List<Result> results = new ArrayList<>();
    for (int k = 0; k < program.resultSlots.length; k++) {
      int s = program.resultSlots[k];
      var atom = g.out().get(k);
      results.add(s < 0 ? new Result(-1, atom.type(), Option.of(((Lit) atom).value()))
          : new Result(bufOf[s], ((Var) atom).type(), Option.none()));
    }
    return new DevicePlan(g, Vector.ofAll(buffers), Vector.ofAll(params), Vector.ofAll(launches), Vector.ofAll(results));
  }

  private static int add(List<Buffer> buffers, Role role, NdArray value, ShapedType type) {
    DType dt = value != null ? value.dtype() : type.dtype();
    Shape shape = value != null ? value.shape() : type.shape();
    long bytes = Math.max(1, (long) shape.size() * ClBuffer.elementBytes(dt));
    buffers.add(new Buffer(buffers.size(), role, dt, shape, bytes, Option.of(value), Option.none()));
    return buffers.size() - 1;
  }

  private static int alias(List<Buffer> buffers, int of, ShapedType type) {
    Buffer base = buffers.get(of);
    int root = base.aliasOf().getOrElse(of);
    buffers.add(new Buffer(buffers.size(), base.role(), type.dtype(), type.shape(), base.bytes(), base.value()
        .map(v -> v.reshape(type.shape())), Option.of(root)));
    return buffers.size() - 1;
  }

  private static Launch launch(String what, String source, String kernel, long[] global, long[] local, int out, int... in) {
    Vector<Integer> args = Vector.of(out).appendAll(Vector.ofAll(in));
    return new Launch(what, source, kernel, Vector.ofAll(global), Vector.ofAll(local), args);
  }
}
