package io.graft.trace;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A graph variable. Its {@code id} is globally unique (one process-wide counter, one of Graft's four allowed
 * globals), so variables of nested traces can never be confused; printed names ({@code a}, {@code b}, ...) are
 * assigned by the printer.
 *
 * @param id   process-unique identity
 * @param type the variable's abstract value
 */
public record Var(long id, ShapedType type) implements Atom {
  private static final AtomicLong NEXT = new AtomicLong();

  /** Validates. */
  public Var { Objects.requireNonNull(type, "type is null"); }

  /** A fresh variable of {@code type}. */
  public static Var fresh(ShapedType type) { return new Var(NEXT.incrementAndGet(), type); }

  /**
   * The id's hash: ids are unique, so this spreads as well as the record's default, which also hashed the type
   * (shape array included) on every map lookup of the backward pass. Consistent with the record's equality.
   */
  @Override public int hashCode() { return Long.hashCode(id); }

  @Override public String toString() { return "v" + id + ":" + type; }
}
