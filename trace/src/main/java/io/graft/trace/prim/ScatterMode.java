package io.graft.trace.prim;

/** How {@link ScatterAdd} treats scatter indices whose window does not fit in the operand. */
public enum ScatterMode {
  /** Clamp each start into {@code [0, dim - window]}, so the whole window lands in range. */
  CLIP("clip"),
  /** Drop the whole update window when its start is out of range (JAX's default for scatters). */
  FILL_OR_DROP("fill_or_drop");

  private final String printName;

  ScatterMode(String printName) { this.printName = printName; }

  /** As printed in graphs: {@code clip}, {@code fill_or_drop}. */
  public String printName() { return printName; }
}
