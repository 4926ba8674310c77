package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * The padding of each axis for {@link Pad}: {@code lo[k]} elements before, {@code hi[k]} after and
 * {@code interior[k]} between neighbours along axis {@code k}. {@code lo}/{@code hi} may be negative (they then
 * remove elements); {@code interior} must be non-negative (checked by {@link Pad}'s type rule, which names the
 * operand). Prints as JAX's {@code padding_config}: {@code ((1, 1, 0),)}.
 * <pre>{@code PadConfig.of(new int[][] {{1, 1, 0}}).toString().equals("((1, 1, 0),)")}</pre>
 *
 * @param lo       padding before each axis
 * @param hi       padding after each axis
 * @param interior padding between elements of each axis
 */
public record PadConfig(Ints lo, Ints hi, Ints interior) {
  /** Validates that there is one entry per axis in each list. */
  public PadConfig {
    Objects.requireNonNull(lo, "lo is null");
    Objects.requireNonNull(hi, "hi is null");
    Objects.requireNonNull(interior, "interior is null");
    if (lo.size() != hi.size() || lo.size() != interior.size())
      throw new ShapeError("pad: padding config lists differ in length: lo " + lo + ", hi " + hi + ", interior " + interior
          + "; give one (lo, hi, interior) per axis");
  }

  /** A config from rows {@code {lo, hi, interior}}, one per axis. */
  public static PadConfig of(int[][] rows) {
    Objects.requireNonNull(rows, "rows is null");
    int n = rows.length;
    int[] lo = new int[n], hi = new int[n], in = new int[n];
    for (int k = 0; k < n; k++) {
      int[] r = Objects.requireNonNull(rows[k], "rows[" + k + "] is null");
      if (r.length != 3)
        throw new ShapeError("pad: padding config row " + k + " has " + r.length + " entries " + java.util.Arrays.toString(r)
            + "; each row is {lo, hi, interior}");
      lo[k] = r[0]; hi[k] = r[1]; in[k] = r[2];
    }
    return new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(in));
  }

  /** Number of axes configured. */
  public int rank() { return lo.size(); }

  /** {@code ((lo0, hi0, in0), (lo1, hi1, in1))}; one axis prints with a trailing comma, as a Python tuple. */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int k = 0; k < rank(); k++)
      b.append(k > 0 ? ", " : "").append(Ints.of(lo.get(k), hi.get(k), interior.get(k)));
    if (rank() == 1) b.append(',');
    return b.append(')').toString();
  }
}
