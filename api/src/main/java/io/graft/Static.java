package io.graft;

import io.graft.trace.tree.StaticLeaf;
import java.util.Objects;

/**
 * A static argument ({@code jax.jit(static_argnums=...)}, done as a pytree position): a Java value that may sit
 * anywhere in a transformed function's argument tree, passed to the function as it is, never traced. Under
 * {@link Graft#jit} it is part of the cache key (compared with {@code equals}), so each distinct value traces and
 * compiles once and equal values hit the cache:
 * <pre>{@code
 * Jitted<Tuple2<Array, Static<Integer>>, Array> power =
 *     Graft.jit((Tuple2<Array, Static<Integer>> t) -> t._1.integerPow(t._2.value()));
 * power.apply(Tuple.of(x, Static.of(3)));      // traced for 3; Static.of(3) again hits the cache
 * }</pre>
 * Other transforms pass it through too ({@code grad} returns it unchanged in the gradient's tree; {@code vmap} does
 * not map it).
 *
 * @param value the value; its class must define value equality ({@code equals}/{@code hashCode}: strings, boxed
 *              numbers, enums, records of such, Vavr collections), or the cache could never hit
 * @param <T>   the value's type
 */
public record Static<T>(T value) implements StaticLeaf {
  /** Validates: non-null, with value equality. */
  public Static {
    Objects.requireNonNull(value, "value is null");
    if (value instanceof Array)
      throw new IllegalArgumentException("Static: an Array cannot be static; pass it as an ordinary argument");
    if (!definesEquals(value.getClass()))
      throw new IllegalArgumentException("Static: a " + value.getClass().getName() + " compares by identity (no equals/"
          + "hashCode of its own), so a jit cache keyed by it would never hit; use a record, a String, a boxed number or an enum");
  }

  private static boolean definesEquals(Class<?> c) {
    try {
      return c.getMethod("equals", Object.class).getDeclaringClass() != Object.class
          && c.getMethod("hashCode").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code Static(value)}. */
  public static <T> Static<T> of(T value) { return new Static<>(value); }
}
