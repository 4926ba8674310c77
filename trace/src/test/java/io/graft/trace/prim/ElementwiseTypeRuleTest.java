package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Domain;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The elementwise family's type rules: results, weak types, printed names and parameters, and every error path. */
class ElementwiseTypeRuleTest {
  private static final ShapedType F32_3 = ShapedType.of(DType.F32, 3);
  private static final ShapedType F32_S = ShapedType.of(DType.F32);
  private static final ShapedType WEAK_F32 = new ShapedType(Shape.scalar(), DType.F32, true);
  private static final ShapedType I32_3 = ShapedType.of(DType.I32, 3);
  private static final ShapedType BOOL_3 = ShapedType.of(DType.BOOL, 3);

  private static ShapedType type(Primitive.Single p, ShapedType... in) { return p.type(Vector.of(in)); }

  /** Asserts {@code body} throws {@code kind} whose message contains every fragment. */
  private static <T extends Throwable> void fails(Class<T> kind, Executable body, String... fragments) {
    String m = assertThrows(kind, body).getMessage();
    for (String f : fragments) assertTrue(m.contains(f), "message lacks '" + f + "': " + m);
  }

  @Test void unaryKeepsTypeAndWeakness() {
    assertEquals(F32_3, type(new Unary(UnaryOp.SIN), F32_3));
    assertEquals(WEAK_F32, type(new Unary(UnaryOp.EXP), WEAK_F32));
    assertEquals(I32_3, type(new Unary(UnaryOp.NEG), I32_3));
    assertEquals(BOOL_3, type(new Unary(UnaryOp.NOT), BOOL_3));
    assertEquals(ShapedType.of(DType.BOOL), type(new Unary(UnaryOp.IS_FINITE), WEAK_F32));
  }

  @Test void unaryNamesAndParams() {
    assertEquals("erf_inv", new Unary(UnaryOp.ERF_INV).name());
    assertEquals("is_finite", new Unary(UnaryOp.IS_FINITE).name());
    assertEquals("round", new Unary(UnaryOp.ROUND).name());
    assertEquals("rounding_method=0", new Unary(UnaryOp.ROUND).params());
    assertEquals("rounding_method=1", new Unary(UnaryOp.ROUND_EVEN).params());
    assertEquals("", new Unary(UnaryOp.SIN).params());
    assertEquals("integer_pow", new IntegerPow(3).name());
    assertEquals("y=-2", new IntegerPow(-2).params());
  }

  @Test void unaryRejectsDtypesOutsideItsDomain() {
    fails(DTypeError.class, () -> type(new Unary(UnaryOp.SIN), I32_3), "sin", "i32[3]", "floating", "astype(Np.float32)");
    fails(DTypeError.class, () -> type(new Unary(UnaryOp.NEG), BOOL_3), "neg", "bool[3]", "numeric");
    fails(DTypeError.class, () -> type(new Unary(UnaryOp.NOT), F32_3), "not", "f32[3]", "integer or bool");
    fails(ShapeError.class, () -> type(new Unary(UnaryOp.SIN), F32_3, F32_3), "sin", "expects 1");
  }

  @Test void binaryBroadcastsRankZeroAndTracksWeakness() {
    assertEquals(F32_3, type(new Binary(BinaryOp.ADD), F32_3, WEAK_F32));
    assertEquals(WEAK_F32, type(new Binary(BinaryOp.MUL), WEAK_F32, WEAK_F32));
    assertEquals(BOOL_3, type(new Binary(BinaryOp.AND), BOOL_3, BOOL_3));
    assertEquals(BOOL_3, type(new Binary(BinaryOp.MAX), BOOL_3, BOOL_3));
    assertEquals("nextafter", new Binary(BinaryOp.NEXTAFTER).name());
  }

  @Test void binaryErrorsNameTheOpAndBothTypes() {
    fails(DTypeError.class, () -> type(new Binary(BinaryOp.ADD), F32_3, I32_3), "add", "f32[3], i32[3]", "astype");
    fails(ShapeError.class, () -> type(new Binary(BinaryOp.SUB), F32_3, ShapedType.of(DType.F32, 4)), "sub", "f32[3], f32[4]");
    fails(DTypeError.class, () -> type(new Binary(BinaryOp.ADD), BOOL_3, BOOL_3), "add", "bool[3]", "logicalOr");
    fails(DTypeError.class, () -> type(new Binary(BinaryOp.POW), I32_3, I32_3), "pow", "i32[3]", "floating");
    fails(DTypeError.class, () -> type(new Binary(BinaryOp.XOR), F32_3, F32_3), "xor", "f32[3]", "integer or bool");
    fails(ShapeError.class, () -> type(new Binary(BinaryOp.ADD), F32_3), "add", "expects 2");
  }

  @Test void compareGivesStrongBool() {
    assertEquals(BOOL_3, type(new Compare(CompareOp.LT), F32_3, WEAK_F32));
    assertEquals(ShapedType.of(DType.BOOL), type(new Compare(CompareOp.EQ), WEAK_F32, WEAK_F32));
    assertEquals(BOOL_3, type(new Compare(CompareOp.NE), BOOL_3, BOOL_3));
    assertEquals("ge", new Compare(CompareOp.GE).name());
    fails(DTypeError.class, () -> type(new Compare(CompareOp.GT), F32_3, I32_3), "gt", "f32[3], i32[3]");
    fails(ShapeError.class, () -> type(new Compare(CompareOp.GT), F32_3, ShapedType.of(DType.F32, 2, 3)), "gt", "f32[3], f32[2,3]");
  }

