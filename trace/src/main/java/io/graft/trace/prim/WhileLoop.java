package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code lax.while_loop}: {@code c = init; while (cond(c)) c = body(c); return c}. Operands: {@code condConsts}
 * values closed over by {@code cond}, {@code bodyConsts} closed over by {@code body}, then the carry. Printed as JAX
 * prints it: {@code while[cond_nconsts=.. body_nconsts=.. cond_jaxpr={...} body_jaxpr={...}]}.
 *
 * <p>Type rule: {@code cond} maps the carry to a {@code bool[]}; {@code body} maps the carry to the carry's types.
 * Transform rules ({@code io.graft.transforms.ControlFlowJvp}, {@code ControlFlowTranspose}, {@code ControlFlowBatch}): JVP carries the tangents through the body's JVP;
 * batching with a batched predicate runs until every lane is done, finished lanes frozen by a select; reverse mode
 * is an error (the trip count is data-dependent: use {@code scan} / {@code foriLoop} with static bounds).
 *
 * @param cond       the predicate's graph: {@code condConsts} parameters, then the carry; result {@code bool[]}
 * @param body       the body's graph: {@code bodyConsts} parameters, then the carry; results the new carry
 * @param condConsts how many leading operands are {@code cond}'s closed-over values
 * @param bodyConsts how many operands after those are {@code body}'s closed-over values
 * @param function   the user's functions, as named in errors and printed
 */
public record WhileLoop(Graph cond, Graph body, int condConsts, int bodyConsts, String function) implements ControlFlow {
  /** Validates. */
  public WhileLoop {
    Objects.requireNonNull(cond, "cond is null");
    Objects.requireNonNull(body, "body is null");
    Objects.requireNonNull(function, "function is null");
    if (condConsts < 0 || bodyConsts < 0) throw new IllegalArgumentException("while: negative const counts");
  }

  @Override public String name() { return "while"; }

  @Override public Vector<Graph> graphs() { return Vector.of(cond, body); }

  @Override public String params() {
    return "body_nconsts=" + bodyConsts + " cond_nconsts=" + condConsts
        + "\n  cond_jaxpr=" + ControlFlow.nested(cond) + "\n  body_jaxpr=" + ControlFlow.nested(body) + "\n";
  }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) {
    if (in.size() < condConsts + bodyConsts)
      throw new ShapeError("while(" + function + "): needs " + (condConsts + bodyConsts) + " closed-over operands, got " + in.size());
    Vector<ShapedType> carry = in.drop(condConsts + bodyConsts).map(ShapedType::strong);
    Vector<ShapedType> p = Calls.checkCall("while(" + function + ") cond", cond, in.take(condConsts).appendAll(carry));
    if (p.size() != 1 || p.head().rank() != 0 || p.head().dtype() != DType.BOOL)
      throw new DTypeError("while(" + function + "): the condition must return one bool[] scalar, got " + p.mkString("(", ", ", ")"));
    Vector<ShapedType> next = Calls.checkCall("while(" + function + ") body", body, in.drop(condConsts).take(bodyConsts).appendAll(carry));
    if (!next.equals(carry))
      throw new ShapeError("while(" + function + "): the body returns " + next.mkString("(", ", ", ")") + " but the carry is "
          + carry.mkString("(", ", ", ")") + "; the body must return the carry's types");
    return carry;
  }

  @Override public Vector<NdArray> run(Vector<NdArray> in, Vector<Runner> subs) {
    Vector<NdArray> cc = in.take(condConsts), bc = in.drop(condConsts).take(bodyConsts);
    Vector<NdArray> carry = in.drop(condConsts + bodyConsts);
    while (subs.get(0).apply(cc.appendAll(carry)).head().getBoolean(0)) carry = subs.get(1).apply(bc.appendAll(carry));
    return carry;
  }
}
