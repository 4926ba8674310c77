package io.graft.jit;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.ClKernels;
import io.graft.jit.opencl.ClProgram;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.opencl.OpenClC;
import io.graft.jit.opencl.OpenClUnsupportedError;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Compiler;
import io.graft.trace.Eqn;
import io.graft.trace.Lit;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Reduce;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Squeeze;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Program} run on one OpenCL device: every fused loop (a lone loop-able equation included) is one generated
 * OpenCL C kernel ({@link OpenClC#fused}), every {@code dot_general} the tiled matmul ({@link OpenClC#matmul}),
 * reshapes and squeezes a device copy; all programs are built when this is constructed, so an unsupported primitive
 * ({@link OpenClUnsupportedError}, naming the equation) or a build error is a compile-time error, and a run only
 * launches kernels. Arguments, intermediates and results stay in device memory ({@link #runOnDevice}); intermediates
 * are released when their last reader has run. No primitive silently falls back to the host.
 * <pre>{@code
 * OpenClExecutable exe = new GraphCompiler().forOpenCl(device).compile(graph);
 * Vector<ClBuffer> ys = exe.runOnDevice(xs);    // or exe.run(hostArrays): upload, run, download
 * }</pre>
 */
public final class OpenClExecutable implements Compiler.Executable {
  private final Program program;
  private final ClRuntime rt;
  private final List<Launch> launches = new ArrayList<>();
  private final ClBuffer[] consts;

  /** One step as the device runs it. */
  private sealed interface Launch {
    /** A generated loop: result = kernel(inputs), literal inputs uploaded once. */
    record Loop(Step.Fused step, OpenClC.Generated code, ClProgram program, ClBuffer[] literals) implements Launch {}

    /** A product: result = tiled matmul of the two operands. */
    record Product(Step.Call step, Shape out, int batch, int m, int n, int depth, ClBuffer[] literals,
                   OpenClC.Generated code, ClProgram program) implements Launch {}

    /** A relabelling: result = a copy of the operand with another shape (reshape, squeeze, a fold over no axes). */
    record Relabel(Step.Call step, Shape shape, ClBuffer[] literals) implements Launch {}
  }

  OpenClExecutable(Program program, ClDevice device) {
    this.program = program;
    this.rt = OpenCl.runtime(device);
    this.consts = program.graph.consts().map(rt::upload).toJavaArray(ClBuffer[]::new);
    for (int i = 0; i < program.steps.size(); i++) launches.add(prepare(program.steps.get(i)));
  }

  /** The device this runs on. */
  public ClDevice device() { return rt.device(); }

  private Launch prepare(Step step) {
    return switch (step) {
      case Step.Fused f -> {
        OpenClC.Generated g = OpenClC.fused(f.kernel().kernel(), rt.device());
        // built now: a build error is a compile-time error, and a run launches without looking the program up
        yield new Launch.Loop(f, g, rt.program(g.source()), upload(f.literals()));
      }
      case Step.MultiFused f -> throw new IllegalStateException(
          "OpenCL: a device program runs one loop per step; Program.of(graph, fuse, loneLoops = true) merges no siblings, got " + f);
      case Step.Call c -> switch (c.eqn().prim()) {
        case DotGeneral d -> product(c, d);
        case Reshape r -> new Launch.Relabel(c, c.eqn().out().get(0).type().shape(), upload(c.literals()));
        case Squeeze s -> new Launch.Relabel(c, c.eqn().out().get(0).type().shape(), upload(c.literals()));
        case Reduce r when r.axes().size() == 0 -> new Launch.Relabel(c, c.eqn().out().get(0).type().shape(), upload(c.literals()));
        default -> throw unsupported(c.eqn(), "it has no OpenCL kernel yet");
      };
      case Step.Control c -> throw unsupported(c.eqn(), "control flow does not run on OpenCL devices yet");
    };
  }

  private OpenClUnsupportedError unsupported(Eqn e, String why) { return unsupported(rt.device(), e, why); }

  /** The error for an equation {@code device} cannot run, naming it, its operand types and the fix. */
  static OpenClUnsupportedError unsupported(ClDevice device, Eqn e, String why) {
    return new OpenClUnsupportedError("jit on " + device + ": no OpenCL lowering for `" + e.prim().name()
        + (e.prim().params().isEmpty() ? "" : "[" + e.prim().params() + "]") + "` on "
        + e.in().map(a -> a.type().toString()).mkString("(", ", ", ")") + " (" + why
        + "); run this function on the CPU device (Graft.jit(f).on(Device.CPU) or -Dgraft.backend=cpu)");
  }

  private Launch product(Step.Call c, DotGeneral d) {
    Shape out = c.eqn().out().get(0).type().shape();
    ProductCode p = productCode(c.eqn(), d, rt.device());
    return new Launch.Product(c, out, p.batch(), p.m(), p.n(), p.depth(), upload(c.literals()), p.code(),
        rt.program(p.code().source()));
  }

  /**
   * The tiled matmul ({@link OpenClC#matmul}) computing {@code dot_general} equation {@code e} on {@code device}:
   * its batch, free and contracting axes each read as one strided axis; otherwise an {@link OpenClUnsupportedError}.
   */
  static ProductCode productCode(Eqn e, DotGeneral d, ClDevice device) {
    Shape ls = e.in().get(0).type().shape(), rs = e.in().get(1).type().shape();
    DType dt = e.out().get(0).type().dtype();
    if (!dt.isFloating() || e.in().get(0).type().dtype() != dt || e.in().get(1).type().dtype() != dt)
      throw unsupported(device, e, "the OpenCL matmul takes f32 or f64 operands of the result's dtype");
    int[] lf = free(ls.rank(), d.lhsContracting(), d.lhsBatch()), rf = free(rs.rank(), d.rhsContracting(), d.rhsBatch());
    long[] lb = collapse(ls, d.lhsBatch().toArray()), rb = collapse(rs, d.rhsBatch().toArray());
    long[] lm = collapse(ls, lf), rn = collapse(rs, rf);
    long[] lk = collapse(ls, d.lhsContracting().toArray()), rk = collapse(rs, d.rhsContracting().toArray());
    if (lb == null || rb == null || lm == null || rn == null || lk == null || rk == null)
      throw unsupported(device, e, "its batch, free or contracting axes do not each collapse to one strided axis");
    return new ProductCode(OpenClC.matmul(dt, (int) lb[0], (int) lm[0], (int) rn[0], (int) lk[0],
        lb[1], lm[1], lk[1], rb[1], rk[1], rn[1], device), (int) lb[0], (int) lm[0], (int) rn[0], (int) lk[0]);
  }

  /** A {@code dot_general}'s matmul kernel: {@code batch} products of {@code m×depth} by {@code depth×n}. */
  record ProductCode(OpenClC.Generated code, int batch, int m, int n, int depth) {}

  private static int[] free(int rank, Ints contracting, Ints batch) {
    List<Integer> f = new ArrayList<>();
    for (int a = 0; a < rank; a++) if (!contracting.contains(a) && !batch.contains(a)) f.add(a);
    return f.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * {extent, stride} of {@code axes} of a row-major {@code shape} read as one axis (extent-1 axes skipped), or null
   * when they are not laid out as one; an empty group is {1, 0}.
   */
  private static long[] collapse(Shape shape, int[] axes) {
    int[] st = shape.strides();
    long extent = 1, stride = 0;
    int prev = -1;
    for (int a : axes) {
      if (shape.dim(a) == 1) continue;
      if (prev >= 0 && st[prev] != (long) st[a] * shape.dim(a)) return null;
      extent *= shape.dim(a);
      stride = st[a];
      prev = a;
    }
    return new long[] {extent, stride};
  }

  private ClBuffer[] upload(NdArray[] literals) {
    ClBuffer[] b = new ClBuffer[literals.length];
    for (int k = 0; k < b.length; k++) if (literals[k] != null) b[k] = rt.upload(literals[k]);
    return b;
  }

  /**
   * The graph's results for {@code args} in this device's memory (one per parameter, in order, each of the
   * parameter's dtype and shape); the results stay on the device.
   */
  public Vector<ClBuffer> runOnDevice(Vector<ClBuffer> args) {
    if (args.size() != program.paramSlots.length)
      throw new IllegalArgumentException("jit on " + rt.device() + ": the executable takes " + program.paramSlots.length
          + " argument(s) " + program.graph.inTypes().mkString("(", ", ", ")") + ", got " + args.size());
    ClBuffer[] env = new ClBuffer[program.slots];
    Map<ClBuffer, Boolean> owned = new IdentityHashMap<>();   // buffers this run allocated (one slot each)
    for (int i = 0; i < consts.length; i++) env[i] = consts[i];
    for (int i = 0; i < program.paramSlots.length; i++) {
      ClBuffer a = args.get(i);
      var want = program.graph.in().get(i).type();
      if (a.dtype() != want.dtype() || !a.shape().equals(want.shape()))
        throw new IllegalArgumentException("jit on " + rt.device() + ": argument " + i + " is " + a.dtype() + a.shape()
            + " but the executable was compiled for " + want);
      env[program.paramSlots[i]] = a;
    }
    for (int i = 0; i < launches.size(); i++) {
      Launch l = launches.get(i);
      ClBuffer y = switch (l) {
        case Launch.Loop(var f, var code, var prog, var lits) ->
            ClKernels.apply(rt, f.kernel().kernel(), code, prog, List.of(operands(env, f.inSlots(), lits)));
        case Launch.Product(var c, var out, var batch, var m, var n, var depth, var lits, var code, var prog) -> {
          ClBuffer[] in = operands(env, c.inSlots(), lits);
          yield ClKernels.matmul(rt, code, prog, in[0], in[1], out);
        }
        case Launch.Relabel(var c, var shape, var lits) -> rt.copyAs(operands(env, c.inSlots(), lits)[0], shape);
      };
      int outSlot = program.steps.get(i).outSlots()[0];
      env[outSlot] = y;
      owned.put(y, true);
      for (int s : program.freeAfter[i]) {
        ClBuffer b = env[s];
        env[s] = null;
        if (b != null && owned.remove(b) != null) b.close();
      }
    }
    List<ClBuffer> results = new ArrayList<>();
    for (int k = 0; k < program.resultSlots.length; k++) {
      int s = program.resultSlots[k];
      results.add(s < 0 ? rt.upload(((Lit) program.graph.out().get(k)).value()) : env[s]);
    }
    return Vector.ofAll(results);
  }

  private static ClBuffer[] operands(ClBuffer[] env, int[] slots, ClBuffer[] literals) {
    ClBuffer[] in = new ClBuffer[slots.length];
    for (int k = 0; k < in.length; k++) in[k] = slots[k] < 0 ? literals[k] : env[slots[k]];
    return in;
  }

  /** Uploads {@code args}, runs on the device, downloads the results. */
  @Override public Vector<NdArray> run(Vector<NdArray> args) {
    return runOnDevice(args.map(rt::upload)).map(rt::download);
  }

  /** The optimised graph, then each device step with the OpenCL C it launches. */
  @Override public String describe() {
    StringBuilder b = new StringBuilder(program.graph.toString()).append("\nOpenCL steps on ").append(rt.device()).append(':');
    for (int i = 0; i < launches.size(); i++) {
      b.append("\n  ").append(i).append(": ");
      switch (launches.get(i)) {
        case Launch.Loop(var f, var code, var prog, var lits) -> b.append(f.kernel().text()).append(" over ")
            .append(java.util.Arrays.toString(code.global())).append(" work-items\n").append(indent(code.source()));
        case Launch.Product(var c, var out, var batch, var m, var n, var depth, var lits, var code, var prog) ->
            b.append(c.eqn().prim().name()).append(" as a ").append(batch).append("x").append(m).append("x").append(n)
                .append(" matmul over ").append(depth).append('\n').append(indent(code.source()));
        case Launch.Relabel(var c, var shape, var lits) -> b.append(c.eqn().prim().name()).append(": device copy as ").append(shape);
      }
    }
    return b.toString();
  }

  private static String indent(String s) { return "     " + s.strip().replace("\n", "\n     "); }

}
