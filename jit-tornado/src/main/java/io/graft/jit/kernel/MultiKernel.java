package io.graft.jit.kernel;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Several outputs of one loop nest: {@code out_p = parts.get(p)} for every part, all evaluated over one iteration
 * space and reading one list of inputs, in a single pass over memory. Each part is a complete {@link Kernel} (its own
 * body, reduction and result dtype); they share {@code dtype}, {@code space} and {@code inputs} exactly (a part's body
 * may leave inputs unread), and every folding part folds over the same axes. A value, like {@link Kernel}.
 * <pre>{@code
 * // Adam's three updates of one leaf: in0 = g, in1 = m, in2 = v, in3 = p (contiguous f32[n])
 * new MultiKernel(List.of(
 *     new Kernel(F32, sp, in, add(mul(in0, 0.1), mul(in1, 0.9)), NONE, Ints.of(), F32),     // m'
 *     new Kernel(F32, sp, in, add(mul(square(in0), 0.001), mul(in2, 0.999)), NONE, Ints.of(), F32),   // v'
 *     new Kernel(F32, sp, in, ...p - lr * m'/(sqrt(v') + eps), m' and v' recomputed..., NONE, Ints.of(), F32)));
 * }</pre>
 * Every part computes exactly what it would compute alone (the same body over the same accesses), so each output has
 * the bits of its single-output kernel; what the parts share is the traversal (inputs are read from memory once per
 * block, while they sit in cache) and one program step.
 *
 * @param parts at least two kernels with equal dtype, space and inputs; folding parts share their reduced axes
 */
public record MultiKernel(List<Kernel> parts) {
  /** Most outputs of one multi-output kernel. */
  public static final int MAX_PARTS = 16;

  public MultiKernel {
    Objects.requireNonNull(parts, "parts is null");
    parts = List.copyOf(parts);
    if (parts.size() < 2 || parts.size() > MAX_PARTS)
      throw new IllegalArgumentException("MultiKernel: " + parts.size() + " parts; give 2 to " + MAX_PARTS
          + " (one output is a plain Kernel)");
    Kernel first = parts.getFirst();
    Kernel folding = null;
    for (int p = 0; p < parts.size(); p++) {
      Kernel k = parts.get(p);
      if (k.dtype() != first.dtype())
        throw new DTypeError("MultiKernel: part " + p + " computes in " + k.dtype() + " but part 0 in " + first.dtype()
            + "; parts of one loop share the compute dtype");
      if (!k.space().equals(first.space()))
        throw new ShapeError("MultiKernel: part " + p + " loops over " + k.space() + " but part 0 over " + first.space()
            + "; parts of one loop share the iteration space");
      if (!k.inputs().equals(first.inputs()))
        throw new IllegalArgumentException("MultiKernel: part " + p + " reads inputs " + k.inputs() + " but part 0 reads "
            + first.inputs() + "; give every part the union of the inputs (a body may leave some unread)");
      if (k.reduction() == Reduction.NONE) continue;
      if (folding != null && !k.reducedAxes().equals(folding.reducedAxes()))
        throw new ShapeError("MultiKernel: part " + p + " folds over " + k.reducedAxes() + " but an earlier part over "
            + folding.reducedAxes() + " of " + first.space() + "; sibling reductions share their axes");
      if (folding == null) folding = k;
    }
  }

  /** The parts' text, one line each, numbered {@code out0}, {@code out1}, ... (the format in {@code package-info}). */
  public String text() {
    StringJoiner j = new StringJoiner("\n");
    for (int p = 0; p < parts.size(); p++) j.add("out" + p + ": " + KernelText.render(parts.get(p)));
    return j.toString();
  }
}
