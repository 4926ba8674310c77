package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import io.graft.trace.Value;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Java literals that an integer dtype cannot hold raise a DTypeError (JAX: OverflowError) instead of wrapping. */
class LiteralOverflowTest {
  private static final Value I32 = Const.of(NdArray.wrap(Shape.of(3), new int[] {1, 2, 3}));
  private static final Value I64 = Const.of(NdArray.wrap(Shape.of(3), new long[] {1, 2, 3}));
  private static final Value BOOL = Const.of(NdArray.wrap(Shape.of(3), new boolean[] {true, false, true}));
  private static final long BIG = 10_000_000_000L;

  private static Value lit(long v) { return new Const(NdArray.wrap(Shape.scalar(), new long[] {v}), true); }

  private static Value lit(double v) { return new Const(NdArray.wrap(Shape.scalar(), new double[] {v}), true); }

  private static NdArray arr(Value v) { return ((Const) v).array(); }

  private static void overflows(String op, Supplier<Value> f, String literal, String dtype) {
    var e = assertThrows(DTypeError.class, f::get);
    String m = e.getMessage();
    assertTrue(m.startsWith(op + ": the Java literal " + literal + " does not fit " + dtype), m);
    assertTrue(m.contains("OverflowError"), m);
  }

  @Test void longLiteralsBeyondI32RaiseInEveryElementwiseOp() {
    overflows("add", () -> Arith.add(I32, lit(BIG)), "10000000000", "i32");
    overflows("sub", () -> Arith.sub(I32, lit(BIG)), "10000000000", "i32");
    overflows("mul", () -> Arith.mul(lit(-BIG), I32), "-10000000000", "i32");
    overflows("max", () -> Arith.maximum(I32, lit(1L << 31)), "2147483648", "i32");
    overflows("lt", () -> Logic.lt(I32, lit(BIG)), "10000000000", "i32");
    overflows("eq", () -> Logic.eq(I32, lit(BIG)), "10000000000", "i32");
    overflows("where", () -> Logic.where(BOOL, I32, lit(BIG)), "10000000000", "i32");
    var e = assertThrows(DTypeError.class, () -> Arith.add(I32, lit(BIG)));
    assertTrue(e.getMessage().contains("got operands i32[3], a literal, which promote to i32"), e.getMessage());
    assertTrue(e.getMessage().contains("cast the array to i64 first (x.astype(Np.int64))"), e.getMessage());
  }

  @Test void boolArraysMeetIntegerLiteralsInI32() {
    overflows("add", () -> Arith.add(BOOL, lit(BIG)), "10000000000", "i32");
    assertArrayEquals(new int[] {6, 5, 6}, arr(Arith.add(BOOL, lit(5L))).i32());
  }

  @Test void doublesConvertedToIntegerDTypesMustBeInRange() {
    overflows("pad", () -> Shapes.pad(I32, new int[][] {{1, 0}}, lit(1e10)), "1.0E10", "i32");
    overflows("pad", () -> Shapes.pad(I64, new int[][] {{1, 0}}, lit(Double.NaN)), "NaN", "i64");
    overflows("pad", () -> Shapes.pad(I64, new int[][] {{1, 0}}, lit(0x1p63)), "9.223372036854776E18", "i64");
    assertArrayEquals(new int[] {7, 1, 2, 3}, arr(Shapes.pad(I32, new int[][] {{1, 0}}, lit(7.0))).i32());
  }

  @Test void inRangeLiteralsStillWorkExactly() {
    Value x = Const.of(NdArray.wrap(Shape.of(3), new int[] {0, -1, -2}));
    assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 2},
        arr(Arith.add(x, lit((long) Integer.MAX_VALUE))).i32());
    assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 2},
        arr(Arith.add(Const.of(NdArray.wrap(Shape.of(3), new int[] {0, 1, 2})), lit((long) Integer.MIN_VALUE))).i32());
    long big = (1L << 60) + 1;                                 // above 2^53: exact only without a detour through double
    assertArrayEquals(new long[] {big + 1, big + 2, big + 3}, arr(Arith.add(I64, lit(big))).i64());
    assertArrayEquals(new long[] {BIG + 1, BIG + 2, BIG + 3}, arr(Arith.add(I64, lit(BIG))).i64());
    assertEquals(DType.F32, Arith.add(I32, lit(1e10)).type().dtype());   // a float literal makes the result float
  }
}
