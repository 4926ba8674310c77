package io.graft.trace;

import io.graft.numerics.NdArray;
import java.util.Objects;

/**
 * A concrete value: a buffer plus its weakness (a Java literal's {@code Const} is weak).
 *
 * <p>Equality is a record's: equal buffers and equal weakness. The type is computed once, on first use, and kept:
 * eager dispatch reads it several times per op (promotion, the type rule), and a fresh {@link ShapedType} each time
 * was a large share of an eager op's allocation. (The cache is racy but benign, as in {@code String.hashCode}: every
 * thread computes an equal, immutable value.)
 */
public final class Const implements Value {
  private final NdArray array;
  private final boolean weak;
  private ShapedType type;

  /**
   * A constant.
   *
   * @param array the buffer (immutable)
   * @param weak  true for a Java literal
   */
  public Const(NdArray array, boolean weak) {
    this.array = Objects.requireNonNull(array, "array is null");
    this.weak = weak;
  }

  /**
   * A constant whose type a type rule has just computed: {@code type} is kept when it describes {@code array}
   * (its shape and dtype), so eager dispatch does not build it again on first use; otherwise it is computed as usual.
   */
  Const(NdArray array, ShapedType type) {
    this(array, type.weak());
    if (type.dtype() == array.dtype() && type.shape().equals(array.shape())) this.type = type;
  }

  /** A strongly typed constant. */
  public static Const of(NdArray array) { return new Const(array, false); }

  /** The buffer (immutable). */
  public NdArray array() { return array; }

  /** True for a Java literal. */
  public boolean weak() { return weak; }

  @Override public ShapedType type() {
    ShapedType t = type;
    if (t == null) type = t = new ShapedType(array.shape(), array.dtype(), weak);
    return t;
  }

  @Override public boolean equals(Object o) { return o instanceof Const c && weak == c.weak && array.equals(c.array); }

  @Override public int hashCode() { return 31 * array.hashCode() + Boolean.hashCode(weak); }

  @Override public String toString() { return "Const[array=" + array + ", weak=" + weak + "]"; }
}
