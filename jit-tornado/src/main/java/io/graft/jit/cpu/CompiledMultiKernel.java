package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.MultiKernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link MultiKernel} ready to run: every part compiled as its own {@link CompiledKernel} (through the program
 * cache), the elementwise parts walked together. {@link #applyInto} runs the {@code NONE} parts in one pass over the
 * shared loop nest ({@link NestRunner#writeAll}): f32 parts with generated vector loops run as one generated loop
 * ({@link MultiLoop}: each vector position computes every part before storing any, so C2 computes their shared
 * subexpressions once), and the rest piece by piece, each part's loop over a piece while its inputs sit in L1; then
 * the SUM parts together ({@link NestRunner#sumAll}: each reads its body block by block under
 * the eager sum's scheme, so it keeps the eager bits, and the blocks of the parts are read in turn, so the shared
 * inputs are read once), then each MAX/MIN part with its own fold. Every output therefore has exactly the bits of its part run alone,
 * whatever the thread count. Thread-safe, like {@link CompiledKernel}.
 * <pre>{@code
 * CompiledMultiKernel ck = FusedKernels.compile(new MultiKernel(List.of(mNew, vNew, pNew)));
 * NdArray[] mvp = ck.apply(g, m, v, p);
 * }</pre>
 */
public final class CompiledMultiKernel {
  private final MultiKernel kernel;
  private final List<CompiledKernel> parts;
  /** Indices of the NONE parts, and their row evaluators (walked together); of the SUM parts (read together). */
  private final int[] writes, sums;
  private final RowEval.Factory[] rows;
  private final LoopNest nest;
  /** The elementwise parts' one generated loop ({@link MultiLoop}), or null (each part's own loop, piece by piece). */
  private final MultiLoop multi;
  private final String text;

  CompiledMultiKernel(MultiKernel kernel, List<CompiledKernel> parts) {
    this.kernel = kernel;
    this.parts = List.copyOf(parts);
    List<Integer> w = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) if (kernel.parts().get(p).reduction() == Reduction.NONE) w.add(p);
    this.writes = w.stream().mapToInt(Integer::intValue).toArray();
    List<Integer> sm = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) if (kernel.parts().get(p).reduction() == Reduction.SUM) sm.add(p);
    this.sums = sm.stream().mapToInt(Integer::intValue).toArray();
    this.rows = new RowEval.Factory[writes.length];
    for (int i = 0; i < writes.length; i++) rows[i] = parts.get(writes[i]).rows();
    this.nest = writes.length == 0 ? null : parts.get(writes[0]).compiledNest();   // equal inputs and space: equal nests
    this.multi = multiLoop(kernel, parts, writes, nest);
    this.text = kernel.text();
  }

  /**
   * The generated loop of the elementwise parts when there are several, each runs a generated vector loop over the
   * kernel itself (no {@link RowWidening}), and together they fit one method ({@link VectorEmitter#supportsMulti}).
   * {@code -Dgraft.multiLoops=false} leaves each part on its own loop (for comparisons).
   */
  private static MultiLoop multiLoop(MultiKernel kernel, List<CompiledKernel> parts, int[] writes, LoopNest nest) {
    if (writes.length < 2 || !MULTI_LOOPS) return null;
    List<Kernel> ks = new ArrayList<>();
    for (int p : writes) {
      if (!parts.get(p).vectorLoops() || parts.get(p).compiledNest() != parts.get(p).nest()) return null;
      ks.add(kernel.parts().get(p));
    }
    if (!VectorEmitter.supportsMulti(ks, nest)) return null;
    return VectorEmitter.loadMulti(ks, nest).orElse(null);
  }

  private static final boolean MULTI_LOOPS = !"false".equals(System.getProperty("graft.multiLoops"));

  /** Whether the elementwise parts run one generated loop ({@link MultiLoop}). */
  boolean oneLoop() { return multi != null; }

  /** The kernel this was compiled from. */
  public MultiKernel kernel() { return kernel; }

  /** The compiled parts, in output order. */
  public List<CompiledKernel> parts() { return parts; }

  /** The readable kernel, one line per output ({@link MultiKernel#text}). */
  public String text() { return text; }

  @Override public String toString() { return text; }

  /** The outputs over {@code inputs}, each in a new array of its part's result shape and dtype. */
  public NdArray[] apply(NdArray... inputs) {
    Object[] out = new Object[parts.size()];
    for (int p = 0; p < out.length; p++) {
      Kernel k = kernel.parts().get(p);
      out[p] = NdArray.newStore(k.outDType(), k.resultShape().size());
    }
    applyInto(out, inputs);
    NdArray[] r = new NdArray[out.length];
    for (int p = 0; p < out.length; p++) {
      Kernel k = kernel.parts().get(p);
      r[p] = NdArray.wrapStore(k.outDType(), k.resultShape(), out[p]);
    }
    return r;
  }

  /**
   * Writes output {@code p} into {@code outStores[p]} (its part's outDType store, exactly the result's size). The
   * stores must be distinct and must not alias an input: a later part may read an input after an earlier part wrote
   * its output at the same position ({@link #applyOver} allows that).
   */
  public void applyInto(Object[] outStores, NdArray... inputs) { run(outStores, inputs, false); }

  /**
   * {@link #applyInto} where an output store may be an input's store, for kernels whose parts are all elementwise
   * ({@code NONE}) and read such an input exactly where the outputs are written (contiguously, in the result's order):
   * every part's values for a piece go to a scratch block first and are copied out once all parts have read the
   * piece's inputs. The bits are those of {@link #applyInto}.
   */
  public void applyOver(Object[] outStores, NdArray... inputs) {
    if (sums.length > 0 || writes.length != parts.size())
      throw new IllegalArgumentException("fused " + text + ": outputs may overwrite inputs only when every part is elementwise");
    run(outStores, inputs, true);
  }

  private void run(Object[] outStores, NdArray[] inputs, boolean staged) {
    Objects.requireNonNull(outStores, "outStores is null");
    if (outStores.length != parts.size())
      throw new IllegalArgumentException("fused " + text + ": has " + parts.size() + " outputs, got " + outStores.length + " stores");
    parts.getFirst().check(inputs);                  // the parts share their inputs
    for (int p = 0; p < outStores.length; p++) {
      Kernel k = kernel.parts().get(p);
      NdArray.wrapStore(k.outDType(), k.resultShape(), Objects.requireNonNull(outStores[p], "outStores[" + p + "] is null"));
    }
    Object[] in = CompiledKernel.stores(inputs);
    if (writes.length > 0) {
      Object[] w = new Object[writes.length];
      for (int i = 0; i < w.length; i++) w[i] = outStores[writes[i]];
      NestRunner.writeAll(nest, rows, multi, parts.get(writes[0]).loopInputs(in), w, staged);
    }
    if (sums.length > 1) {
      Kernel[] ks = new Kernel[sums.length];
      RowEval.Factory[] sumRows = new RowEval.Factory[sums.length];
      for (int i = 0; i < sums.length; i++) { ks[i] = kernel.parts().get(sums[i]); sumRows[i] = parts.get(sums[i]).rows(); }
      double[][] acc = NestRunner.sumAll(ks, parts.get(sums[0]).compiledNest(), sumRows, in);
      for (int i = 0; i < sums.length; i++) NestRunner.storeFold(acc[i], outStores[sums[i]]);
    }
    for (int p = 0; p < parts.size(); p++) {
      Reduction r = kernel.parts().get(p).reduction();
      if (r == Reduction.MAX || r == Reduction.MIN || r == Reduction.SUM && sums.length == 1) parts.get(p).run(in, outStores[p]);
    }
  }
}
