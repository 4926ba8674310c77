package io.graft.jit;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.ClKernels;
import io.graft.jit.opencl.ClProgram;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.opencl.OpenClC;
import io.graft.jit.opencl.OpenClLines;
import io.graft.jit.opencl.OpenClMatmul;
import io.graft.jit.opencl.OpenClPrims;
import io.graft.jit.opencl.OpenClSlices;
import io.graft.jit.opencl.OpenClUnsupportedError;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Compiler;
import io.graft.trace.Eqn;
import io.graft.trace.Lit;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.trace.Graphs;
import io.graft.trace.prim.ArgMinMax;
import io.graft.trace.prim.ArgOp;
import io.graft.trace.prim.ArgSort;
import io.graft.trace.prim.Concatenate;
import io.graft.trace.prim.Cumulative;
import io.graft.trace.prim.DynamicSlice;
import io.graft.trace.prim.DynamicUpdateSlice;
import io.graft.trace.prim.Iota;
import io.graft.trace.prim.Slice;
import io.graft.trace.prim.ConvGeneralDilated;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Gather;
import io.graft.trace.prim.GatherDims;
import io.graft.trace.prim.Pad;
import io.graft.trace.prim.ReduceWindow;
import io.graft.trace.prim.Rev;
import io.graft.trace.prim.ScatterAdd;
import io.graft.trace.prim.ScatterDims;
import io.graft.trace.prim.ScatterMode;
import io.graft.trace.prim.SelectAndScatterAdd;
import io.graft.trace.prim.Reduce;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Squeeze;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Program} run on one OpenCL device: every fused loop (a lone loop-able equation included) is one generated
 * OpenCL C kernel ({@link OpenClC#fused}), every {@code dot_general} the tiled matmul ({@link OpenClMatmul#matmul}),
 * convolutions, windows, their gradients, gathers, scatter-adds and reversals their own kernels ({@link OpenClPrims}),
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

    /** A primitive with its own kernel ({@link OpenClPrims}: conv, windows, gather/scatter, rev): result = kernel(operands). */
    record Prim(Step.Call step, Shape out, OpenClC.Generated code, ClProgram program, ClBuffer[] literals) implements Launch {}

    /** A cond, while or scan: its sub-graphs compiled for this device, run from the host per branch or iteration. */
    record Control(Step.Control step, OpenClExecutable[] subs, ClBuffer[] literals) implements Launch {}

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
        default -> {
          OpenClC.Generated g = primitiveCode(c.eqn(), rt.device())
              .getOrElseThrow(() -> unsupported(c.eqn(), "it has no OpenCL kernel yet"));
          yield new Launch.Prim(c, c.eqn().out().get(0).type().shape(), g, rt.program(g.source()), upload(c.literals()));
        }
      };
      // each sub-graph optimised and compiled for this device once, here (an unsupported equation inside is an error now)
      case Step.Control c -> new Launch.Control(c, c.prim().graphs()
          .map(sub -> new OpenClExecutable(Program.of(Graphs.check(Passes.optimize(sub)), true, true), rt.device()))
          .toJavaArray(OpenClExecutable[]::new), upload(c.literals()));
    };
  }

  /**
   * The kernel of {@link OpenClPrims} computing equation {@code e} on {@code device} (its arguments: the result, then
   * the operands in order), or none when the primitive has none there.
   */
  static Option<OpenClC.Generated> primitiveCode(Eqn e, ClDevice device) {
    Vector<Shape> in = e.in().map(a -> a.type().shape());
    DType dt = e.in().isEmpty() ? e.out().get(0).type().dtype() : e.in().get(0).type().dtype();
    Shape out = e.out().get(0).type().shape();
    return switch (e.prim()) {
      case ArgSort a -> Option.of(OpenClLines.argsort(a.axis(), in.get(0), dt, device));
      case ArgMinMax a -> Option.of(OpenClLines.argMinMax(a.op() == ArgOp.MAX, a.axis(), in.get(0), out, dt, a.indexDtype(), device));
      case Cumulative c -> Option.of(OpenClLines.cumulative(c.op(), c.axis(), c.reverse(), in.get(0), dt, device));
      case Slice sl -> Option.of(OpenClSlices.slice(sl.startIndices(), sl.strides(), in.get(0), out, dt, device));
      case Concatenate c -> Option.of(OpenClSlices.concatenate(c.dimension(), in.asJava(), out, dt, device));
      case Iota io -> Option.of(OpenClSlices.iota(io.dimension(), out, io.dtype(), device));
      case DynamicSlice d -> Option.of(OpenClSlices.dynamicSlice(in.get(0), e.in().tail().map(a -> a.type().dtype()).asJava(), out, dt, device));
      case DynamicUpdateSlice d -> Option.of(OpenClSlices.dynamicUpdateSlice(in.get(0), in.get(1),
          e.in().drop(2).map(a -> a.type().dtype()).asJava(), dt, device));
      case ConvGeneralDilated c -> Option.of(OpenClPrims.conv(c, in.get(0), in.get(1), out, dt, device));
      case ReduceWindow w when dt.isFloating() -> Option.of(OpenClPrims.reduceWindow(w, in.get(0), out, dt, device));
      case SelectAndScatterAdd w -> Option.of(OpenClPrims.selectAndScatterAdd(w, in.get(0), in.get(1), dt, device));
      case Rev r -> Option.of(OpenClPrims.rev(r.dimensions(), in.get(0), dt, device));
      case Gather g -> {
        GatherDims d = g.dims();
        var dims = new GatherScatter.Dims(d.offsetDims(), d.collapsedSliceDims(), d.startIndexMap(), d.operandBatchingDims(),
            d.startIndicesBatchingDims());
        yield Option.of(OpenClPrims.gather(dims, g.sliceSizes().toArray(), g.mode().fills(),
            g.fillValue().getOrElse(() -> GatherScatter.fillValue(dt)), in.get(0), in.get(1), e.in().get(1).type().dtype(),
            out, dt, device));
      }
      case ScatterAdd s -> {
        ScatterDims d = s.dims();
        var dims = new GatherScatter.Dims(d.updateWindowDims(), d.insertedWindowDims(), d.scatterDimsToOperandDims(),
            d.operandBatchingDims(), d.scatterIndicesBatchingDims());
        yield Option.of(OpenClPrims.scatterAdd(dims, s.mode() == ScatterMode.CLIP, in.get(0), in.get(1),
            e.in().get(1).type().dtype(), in.get(2), dt, device));
      }
      case Pad p -> Option.of(OpenClPrims.pad(p.paddingConfig().lo(), p.paddingConfig().interior(), in.get(0), out, dt, device));
      default -> integerElementwise(e, device);
    };
  }

  /**
   * An elementwise equation on integers or bool (which no loop computes: loops compute in f32/f64) as one kernel of
   * its lowering's body ({@link Lowering#lower}), in the dtype its fit names; none for anything else.
   */
  private static Option<OpenClC.Generated> integerElementwise(Eqn e, ClDevice device) {
    if (!(Lowering.lower(e) instanceof Lowered.Elementwise(var body, var fit))) return Option.none();
    DType out = e.out().get(0).type().dtype(), in0 = e.in().isEmpty() ? out : e.in().get(0).type().dtype();
    Shape shape = e.out().get(0).type().shape();
    for (var a : e.in()) if (a.type().shape().size() != shape.size() && a.type().shape().size() != 1) return Option.none();
    DType compute = switch (fit) {
      case RESULT -> out;
      case OPERAND -> in0;
      case VALUE -> out == DType.BOOL ? in0 : out;
    };
    return OpenClPrims.integerElementwise(body, e.in().map(a -> a.type().shape()).asJava(),
        e.in().map(a -> a.type().dtype()).asJava(), compute, shape, out, device);
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
   * The tiled matmul ({@link OpenClMatmul#matmul}) computing {@code dot_general} equation {@code e} on {@code device}:
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
    return new ProductCode(OpenClMatmul.matmul(dt, (int) lb[0], (int) lm[0], (int) rn[0], (int) lk[0],
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
   * parameter's dtype and shape); the results stay on the device. The kernels are enqueued without waiting for each
   * ({@link ClRuntime#enqueue}); the call returns when all of them have finished.
   */
  public Vector<ClBuffer> runOnDevice(Vector<ClBuffer> args) {
    Vector<ClBuffer> ys = Vector.of(runFresh(args).values());
    rt.finish();
    return ys;
  }

  /**
   * One run's results, and for each whether this run made it ({@code fresh}: the caller's to release) rather than
   * passing an argument or a constant through.
   */
  record Run(ClBuffer[] values, boolean[] fresh) {}

  /** {@link #runOnDevice}, saying which results are fresh. */
  Run runFresh(Vector<ClBuffer> args) {
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
      if (l instanceof Launch.Control c) {
        ClBuffer[] ys = OpenClControl.run(rt, c.step(), c.subs(), operands(env, c.step().inSlots(), c.literals()));   // all fresh and distinct
        for (int k = 0; k < ys.length; k++) {
          env[c.step().outSlots()[k]] = ys[k];
          owned.put(ys[k], true);
        }
        free(env, owned, i);
        continue;
      }
      ClBuffer y = switch (l) {
        case Launch.Control c -> throw new AssertionError("handled above");
        case Launch.Loop(var f, var code, var prog, var lits) ->
            ClKernels.apply(rt, f.kernel().kernel(), code, prog, List.of(operands(env, f.inSlots(), lits)));
        case Launch.Product(var c, var out, var batch, var m, var n, var depth, var lits, var code, var prog) -> {
          ClBuffer[] in = operands(env, c.inSlots(), lits);
          yield ClKernels.matmul(rt, code, prog, in[0], in[1], out);
        }
        case Launch.Prim(var c, var out, var code, var prog, var lits) -> {
          ClBuffer y0 = rt.allocate(c.eqn().out().get(0).type().dtype(), out);
          if (out.size() > 0) {
            Object[] a = new Object[c.inSlots().length + 1];
            a[0] = y0;
            System.arraycopy(operands(env, c.inSlots(), lits), 0, a, 1, c.inSlots().length);
            rt.enqueue(prog, code.name(), code.global(), null, a);
          }
          yield y0;
        }
        case Launch.Relabel(var c, var shape, var lits) -> rt.copyAs(operands(env, c.inSlots(), lits)[0], shape);
      };
      int outSlot = program.steps.get(i).outSlots()[0];
      env[outSlot] = y;
      owned.put(y, true);
      free(env, owned, i);
    }
    ClBuffer[] results = new ClBuffer[program.resultSlots.length];
    boolean[] fresh = new boolean[results.length];
    for (int k = 0; k < results.length; k++) {
      int s = program.resultSlots[k];
      results[k] = s < 0 ? rt.upload(((Lit) program.graph.out().get(k)).value()) : env[s];
      fresh[k] = s < 0 || owned.containsKey(results[k]);
    }
    return new Run(results, fresh);
  }

  /** Releases the buffers whose last reader was step {@code i}, where this run made them. */
  private void free(ClBuffer[] env, Map<ClBuffer, Boolean> owned, int i) {
    for (int s : program.freeAfter[i]) {
      ClBuffer b = env[s];
      env[s] = null;
      if (b != null && owned.remove(b) != null) b.close();
    }
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
        case Launch.Control(var c, var subs, var lits) -> {
          b.append(c.eqn().prim().name()).append(" driven from the host, its sub-program(s) on the device:");
          for (OpenClExecutable sub : subs) b.append('\n').append(indent(sub.describe()));
        }
        case Launch.Prim(var c, var out, var code, var prog, var lits) -> b.append(c.eqn().prim().name()).append(" over ")
            .append(out.size()).append(" work-items\n").append(indent(code.source()));
        case Launch.Relabel(var c, var shape, var lits) -> b.append(c.eqn().prim().name()).append(": device copy as ").append(shape);
      }
    }
    return b.toString();
  }

  private static String indent(String s) { return "     " + s.strip().replace("\n", "\n     "); }

}
