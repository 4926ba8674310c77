package io.graft.trace.prim;

/** How {@link Gather} treats start indices whose window does not fit in the operand ({@code lax.GatherScatterMode}). */
public enum GatherMode {
  /** Clamp each start into {@code [0, dim - slice_size]}, so the whole window is in range. */
  CLIP("clip"),
  /**
   * Out-of-range windows read the fill value: {@link Gather#fillValue} when given, else NaN for floats, the minimum
   * value for integers, true for bool (JAX's {@code mode="fill"} with {@code fill_value=None}). Tangents are gathered
   * with fill value 0.
   */
  FILL("fill"),
  /** The caller promises in-range starts; Graft clamps (as XLA's CPU gather does), so this behaves as {@link #CLIP}. */
  PROMISE_IN_BOUNDS("promise_in_bounds");

  private final String printName;

  GatherMode(String printName) { this.printName = printName; }

  /** As printed in graphs: {@code clip}, {@code fill}, {@code promise_in_bounds}. */
  public String printName() { return printName; }

  /** True when out-of-range windows are filled rather than clamped. */
  public boolean fills() { return this == FILL; }
}
