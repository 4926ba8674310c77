package io.graft.nn;

import io.graft.trace.prim.Padding;
import java.util.Objects;

/**
 * How a convolution or pool pads its spatial axes: {@link #SAME} (output size {@code ceil(in / stride)}, the extra
 * element after, as {@code lax.padtype_to_pads}), {@link #VALID} (no padding) or {@link #of explicit} {@code (lo, hi)}
 * pairs per spatial axis.
 */
public sealed interface Pad {
  /** {@code "SAME"}: padding so that the output has {@code ceil(in / stride)} positions. */
  Pad SAME = new Same();
  /** {@code "VALID"}: no padding. */
  Pad VALID = new Valid();

  /**
   * Explicit padding, one {@code (lo, hi)} pair per spatial axis.
   *
   * @param pairs {@code {{lo0, hi0}, {lo1, hi1}, ...}}
   * @return the padding
   */
  static Pad of(int[]... pairs) { return new Explicit(Padding.of(pairs)); }

  /** {@code "SAME"} padding. */
  record Same() implements Pad {
    @Override public String toString() { return "SAME"; }
  }

  /** {@code "VALID"} padding (none). */
  record Valid() implements Pad {
    @Override public String toString() { return "VALID"; }
  }

  /**
   * Explicit {@code (lo, hi)} padding per spatial axis.
   *
   * @param padding the pairs
   */
  record Explicit(Padding padding) implements Pad {
    /** Validates. */
    public Explicit { Objects.requireNonNull(padding, "padding is null"); }

    @Override public String toString() { return padding.toString(); }
  }
}
