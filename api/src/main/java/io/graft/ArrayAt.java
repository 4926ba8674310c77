package io.graft;

import io.graft.trace.ops.Shapes;
import java.util.Objects;

/**
 * An index into an {@link Array} along axis 0, waiting for an update: JAX's {@code x.at[i]}. Nothing is mutated:
 * {@code x.at(1).set(0.0)} returns a new array equal to {@code x} except that {@code x[1]} is {@code 0}.
 *
 * <pre>{@code
 * Array x = Array.of(new float[] {1, 2, 3});
 * x.at(-1).set(9.0);    // [1. 2. 9.]   (negative indices count from the end)
 * x.at(0).add(10.0);    // [11. 2. 3.]
 * }</pre>
 * The value is converted to {@code x}'s dtype and broadcast to the shape of {@code x[i]}; an index outside
 * {@code [-n, n)} is a {@link io.graft.numerics.ShapeError}. Updates are staged as {@code dynamic_update_slice}.
 */
public final class ArrayAt {
  private final Array x;
  private final int index;

  ArrayAt(Array x, int index) {
    this.x = x;
    this.index = index;
  }

  private static io.graft.trace.Value v(Array a) { return Objects.requireNonNull(a, "v is null").value(); }

  /** {@code x} with {@code x[i] = v}. */
  public Array set(Array v) { return new Array(Shapes.atSet(x.value(), index, v(v))); }

  /** {@code x} with {@code x[i] = v} (a weak literal). */
  public Array set(double v) { return new Array(Shapes.atSet(x.value(), index, Array.literal(v))); }

  /** {@code x} with {@code x[i] = v} (a weak literal). */
  public Array set(long v) { return new Array(Shapes.atSet(x.value(), index, Array.literal(v))); }

  /** {@code x} with {@code x[i] += v}. */
  public Array add(Array v) { return new Array(Shapes.atAdd(x.value(), index, v(v))); }

  /** {@code x} with {@code x[i] += v} (a weak literal). */
  public Array add(double v) { return new Array(Shapes.atAdd(x.value(), index, Array.literal(v))); }

  /** {@code x} with {@code x[i] += v} (a weak literal). */
  public Array add(long v) { return new Array(Shapes.atAdd(x.value(), index, Array.literal(v))); }

  @Override public String toString() { return "ArrayAt[" + index + "] of " + x.value().type(); }
}
