package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The strict layer binds exactly: operands the NumPy layer ({@link Arith}) would promote or broadcast are rejected
 * with the primitive's own error, naming it and both full types; what the primitive itself allows (a rank-0 operand
 * of an elementwise op) goes through.
 */
class LaxOpsTest {
  private static final Value F32_3 = Const.of(NdArray.wrap(Shape.of(3), new float[] {1, 2, 3}));
  private static final Value F64_3 = Const.of(NdArray.wrap(Shape.of(3), new double[] {1, 2, 3}));
  private static final Value F32_2 = Const.of(NdArray.wrap(Shape.of(2), new float[] {1, 2}));
  private static final Value F32_2x3 = Const.of(NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6}));
  private static final Value I32_3 = Const.of(NdArray.wrap(Shape.of(3), new int[] {1, 2, 3}));

  private static void fails(Class<? extends IllegalArgumentException> kind, Executable body, String... fragments) {
    String m = assertThrows(kind, body).getMessage();
    for (String f : fragments) assertTrue(m.contains(f), "message lacks '" + f + "': " + m);
  }

  @Test void mixedDtypesAreRejectedNotPromoted() {
    fails(DTypeError.class, () -> LaxOps.mul(F32_3, F64_3), "mul:", "f32[3]", "f64[3]");
    assertEquals(DType.F64, Arith.mul(F32_3, F64_3).type().dtype());       // the NumPy layer promotes
  }

  @Test void aWeakLiteralOfAnotherDtypeIsRejected() {
    Value two = new Const(NdArray.scalarLong(DType.I32, 2), true);
    fails(DTypeError.class, () -> LaxOps.add(F32_3, two), "add:", "f32[3]", "i32[]");
    assertEquals(DType.F32, Arith.add(F32_3, two).type().dtype());
  }

  @Test void shapesAreNotBroadcast() {
    fails(ShapeError.class, () -> LaxOps.add(F32_3, F32_2), "add:", "f32[3]", "f32[2]");
    fails(ShapeError.class, () -> LaxOps.sub(F32_2x3, F32_3), "sub:", "f32[2,3]", "f32[3]");
    fails(ShapeError.class, () -> LaxOps.gt(F32_2x3, F32_3), "gt:", "f32[2,3]", "f32[3]");
    assertEquals(ShapedType.of(DType.F32, 2, 3), Arith.sub(F32_2x3, F32_3).type());
  }

  @Test void aRankZeroOperandOfTheOperandsDtypeBroadcastsAsThePrimitiveDefines() {
    Value y = LaxOps.mul(F32_3, LaxOps.lit(F32_3, 2));
    assertEquals(ShapedType.of(DType.F32, 3), y.type());
    assertArrayEquals(new float[] {2, 4, 6}, ((Const) y).array().f32());
  }

  @Test void selectWantsABoolPredicateAndCasesOfOneDtype() {
    Value pred = LaxOps.gt(F32_3, LaxOps.lit(F32_3, 1.5));
    fails(DTypeError.class, () -> LaxOps.select(pred, F32_3, F64_3), "select_n:", "f32[3]", "f64[3]");
    fails(DTypeError.class, () -> LaxOps.select(I32_3, F32_3, F32_3), "select_n:", "i32[3]");
    assertArrayEquals(new float[] {0, 2, 3}, ((Const) LaxOps.select(pred, F32_3, LaxOps.scalar(DType.F32, 0))).array().f32());
  }

  @Test void integerOnlyAndFloatOnlyDomainsAreThePrimitivesOwn() {
    fails(DTypeError.class, () -> LaxOps.integerPow(I32_3, -1), "integer_pow:", "i32[3]");
    fails(DTypeError.class, () -> LaxOps.sin(I32_3), "sin:", "i32[3]");
    fails(DTypeError.class, () -> LaxOps.and(F32_3, F32_3), "and:", "f32[3]");
  }

  @Test void structuralOpsCheckTheirParameters() {
    fails(ShapeError.class, () -> LaxOps.reshape(F32_2x3, Shape.of(4)), "reshape:", "f32[2,3]");
    fails(ShapeError.class, () -> LaxOps.transpose(F32_2x3, Ints.of(0, 0)), "transpose:", "f32[2,3]");
    fails(ShapeError.class, () -> LaxOps.broadcastInDim(F32_3, Shape.of(2, 4), Ints.of(1)), "broadcast_in_dim:", "f32[3]");
  }

  @Test void identityReshapesTransposesAndConversionsBindNothing() {
    assertSame(F32_2x3, LaxOps.reshape(F32_2x3, Shape.of(2, 3)));
    assertSame(F32_2x3, LaxOps.transpose(F32_2x3, Ints.of(0, 1)));
    assertSame(F32_3, LaxOps.rev(F32_3, Ints.of()));
    assertSame(F32_3, LaxOps.convert(F32_3, DType.F32));
    Value weak = LaxOps.lit(F32_3, 1);
    Value strong = LaxOps.convert(weak, DType.F32);
    assertFalse(strong.type().weak());
    assertEquals(DType.F64, LaxOps.convert(F32_3, DType.F64).type().dtype());
  }
}
