package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The unit of semantics: a named operation with typed parameters (the record's components) and, in one file
 * per primitive, all of its rules.
 *
 * <p>Rules so far: the type rule {@link #outTypes} (shapes and dtypes; raises {@code ShapeError}/{@code DTypeError}
 * naming the primitive and both full types) and the eager implementation {@link #impl}, which calls a kernel in
 * {@code io.graft.numerics}. The transforms issue adds JVP, transpose and batching rules as further interface
 * methods, written with the strict ops of {@link LaxOps} (binding primitives, so that transforms nest).
 *
 * <p>The hierarchy is sealed: every consumer (printer, lowering, coverage test) switches over it exhaustively.
 * First-order, single-result primitives implement {@link Single}; higher-order ones (the jit call, cond, while,
 * scan, custom derivatives) will hold sub-graphs in their record components.
 */
public sealed interface Primitive permits Primitive.Single, HigherOrder {
  /** The printed name, e.g. {@code reduce_sum}. */
  String name();

  /** Parameters as printed between brackets after the name ({@code axes=(0,)}); empty when there are none. */
  default String params() { return ""; }

  /** Result types for these operand types; a {@code ShapeError}/{@code DTypeError} when they do not fit. */
  Vector<ShapedType> outTypes(Vector<ShapedType> in);

  /** Evaluates on concrete buffers whose types passed {@link #outTypes}. Inputs are never modified. */
  Vector<NdArray> impl(Vector<NdArray> in);

  /**
   * True when running this primitive does something besides computing its results ({@link DebugPrint}): graph
   * passes must then neither fold it at compile time, nor merge it with an equal equation, nor drop it when its
   * results are unused. Pure primitives (all others) keep the default.
   */
  default boolean hasEffect() { return false; }

  /** A primitive with exactly one result. */
  sealed interface Single extends Primitive permits Elementwise, Structural, Indexing, Reduction, Windowed, Linalg, Linear, Collective {
    /** The result type. */
    ShapedType type(Vector<ShapedType> in);

    /** The result. */
    NdArray eval(Vector<NdArray> in);

    @Override default Vector<ShapedType> outTypes(Vector<ShapedType> in) { return Vector.of(type(in)); }

    @Override default Vector<NdArray> impl(Vector<NdArray> in) { return Vector.of(eval(in)); }

    /**
     * JVP rule: the result's tangent given the primals, their tangents ({@code none} is a symbolic zero; at
     * least one is nonzero) and the primal result; {@code none} when the result's tangent is zero. Written with
     * {@link LaxOps} (so it is differentiable again) and linear in the tangents (so it can be transposed).
     */
    Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out);

    /**
     * Transpose rule of a primitive linear in the operands marked {@link LinearArg.Linear}: given the result's
     * cotangent, the cotangent of each operand ({@code none} for known operands and for zero cotangents).
     * Primitives that are not linear keep this default, which reports the misuse.
     */
    default Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
      throw new TransposeError(name() + " is not linear, so it has no transpose rule; operands " + args.map(LinearArg::type).mkString(", "));
    }

    /**
     * Batching rule: this primitive applied to {@code args} whose batch axes are {@code dims}
     * ({@link Batched#NOT_MAPPED} for operands without one; at least one is mapped) along a batch of {@code size},
     * with the result's batch axis.
     */
    Batched batch(Vector<Value> args, Ints dims, int size);
  }

  /**
   * A primitive linear in its first {@link #linearOperands} operands, the rest (start indices, the operand a
   * window selects by) passed through as primals: {@code jvp(p)(x; t) = p(t)} (JAX's {@code ad.deflinear}). Symbolic
   * zeros are instantiated only where another linear operand's tangent is nonzero; the tangent is zero for
   * non-floating results and when only the pass-through operands had tangents. Each record gives its transpose.
   */
  sealed interface Linear extends Single
      permits BroadcastInDim, Reshape, Squeeze, Transpose, Rev, Pad, Concatenate, Slice, DynamicSlice, DynamicUpdateSlice,
      SelectAndScatterAdd, SelectAndGatherAdd {
    /** How many leading operands, of {@code operands}, the primitive is linear in (the first one unless overridden). */
    default int linearOperands(int operands) { return 1; }

    @Override default Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
      int linear = linearOperands(primals.size());
      if (!out.type().dtype().isFloating() || tangents.take(linear).forAll(Option::isEmpty)) return Option.none();
      Value[] args = new Value[primals.size()];
      for (int i = 0; i < args.length; i++)
        args[i] = i < linear ? Tangents.instantiate(tangents.get(i), primals.get(i).type().strong()) : primals.get(i);
      return Option.of(Bind.bind1(this, args));
    }
  }
}
