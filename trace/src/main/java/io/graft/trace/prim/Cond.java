package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.DTypeError;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code lax.switch} / {@code lax.cond}: {@code branches[clamp(index, 0, n - 1)](operands)}, only the chosen branch
 * running. Operands: the {@code i32[]} index, then the branches' common operands (closed-over values of every branch
 * first; a branch ignores the others'). {@code cond(pred, t, f)} is {@code switch(int(pred), (f, t))}, as in JAX.
 * Printed as JAX prints it: {@code cond[branches=( {...} {...} )] index ops}.
 *
 * <p>Type rule: every branch takes the operands' types and all branches return the same types. Rules for the
 * transforms: {@code io.graft.transforms.ControlFlowJvp}, {@code ControlFlowTranspose}, {@code ControlFlowBatch} (JVP: a cond of the branches' JVPs; reverse mode: a
 * known cond returning every branch's residuals, the untaken zero-filled, and a linear cond over them; batching: a
 * cond of batched branches, or both branches and a select when the index is batched).
 *
 * @param branches the branches' graphs (at least one), parameters and results of equal types
 * @param function the user's functions, as named in errors and printed
 */
public record Cond(Vector<Graph> branches, String function) implements ControlFlow {
  /** Validates. */
  public Cond {
    Objects.requireNonNull(branches, "branches is null");
    Objects.requireNonNull(function, "function is null");
    if (branches.isEmpty()) throw new IllegalArgumentException("cond(" + function + "): needs at least one branch");
  }

  @Override public String name() { return "cond"; }

  @Override public Vector<Graph> graphs() { return branches; }

  @Override public String params() {
    StringBuilder b = new StringBuilder("branches=(");
    for (Graph g : branches) b.append("\n  ").append(ControlFlow.nested(g));
    return b.append("\n)").toString();
  }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) {
    if (in.isEmpty() || in.head().rank() != 0 || in.head().dtype() != DType.I32)
      throw new DTypeError("cond(" + function + "): the branch index must be an i32[] scalar, got "
          + (in.isEmpty() ? "no operands" : in.head().toString()) + "; convert a bool predicate with convert_element_type");
    Vector<ShapedType> out = Calls.checkCall("cond(" + function + ") branch 0", branches.head(), in.tail());
    for (int i = 1; i < branches.size(); i++) {
      Vector<ShapedType> other = Calls.checkCall("cond(" + function + ") branch " + i, branches.get(i), in.tail());
      if (!other.equals(out))
        throw new ShapeError("cond(" + function + "): branch " + i + " returns " + other.mkString("(", ", ", ")")
            + " but branch 0 returns " + out.mkString("(", ", ", ")") + "; every branch must return the same types");
    }
    return out;
  }

  /** The branch index {@code index} selects: clamped into {@code [0, n)} (JAX's {@code switch} clamps too). */
  public int clamp(long index) { return (int) Math.max(0, Math.min(branches.size() - 1, index)); }

  @Override public Vector<NdArray> run(Vector<NdArray> in, Vector<Runner> subs) {
    return subs.get(clamp(in.head().getLong(0))).apply(in.tail());
  }
}
