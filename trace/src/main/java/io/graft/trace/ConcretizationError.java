package io.graft.trace;

/**
 * Data was needed where only a type is known: a traced value used as a Java number or boolean, or an abstract
 * ({@code ShapeDtype}) array used outside tracing.
 */
public class ConcretizationError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public ConcretizationError(String message) { super(message); }

  /** The error for {@code what} (e.g. {@code item()}) applied to a tracer. */
  public static ConcretizationError traced(Tracer t, String what) {
    return new ConcretizationError(t.trace().main().describe() + ": " + what + " needs a concrete value, but this "
        + t.type() + " is traced, so its value is not known yet; for a data-dependent branch compute both sides and "
        + "pick by data with Np.where(cond, x, y), or Lax.selectN(which, cases...) among several; for a branch that "
        + "should run only one side use Lax.cond(pred, trueFn, falseFn, operand) or Lax.switchCase, for a loop on "
        + "traced values Lax.whileLoop(condFn, bodyFn, init), Lax.foriLoop or Lax.scan(f, init, xs); keep Java "
        + "control flow (if, for) on static shapes and values");
  }

  /** The error for an abstract value reaching code that needs its data. */
  public static ConcretizationError abstractValue(Abstract a, String where) {
    return new ConcretizationError(where + ": the abstract array " + a.type() + " (made from a ShapeDtype) has no data; "
        + "pass it as an argument to Graft.makeGraph(f) to trace f, or build a concrete Array to compute with");
  }
}
