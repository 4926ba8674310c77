package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The type rule, printing and eager evaluation of {@link DotGeneral}. */
class DotGeneralTypeTest {
  private static DotGeneral dg(Ints lc, Ints rc, Ints lb, Ints rb, DType p) { return new DotGeneral(lc, rc, lb, rb, p); }

  private static DotGeneral matmul(DType p) { return dg(Ints.of(1), Ints.of(0), Ints.of(), Ints.of(), p); }

  private static ShapedType type(DotGeneral p, ShapedType l, ShapedType r) { return p.type(Vector.of(l, r)); }

  private static ShapedType f32(int... dims) { return ShapedType.of(DType.F32, dims); }

  @Test void resultAxesAreBatchThenLhsFreeThenRhsFree() {
    assertEquals(f32(3, 5), type(matmul(DType.F32), f32(3, 4), f32(4, 5)));
    DotGeneral p = dg(Ints.of(1, 3), Ints.of(2, 0), Ints.of(2), Ints.of(1), DType.F32);
    assertEquals(f32(7, 2, 6), type(p, f32(2, 3, 7, 5), f32(5, 7, 3, 6)));
    assertEquals(f32(), type(dg(Ints.of(0), Ints.of(0), Ints.of(), Ints.of(), DType.F32), f32(4), f32(4)));
    assertEquals(f32(2, 3), type(dg(Ints.of(), Ints.of(), Ints.of(), Ints.of(), DType.F32), f32(2), f32(3)));
    assertEquals(f32(0, 5), type(matmul(DType.F32), f32(0, 4), f32(4, 5)));
  }

  @Test void printsLikeJax() {
    assertEquals("dot_general", matmul(DType.F32).name());
    assertEquals("dimension_numbers=(([1], [0]), ([], [])) preferred_element_type=f32", matmul(DType.F32).params());
    DotGeneral p = dg(Ints.of(1, 2), Ints.of(0, 1), Ints.of(0), Ints.of(2), DType.F64);
    assertEquals("dimension_numbers=(([1, 2], [0, 1]), ([0], [2])) preferred_element_type=f64", p.params());
  }

  @Test void resultIsWeakOnlyWhenBothOperandsAre() {
    ShapedType w = new ShapedType(Shape.of(2, 2), DType.F32, true);
    assertTrue(type(matmul(DType.F32), w, w).weak());
    assertFalse(type(matmul(DType.F32), w, f32(2, 2)).weak());
  }

  @Test void preferredElementTypeWidensTheResult() {
    assertEquals(ShapedType.of(DType.F64, 2, 2), type(matmul(DType.F64), f32(2, 2), f32(2, 2)));
    assertEquals(ShapedType.of(DType.I64, 2, 2), type(matmul(DType.I64), ShapedType.of(DType.I32, 2, 2), ShapedType.of(DType.I32, 2, 2)));
    assertEquals(ShapedType.of(DType.F32, 2, 2), type(matmul(DType.F32), ShapedType.of(DType.I32, 2, 2), ShapedType.of(DType.I32, 2, 2)));
  }

  @Test void evalAccumulatesInThePreferredType() {
    NdArray big = NdArray.wrap(Shape.of(1, 2), new int[] {1 << 30, 1 << 30});
    NdArray two = NdArray.wrap(Shape.of(2, 1), new int[] {2, 2});
    assertEquals(0, matmul(DType.I32).eval(Vector.of(big, two)).i32()[0]);            // 2^32 wraps in i32
    assertEquals(1L << 32, matmul(DType.I64).eval(Vector.of(big, two)).i64()[0]);
    NdArray a = NdArray.wrap(Shape.of(2, 2), new float[] {1, 2, 3, 4});
    assertArrayEquals(new double[] {7, 10, 15, 22}, matmul(DType.F64).eval(Vector.of(a, a)).f64());
  }

  private static void fails(Class<? extends Throwable> kind, Executable e, String... parts) {
    Throwable t = assertThrows(kind, e);
    assertTrue(t.getMessage().startsWith("dot_general: "), t.getMessage());
    for (String p : parts) assertTrue(t.getMessage().contains(p), "missing '" + p + "' in: " + t.getMessage());
  }

  @Test void contractingAndBatchExtentsMustAgree() {
    Throwable t = assertThrows(ShapeError.class, () -> type(matmul(DType.F32), f32(3, 4), f32(5, 6)));
    assertEquals("dot_general: contracting dims disagree: lhs f32[3,4] axis 1 (4) vs rhs f32[5,6] axis 0 (5)", t.getMessage());
    DotGeneral b = dg(Ints.of(2), Ints.of(1), Ints.of(0), Ints.of(0), DType.F32);
    fails(ShapeError.class, () -> type(b, f32(2, 3, 4), f32(5, 4, 6)), "batch dims disagree", "lhs f32[2,3,4] axis 0 (2)",
        "rhs f32[5,4,6] axis 0 (5)");
  }

  @Test void axisListsAreValidated() {
    fails(ShapeError.class, () -> type(dg(Ints.of(1), Ints.of(0, 1), Ints.of(), Ints.of(), DType.F32), f32(3, 4), f32(4, 5)),
        "as many contracting", "(([1], [0, 1]), ([], []))", "f32[3,4]", "f32[4,5]");
    fails(ShapeError.class, () -> type(dg(Ints.of(2), Ints.of(0), Ints.of(), Ints.of(), DType.F32), f32(3, 4), f32(4, 5)),
        "lhs axis 2", "out of range for rank 2", "f32[3,4]", "f32[4,5]");
    fails(ShapeError.class, () -> type(dg(Ints.of(0), Ints.of(0), Ints.of(), Ints.of(), DType.F32), f32(3, 4), f32(4, 5)),
        "contracting dims disagree");
    fails(ShapeError.class, () -> type(dg(Ints.of(0), Ints.of(0), Ints.of(0), Ints.of(1), DType.F32), f32(3, 4), f32(3, 4)),
        "lhs axis 0 in batch dims [0] is repeated");
    fails(ShapeError.class, () -> type(dg(Ints.of(0), Ints.of(-1), Ints.of(), Ints.of(), DType.F32), f32(3), f32(3)),
        "rhs axis -1", "out of range");
    fails(ShapeError.class, () -> matmul(DType.F32).type(Vector.of(f32(2, 2))), "expects 2 operand(s)");
  }

  @Test void dtypesAreValidated() {
    fails(DTypeError.class, () -> type(matmul(DType.F32), f32(2, 2), ShapedType.of(DType.F64, 2, 2)),
        "one dtype", "lhs f32[2,2]", "rhs f64[2,2]", "astype");
    fails(DTypeError.class, () -> type(matmul(DType.BOOL), ShapedType.of(DType.BOOL, 2, 2), ShapedType.of(DType.BOOL, 2, 2)),
        "bool", "bool[2,2]", "Np.int32");
    fails(DTypeError.class, () -> type(matmul(DType.F32), ShapedType.of(DType.F64, 2, 2), ShapedType.of(DType.F64, 2, 2)),
        "preferred_element_type=f32", "f64[2,2]");
    fails(DTypeError.class, () -> type(matmul(DType.I32), f32(2, 2), f32(2, 2)), "preferred_element_type=i32");
  }

  @Test void nullParametersAreRejected() {
    var e = assertThrows(NullPointerException.class, () -> new DotGeneral(null, Ints.of(), Ints.of(), Ints.of(), DType.F32));
    assertEquals("lhsContracting is null", e.getMessage());
  }
}
