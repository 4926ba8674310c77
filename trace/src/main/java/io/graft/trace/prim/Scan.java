package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code lax.scan}: {@code for i in 0..length: (c, y[i]) = body(consts, c, x[i])}, returning the final carry and the
 * stacked {@code y}; with {@code reverse} the steps run from {@code length - 1} down to 0 (and {@code y[i]} is still
 * the result of step {@code i}). Operands: {@code numConsts} loop invariants, {@code numCarry} initial carries, then
 * the {@code xs}, each with a leading axis of {@code length}. Results: the carries, then the {@code ys}, each with a
 * leading axis of {@code length}. Printed as JAX prints it: {@code scan[length=.. ... jaxpr={...}]}.
 *
 * <p>Transform rules ({@code io.graft.transforms.ControlFlowJvp}, {@code ControlFlowTranspose}, {@code ControlFlowBatch}): JVP is a scan of the body's JVP; reverse mode
 * splits it into a known scan that stacks the residuals of every step and a linear scan over them, whose transpose
 * is a scan running the other way (nothing is unrolled); batching maps the body.
 *
 * @param body      the body's graph: parameters (consts, carry, one slice of each x), results (carry, one y each)
 * @param numConsts leading loop-invariant operands
 * @param numCarry  carried operands after them
 * @param length    the number of steps
 * @param reverse   true to run the steps last to first
 * @param function  the user's function, as named in errors and printed
 */
public record Scan(Graph body, int numConsts, int numCarry, int length, boolean reverse, String function) implements ControlFlow {
  /** Validates. */
  public Scan {
    Objects.requireNonNull(body, "body is null");
    Objects.requireNonNull(function, "function is null");
    if (numConsts < 0 || numCarry < 0 || length < 0)
      throw new IllegalArgumentException("scan(" + function + "): negative counts (consts " + numConsts + ", carry "
          + numCarry + ", length " + length + ")");
  }

  @Override public String name() { return "scan"; }

  @Override public Vector<Graph> graphs() { return Vector.of(body); }

  @Override public String params() {
    return "length=" + length + " num_consts=" + numConsts + " num_carry=" + numCarry + " reverse=" + reverse
        + "\n  jaxpr=" + ControlFlow.nested(body) + "\n";
  }

  /** How many {@code xs} operands there are. */
  public int numXs() { return body.in().size() - numConsts - numCarry; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) {
    String op = "scan(" + function + ")";
    int fixed = numConsts + numCarry;
    if (in.size() < fixed) throw new ShapeError(op + ": needs " + fixed + " consts and carries, got " + in.size() + " operands");
    Vector<ShapedType> slices = in.drop(fixed).map(t -> {
      if (t.rank() == 0 || t.shape().dim(0) != length)
        throw new ShapeError(op + ": every xs operand needs a leading axis of the scan's length " + length + ", got " + t);
      return t.withShape(t.shape().drop(0)).strong();
    });
    Vector<ShapedType> carry = in.drop(numConsts).take(numCarry).map(ShapedType::strong);
    Vector<ShapedType> out = Calls.checkCall(op + " body", body, in.take(numConsts).appendAll(carry).appendAll(slices));
    if (out.size() < numCarry || !out.take(numCarry).equals(carry))
      throw new ShapeError(op + ": the body returns the carry " + out.take(numCarry).mkString("(", ", ", ")")
          + " but the carry is " + carry.mkString("(", ", ", ")") + "; the body must return the carry's types");
    return carry.appendAll(out.drop(numCarry).map(t -> t.withShape(t.shape().insert(0, length))));
  }

  @Override public Vector<NdArray> run(Vector<NdArray> in, Vector<Runner> subs) {
    Vector<NdArray> consts = in.take(numConsts);
    Vector<NdArray> carry = in.drop(numConsts).take(numCarry);
    Vector<NdArray> xs = in.drop(numConsts + numCarry);
    Vector<ShapedType> yTypes = body.outTypes().drop(numCarry);
    List<List<NdArray>> ys = new ArrayList<>();   // per y, the rows by step; local to this run
    for (int k = 0; k < yTypes.size(); k++) ys.add(new ArrayList<>(java.util.Collections.nCopies(length, null)));
    for (int s = 0; s < length; s++) {
      int i = reverse ? length - 1 - s : s;
      Vector<NdArray> x = xs.map(a -> row(a, i));
      Vector<NdArray> out = subs.head().apply(consts.appendAll(carry).appendAll(x));
      carry = out.take(numCarry);
      for (int k = 0; k < yTypes.size(); k++) ys.get(k).set(i, out.get(numCarry + k));
    }
    Vector<NdArray> stacked = Vector.empty();
    for (int k = 0; k < yTypes.size(); k++) stacked = stacked.append(stack(ys.get(k), yTypes.get(k)));
    return carry.appendAll(stacked);
  }

  /** Row {@code i} of {@code a} along its leading axis (a copy). */
  static NdArray row(NdArray a, int i) {
    var shape = a.shape().drop(0);
    int n = shape.size();
    Object store = NdArray.newStore(a.dtype(), n);
    System.arraycopy(a.store(), i * n, store, 0, n);
    return NdArray.wrapStore(a.dtype(), shape, store);
  }

  /** {@code rows} (each of type {@code t}) stacked along a new leading axis. */
  static NdArray stack(List<NdArray> rows, ShapedType t) {
    int n = t.shape().size();
    Object store = NdArray.newStore(t.dtype(), n * rows.size());
    for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i).astype(t.dtype()).store(), 0, store, i * n, n);
    return NdArray.wrapStore(t.dtype(), t.shape().insert(0, rows.size()), store);
  }
}
