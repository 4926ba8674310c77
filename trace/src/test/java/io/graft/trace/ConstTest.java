package io.graft.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import org.junit.jupiter.api.Test;

/**
 * {@link Const}'s type: the one a type rule computed is kept when it describes the buffer (eager dispatch then builds
 * no second {@link ShapedType} per result), any other is ignored in favour of the buffer's own; equality is unchanged.
 */
class ConstTest {
  private static final NdArray X = NdArray.wrap(Shape.of(3), new float[] {1, 2, 3});

  @Test void aMatchingRuleTypeIsKept() {
    ShapedType t = new ShapedType(Shape.of(3), DType.F32, true);
    Const c = new Const(X, t);
    assertSame(t, c.type());
    assertEquals(new Const(X, true), c);
  }

  @Test void aTypeThatDoesNotDescribeTheBufferIsIgnored() {
    ShapedType wrongShape = new ShapedType(Shape.of(1, 3), DType.F32, false), wrongDtype = new ShapedType(Shape.of(3), DType.F64, false);
    assertEquals(new ShapedType(Shape.of(3), DType.F32, false), new Const(X, wrongShape).type());
    assertEquals(new ShapedType(Shape.of(3), DType.F32, false), new Const(X, wrongDtype).type());
    assertNotSame(wrongShape, new Const(X, wrongShape).type());
  }

  @Test void eagerResultsCarryTheirRuleType() {
    Value y = Bind.bind1(new Binary(BinaryOp.MUL), Const.of(X), new Const(NdArray.wrap(Shape.scalar(), new float[] {2}), true));
    assertEquals(new ShapedType(Shape.of(3), DType.F32, false), y.type());
    assertEquals(4f, ((Const) y).array().f32()[1]);
  }
}