  @Test void integerPowRules() {
    assertEquals(I32_3, type(new IntegerPow(5), I32_3));
    assertEquals(WEAK_F32, type(new IntegerPow(-1), WEAK_F32));
    fails(DTypeError.class, () -> type(new IntegerPow(-2), I32_3), "integer_pow", "y=-2", "i32[3]", "floating");
    fails(DTypeError.class, () -> type(new IntegerPow(2), BOOL_3), "integer_pow", "bool[3]", "numeric");
  }

  @Test void selectNRules() {
    assertEquals(F32_3, type(new SelectN(), BOOL_3, WEAK_F32, F32_3));
    assertEquals(new ShapedType(Shape.of(3), DType.F32, true), type(new SelectN(), BOOL_3, WEAK_F32, WEAK_F32));
    assertEquals(F32_3, type(new SelectN(), ShapedType.of(DType.BOOL), F32_3, F32_3));
    assertEquals(F32_3, type(new SelectN(), I32_3, F32_3, F32_3, F32_S));
    assertEquals(F32_3, type(new SelectN(), ShapedType.of(DType.I32), F32_3));
    fails(DTypeError.class, () -> type(new SelectN(), F32_3, F32_3, F32_3), "select_n", "which must be bool or i32", "f32[3]");
    fails(ShapeError.class, () -> type(new SelectN(), BOOL_3, F32_3, F32_3, F32_3), "select_n", "exactly 2 cases", "got 3");
    fails(DTypeError.class, () -> type(new SelectN(), BOOL_3, F32_3, I32_3), "select_n", "share one dtype", "f32[3], i32[3]");
    fails(ShapeError.class, () -> type(new SelectN(), BOOL_3, F32_3, ShapedType.of(DType.F32, 4)), "select_n", "bool[3], f32[3], f32[4]");
    fails(ShapeError.class, () -> type(new SelectN(), ShapedType.of(DType.BOOL, 4), F32_3, F32_3), "select_n", "bool[4]");
    fails(ShapeError.class, () -> type(new SelectN(), BOOL_3), "select_n", "at least one case");
  }

  @Test void clampRules() {
    assertEquals(F32_3, type(new Clamp(), F32_S, F32_3, F32_S));
    assertEquals(F32_3, type(new Clamp(), F32_3, F32_3, F32_3));
    assertFalse(type(new Clamp(), WEAK_F32, F32_3, WEAK_F32).weak());
    fails(DTypeError.class, () -> type(new Clamp(), F32_S, I32_3, F32_S), "clamp", "f32[], i32[3], f32[]");
    fails(DTypeError.class, () -> type(new Clamp(), ShapedType.of(DType.BOOL), BOOL_3, ShapedType.of(DType.BOOL)), "clamp", "bool[3]", "numeric");
    fails(ShapeError.class, () -> type(new Clamp(), ShapedType.of(DType.F32, 2), F32_3, F32_S), "clamp", "f32[2], f32[3], f32[]", "rank-0 or have x's shape");
    fails(ShapeError.class, () -> type(new Clamp(), F32_S, F32_3), "clamp", "expects 3");
  }

  @Test void stopGradientAndConvertKeepShape() {
    assertEquals(WEAK_F32, type(new StopGradient(), WEAK_F32));
    assertEquals("stop_gradient", new StopGradient().name());
    assertEquals(ShapedType.of(DType.I64, 3), type(new ConvertElementType(DType.I64, false), F32_3));
    fails(ShapeError.class, () -> type(new StopGradient()), "stop_gradient", "expects 1");
  }

  @Test void domainsFollowLax() {
    for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.SIGN, UnaryOp.ABS, UnaryOp.SQUARE}) assertEquals(Domain.NUMERIC, op.domain(), op.name());
    assertEquals(Domain.INTEGRAL_OR_BOOL, UnaryOp.NOT.domain());
    for (UnaryOp op : UnaryOp.values())
      if (op != UnaryOp.NEG && op != UnaryOp.SIGN && op != UnaryOp.ABS && op != UnaryOp.SQUARE && op != UnaryOp.NOT)
        assertEquals(Domain.FLOAT, op.domain(), op.name());
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.REM}) assertEquals(Domain.NUMERIC, op.domain(), op.name());
    for (BinaryOp op : new BinaryOp[] {BinaryOp.POW, BinaryOp.ATAN2, BinaryOp.NEXTAFTER}) assertEquals(Domain.FLOAT, op.domain(), op.name());
    for (BinaryOp op : new BinaryOp[] {BinaryOp.AND, BinaryOp.OR, BinaryOp.XOR}) assertEquals(Domain.INTEGRAL_OR_BOOL, op.domain(), op.name());
    assertEquals(Domain.ANY, BinaryOp.MAX.domain());
    assertEquals(Domain.ANY, BinaryOp.MIN.domain());
  }
}
