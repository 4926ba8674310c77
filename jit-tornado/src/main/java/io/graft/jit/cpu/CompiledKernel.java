package io.graft.jit.cpu;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.KernelText;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.GemmEpilogue;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link Kernel} ready to run. {@link #apply} allocates the result; {@link #applyInto} writes a given store and may
 * alias an input (the jit reuses dead buffers): for a {@code NONE} kernel whose input {@code k} is read contiguously
 * over the whole space with the result's dtype, {@code applyInto(inputs[k].store(), inputs)} is correct, because every
 * element is read before it is written at the same position. Work is split as {@link NestRunner} describes; results
 * depend on the data and sizes only, never on the thread count or scheduling (a SUM has the eager sum's bits).
 * <pre>{@code
 * CompiledKernel ck = FusedKernels.compile(Kernel.elementwise(DType.F32, Shape.of(n), 2, add(in0, in1)));
 * NdArray z = ck.apply(x, y);
 * }</pre>
 * Thread-safe: the generated loop is shared, per-call scratch is per chunk.
 */
public final class CompiledKernel {
  /** Minimum elements per parallel chunk. */
  public static final int GRAIN = NestRunner.GRAIN;

  private final Kernel kernel;
  private final LoopNest nest;
  /**
   * What the generated loops evaluate: the kernel, its {@link RowWidening} when its rows are short, or for a SUM its
   * body over the whole space ({@link #producer}).
   */
  private final Kernel compiled;
  /** The widening the loops run, or null. */
  private final RowWidening widening;
  private final LoopNest compiledNest;
  private final boolean simd;
  private final RowEval.Factory rows;
  private final String text;
  /** {@code kernel.resultShape()}, computed once: {@link #applyInto} runs per jit step. */
  private final Shape resultShape;

  CompiledKernel(Kernel kernel, boolean simd) {
    this.kernel = kernel;
    this.resultShape = kernel.resultShape();
    this.nest = LoopNest.of(kernel);
    this.widening = RowWidening.of(kernel, nest);
    this.compiled = kernel.reduction() == Reduction.SUM ? producer(kernel) : widening != null ? widening.kernel() : kernel;
    this.compiledNest = compiled == kernel ? nest : LoopNest.of(compiled);
    this.tiled = widening == null ? null : new AtomicReferenceArray<>(kernel.inputs().size());
    this.simd = simd && !kernel.dtype().isHalf();       // 16-bit loops: the generated scalar rows (see RowEmitter)
    FusedLoop loop = this.simd ? new LazyScalarLoop(compiled) : BytecodeBackend.load(compiled);   // SIMD: tails only
    this.rows = this.simd ? SimdBackend.factory(compiled, compiledNest, loop) : in -> new RowEval.Scalar(loop, in);
    this.text = KernelText.render(kernel);
  }

  /**
   * The elementwise kernel of a SUM kernel's body over its whole space. A sum runs it block by block under the eager
   * sum's block scheme ({@link NestRunner#sum}), so that a fused sum equals the eager sum of the materialized body bit
   * for bit; MAX and MIN are exact in any order and keep their own fold.
   */
  private static Kernel producer(Kernel k) {
    return new Kernel(k.dtype(), k.space(), k.inputs(), k.body(), Reduction.NONE, Ints.of(), k.dtype());
  }

  /** The kernel this was compiled from. */
  public Kernel kernel() { return kernel; }

  /** Whether rows run on the Vector API evaluator (else on the generated scalar loop alone). */
  public boolean simd() { return simd; }

  /** Whether its rows run a loop generated on vector registers ({@link VectorEmitter}) when the kernel allows. */
  boolean vectorLoops() { return simd && VectorEmitter.ENABLED; }

  /** The loop nest of the kernel itself ({@link #compiledNest} is that of what the loops evaluate). */
  LoopNest nest() { return nest; }

  /** The readable kernel, e.g. {@code kernel f32[4] = loop i0 < 4 { exp(in0:f32[i0]) }} (format in package-info). */
  public String text() { return text; }

  @Override public String toString() { return text; }

  /** The result of the kernel over {@code inputs}, in a new array of {@code kernel.resultShape()} and outDType. */
  public NdArray apply(NdArray... inputs) {
    check(inputs);
    Object out = NdArray.newStore(kernel.outDType(), nest.resultSize);
    run(stores(inputs), out);
    return NdArray.wrapStore(kernel.outDType(), resultShape, out);
  }

  /**
   * Writes the result into {@code outStore} (outDType's store type, exactly the result's size; see the class doc) and
   * returns it wrapped as an array of {@code kernel.resultShape()}.
   */
  public NdArray applyInto(Object outStore, NdArray... inputs) {
    Objects.requireNonNull(outStore, "outStore is null");
    check(inputs);
    NdArray result = NdArray.wrapStore(kernel.outDType(), resultShape, outStore);   // checks the store's type and length
    run(stores(inputs), outStore);
    return result;
  }

  /**
   * The writer of this elementwise kernel's result into {@code outStore} over any range of its positions, the inputs'
   * stores fixed now and read when a range runs, on the calling thread: a product's epilogue
   * ({@link GemmEpilogue}), which hands over row blocks of its result as their sums finish, so an operand may be a store
   * the product is still writing elsewhere. Each position gets the bits {@link #applyInto} gives it. {@code NONE}
   * kernels only.
   */
  public GemmEpilogue.Positions positions(Object outStore, NdArray... inputs) {
    Objects.requireNonNull(outStore, "outStore is null");
    if (kernel.reduction() != Reduction.NONE)
      throw new IllegalArgumentException("fused " + text + ": reduces, so it has no value per position to run as an epilogue");
    check(inputs);
    NdArray.wrapStore(kernel.outDType(), resultShape, outStore);    // checks the store's type and length
    Object[] in = loopInputs(stores(inputs));
    return (from, to) -> {
      RowEval ev = rows.create(in);
      int[] base = new int[in.length];
      compiledNest.segments(from, to, base, (ob, j0, j1) -> ev.write(base, outStore, ob, j0, j1));
    };
  }

  /**
   * The input stores the generated loops read for {@code inputs}' stores: the same, or with the periodic inputs of a
   * {@link RowWidening} tiled (for {@link CompiledMultiKernel}, whose elementwise parts share inputs, space and so
   * widening).
   */
  Object[] loopInputs(Object[] in) { return widening == null ? in : widening.inputs(in, tiled); }

  /** The last tiled copy of each periodic input of the {@link #widening}, reused while its row is unchanged. */
  private final AtomicReferenceArray<Object> tiled;

  /** The nest of what the generated loops evaluate: a SUM's producer (for {@link CompiledMultiKernel}). */
  LoopNest compiledNest() { return compiledNest; }

  /** The per-chunk row evaluators of the compiled body (for {@link CompiledMultiKernel}). */
  RowEval.Factory rows() { return rows; }

  /** Runs the kernel over the input stores into {@code out} (unchecked: the caller checked both). */
  void run(Object[] in, Object out) {
    switch (kernel.reduction()) {
      case NONE -> NestRunner.write(compiledNest, rows, loopInputs(in), out);
      case SUM -> NestRunner.storeFold(NestRunner.sum(kernel, compiledNest, rows, in), out);
      case MAX, MIN -> NestRunner.storeFold(NestRunner.fold(nest, kernel.reduction(), rows, in), out);
    }
  }

  void check(NdArray[] inputs) {
    Objects.requireNonNull(inputs, "inputs is null");
    int n = kernel.inputs().size();
    if (inputs.length != n) {
      throw new IllegalArgumentException("fused " + text + ": takes " + n + " inputs, got " + inputs.length);
    }
    for (int i = 0; i < n; i++) {
      NdArray a = inputs[i];
      if (a == null) throw new NullPointerException("inputs[" + i + "] is null");   // the message built only then
      Access acc = kernel.inputs().get(i);
      if (a.dtype() != acc.dtype()) {
        throw new DTypeError("fused " + text + ": input " + i + " is " + a.dtype() + a.shape() + " but its access reads "
            + acc.dtype() + "; convert it or fix the access");
      }
      long max = acc.maxIndex(kernel.space());
      if (max >= a.size()) {
        throw new ShapeError("fused " + text + ": input " + i + " has shape " + a.shape() + " (" + a.size()
            + " elements) but strides " + acc.strides() + " over space " + kernel.space() + " read up to index " + max
            + "; pass a larger input or fix the strides");
      }
    }
  }

  static Object[] stores(NdArray[] inputs) {
    Object[] s = new Object[inputs.length];
    for (int i = 0; i < inputs.length; i++) s[i] = inputs[i].store();
    return s;
  }
}
