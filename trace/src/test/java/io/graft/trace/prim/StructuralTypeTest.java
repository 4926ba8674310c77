package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** Type rules, printed names/parameters, weak-type propagation and every error path of the structural primitives. */
class StructuralTypeTest {
  static final ShapedType F23 = ShapedType.of(DType.F32, 2, 3), F13 = ShapedType.of(DType.F32, 1, 3);
  static final ShapedType F0 = ShapedType.of(DType.F32), I0 = ShapedType.of(DType.I32), L0 = ShapedType.of(DType.I64);

  static ShapedType type(Primitive.Single p, ShapedType... in) { return p.type(Vector.of(in)); }

  static ShapedType weak(ShapedType t) { return new ShapedType(t.shape(), t.dtype(), true); }

  /** Asserts {@code f} throws {@code type} with a message that names every fragment. */
  static <T extends Throwable> void fails(Class<T> type, Executable f, String... fragments) {
    T e = assertThrows(type, f);
    for (String s : fragments) assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
  }

  @Test void namesAndParamsPrintAsInJax() {
    assertEquals("squeeze dimensions=(0,)", print(new Squeeze(Ints.of(0))));
    assertEquals("transpose permutation=(1, 0)", print(new Transpose(Ints.of(1, 0))));
    assertEquals("rev dimensions=(0,)", print(new Rev(Ints.of(0))));
    assertEquals("pad padding_config=((1, 1, 0),)", print(new Pad(PadConfig.of(new int[][] {{1, 1, 0}}))));
    assertEquals("pad padding_config=((1, -1, 0), (0, 0, 2))", print(new Pad(PadConfig.of(new int[][] {{1, -1, 0}, {0, 0, 2}}))));
    assertEquals("concatenate dimension=0", print(new Concatenate(0)));
    assertEquals("slice start_indices=(1,) limit_indices=(3,) strides=None", print(Slice.of(Ints.of(1), Ints.of(3))));
    assertEquals("slice start_indices=(0, 1) limit_indices=(2, 3) strides=(1, 2)",
        print(new Slice(Ints.of(0, 1), Ints.of(2, 3), Ints.of(1, 2))));
    assertEquals("dynamic_slice slice_sizes=(2,)", print(new DynamicSlice(Ints.of(2))));
    assertEquals("dynamic_update_slice ", print(new DynamicUpdateSlice()));
    assertEquals("iota dtype=i32 shape=(3,) dimension=0", print(new Iota(DType.I32, Shape.of(3), 0)));
  }

  private static String print(Primitive p) { return p.name() + " " + p.params(); }

  @Test void parametersHaveValueEquality() {
    assertEquals(new Pad(PadConfig.of(new int[][] {{1, 2, 0}})), new Pad(new PadConfig(Ints.of(1), Ints.of(2), Ints.of(0))));
    assertNotEquals(PadConfig.of(new int[][] {{1, 2, 0}}), PadConfig.of(new int[][] {{1, 2, 1}}));
    assertEquals(Slice.of(Ints.of(1), Ints.of(2)), new Slice(Ints.of(1), Ints.of(2), Ints.of(1)));
    assertEquals(new Transpose(Ints.of(1, 0)).hashCode(), new Transpose(Ints.of(1, 0)).hashCode());
  }

  @Test void resultTypes() {
    assertEquals(ShapedType.of(DType.F32, 3), type(new Squeeze(Ints.of(0)), F13));
    assertEquals(ShapedType.of(DType.F32, 3, 2), type(new Transpose(Ints.of(1, 0)), F23));
    assertEquals(F23, type(new Rev(Ints.of(1)), F23));
    assertEquals(ShapedType.of(DType.F32, 4, 6), type(new Pad(PadConfig.of(new int[][] {{1, 1, 0}, {-1, 0, 2}})), F23, F0));
    assertEquals(ShapedType.of(DType.F32, 2, 6), type(new Concatenate(1), F23, F23));
    assertEquals(ShapedType.of(DType.F32, 1, 1), type(new Slice(Ints.of(1, 0), Ints.of(2, 3), Ints.of(1, 3)), F23));
    assertEquals(ShapedType.of(DType.F32, 1, 2), type(new Slice(Ints.of(1, 0), Ints.of(2, 3), Ints.of(1, 2)), F23));
    assertEquals(ShapedType.of(DType.F32, 2, 2), type(new DynamicSlice(Ints.of(2, 2)), F23, I0, I0));
    assertEquals(F23, type(new DynamicUpdateSlice(), F23, F13, L0, L0));
    assertEquals(ShapedType.of(DType.F64, 2, 4), type(new Iota(DType.F64, Shape.of(2, 4), 1)));
  }

  @Test void structuralOpsKeepTheOperandsWeakness() {
    ShapedType w = weak(F23);
    assertTrue(type(new Transpose(Ints.of(1, 0)), w).weak());
    assertTrue(type(new Rev(Ints.of(0)), w).weak());
    assertTrue(type(Slice.of(Ints.of(0, 0), Ints.of(1, 1)), w).weak());
    assertTrue(type(new Squeeze(Ints.of(0)), weak(F13)).weak());
    assertTrue(type(new DynamicSlice(Ints.of(1, 1)), w, I0, I0).weak());
    assertTrue(type(new Pad(PadConfig.of(new int[][] {{0, 0, 0}, {0, 0, 0}})), w, weak(F0)).weak());
    assertFalse(type(new Pad(PadConfig.of(new int[][] {{0, 0, 0}, {0, 0, 0}})), w, F0).weak());
    assertTrue(type(new Concatenate(0), w, w).weak());
    assertFalse(type(new Concatenate(0), w, F23).weak());
    assertFalse(type(new DynamicUpdateSlice(), w, F23, I0, I0).weak());
    assertFalse(type(new Iota(DType.I32, Shape.of(2), 0)).weak());
  }

  @Test void squeezeErrors() {
    fails(ShapeError.class, () -> type(new Squeeze(Ints.of(1)), F23), "squeeze", "f32[2,3]", "extent 3", "extent 1");
    fails(ShapeError.class, () -> type(new Squeeze(Ints.of(2)), F23), "squeeze", "f32[2,3]", "axis 2");
    fails(ShapeError.class, () -> type(new Squeeze(Ints.of(-1)), F23), "squeeze", "f32[2,3]");
    fails(ShapeError.class, () -> type(new Squeeze(Ints.of(0, 0)), F13), "squeeze", "f32[1,3]", "repeats axis 0");
    fails(ShapeError.class, () -> type(new Squeeze(Ints.of(0)), F13, F13), "squeeze", "expects 1 operand");
  }

  @Test void transposeAndRevErrors() {
    fails(ShapeError.class, () -> type(new Transpose(Ints.of(0)), F23), "transpose", "f32[2,3]", "(0,)", "(0, 1)");
    fails(ShapeError.class, () -> type(new Transpose(Ints.of(1, 1)), F23), "transpose", "f32[2,3]", "(1, 1)");
    fails(ShapeError.class, () -> type(new Transpose(Ints.of(0, 2)), F23), "transpose", "permutation");
    fails(ShapeError.class, () -> type(new Rev(Ints.of(2)), F23), "rev", "f32[2,3]", "dimensions (2,)");
    fails(ShapeError.class, () -> type(new Rev(Ints.of(1, 1)), F23), "rev", "f32[2,3]", "repeats axis 1");
  }

  @Test void padErrors() {
    PadConfig ok = PadConfig.of(new int[][] {{0, 0, 0}, {0, 0, 0}});
    fails(ShapeError.class, () -> type(new Pad(ok), F23, ShapedType.of(DType.F32, 1)), "pad", "f32[1]", "f32[2,3]", "rank-0");
    fails(DTypeError.class, () -> type(new Pad(ok), F23, I0), "pad", "f32[2,3]", "i32[]");
    fails(ShapeError.class, () -> type(new Pad(PadConfig.of(new int[][] {{0, 0, 0}})), F23, F0), "pad", "f32[2,3]", "1 row(s)", "rank 2");
    fails(ShapeError.class, () -> type(new Pad(PadConfig.of(new int[][] {{0, 0, 0}, {0, 0, -1}})), F23, F0), "pad", "f32[2,3]", "interior", ">= 0");
    fails(ShapeError.class, () -> type(new Pad(PadConfig.of(new int[][] {{0, 0, 0}, {-2, -2, 0}})), F23, F0), "pad", "f32[2,3]", "extent -1");
    fails(ShapeError.class, () -> new PadConfig(Ints.of(1), Ints.of(1, 2), Ints.of(0)), "pad", "(1, 2)", "one (lo, hi, interior) per axis");
    fails(ShapeError.class, () -> PadConfig.of(new int[][] {{1, 2}}), "pad", "row 0", "{lo, hi, interior}");
    fails(ShapeError.class, () -> type(new Pad(ok), F23), "pad", "expects 2 operand");
  }

  @Test void concatenateErrors() {
    fails(ShapeError.class, () -> type(new Concatenate(0)), "concatenate", "at least one");
    fails(ShapeError.class, () -> type(new Concatenate(2), F23, F23), "concatenate", "dimension 2", "f32[2,3], f32[2,3]");
    fails(ShapeError.class, () -> type(new Concatenate(0), F0, F0), "concatenate", "rank-0");
    fails(DTypeError.class, () -> type(new Concatenate(0), F23, ShapedType.of(DType.I32, 2, 3)), "concatenate", "f32[2,3], i32[2,3]");
    fails(ShapeError.class, () -> type(new Concatenate(0), F23, ShapedType.of(DType.F32, 6)), "concatenate", "f32[2,3], f32[6]", "rank");
    fails(ShapeError.class, () -> type(new Concatenate(0), F23, ShapedType.of(DType.F32, 2, 4)), "concatenate", "f32[2,3], f32[2,4]", "axis 1");
  }

  @Test void sliceErrors() {
    fails(ShapeError.class, () -> type(Slice.of(Ints.of(0), Ints.of(1)), F23), "slice", "f32[2,3]", "rank 2", "start_indices (0,)");
    fails(ShapeError.class, () -> type(Slice.of(Ints.of(-1, 0), Ints.of(1, 1)), F23), "slice", "f32[2,3]", "axis 0", "[-1, 1)");
    fails(ShapeError.class, () -> type(Slice.of(Ints.of(0, 2), Ints.of(1, 1)), F23), "slice", "f32[2,3]", "axis 1", "start <= limit");
    fails(ShapeError.class, () -> type(Slice.of(Ints.of(0, 0), Ints.of(3, 1)), F23), "slice", "f32[2,3]", "axis 0", "limit <= 2");
    fails(ShapeError.class, () -> type(new Slice(Ints.of(0, 0), Ints.of(1, 1), Ints.of(1, 0)), F23), "slice", "f32[2,3]", "stride 0");
  }

  @Test void dynamicSliceErrors() {
    DynamicSlice ds = new DynamicSlice(Ints.of(1, 1));
    fails(ShapeError.class, () -> type(ds), "dynamic_slice", "no operands");
    fails(ShapeError.class, () -> type(ds, F23, I0), "dynamic_slice", "f32[2,3]", "1 start index");
    fails(ShapeError.class, () -> type(ds, F23, I0, ShapedType.of(DType.I32, 1)), "dynamic_slice", "i32[1]", "rank-0");
    fails(DTypeError.class, () -> type(ds, F23, I0, F0), "dynamic_slice", "i32[], f32[]", "f32[2,3]", "integers");
    fails(DTypeError.class, () -> type(ds, F23, I0, L0), "dynamic_slice", "i32[], i64[]", "one dtype");
    fails(ShapeError.class, () -> type(new DynamicSlice(Ints.of(1)), F23, I0, I0), "dynamic_slice", "f32[2,3]", "slice_sizes (1,)");
    fails(ShapeError.class, () -> type(new DynamicSlice(Ints.of(1, 4)), F23, I0, I0), "dynamic_slice", "f32[2,3]", "axis 1");
  }

  @Test void dynamicUpdateSliceErrors() {
    DynamicUpdateSlice dus = new DynamicUpdateSlice();
    fails(ShapeError.class, () -> type(dus, F23), "dynamic_update_slice", "f32[2,3]", "an update");
    fails(DTypeError.class, () -> type(dus, F23, ShapedType.of(DType.I32, 1, 3), I0, I0), "dynamic_update_slice", "i32[1,3]", "f32[2,3]");
    fails(ShapeError.class, () -> type(dus, F23, ShapedType.of(DType.F32, 3), I0, I0), "dynamic_update_slice", "f32[3]", "f32[2,3]", "rank");
    fails(ShapeError.class, () -> type(dus, F23, ShapedType.of(DType.F32, 3, 3), I0, I0), "dynamic_update_slice", "f32[3,3]", "f32[2,3]", "axis 0");
    fails(ShapeError.class, () -> type(dus, F23, F13, I0), "dynamic_update_slice", "f32[2,3]", "1 start index");
    fails(DTypeError.class, () -> type(dus, F23, F13, I0, ShapedType.of(DType.BOOL)), "dynamic_update_slice", "bool[]");
  }

  @Test void iotaErrors() {
    fails(DTypeError.class, () -> type(new Iota(DType.BOOL, Shape.of(3), 0)), "iota", "bool", "[3]");
    fails(ShapeError.class, () -> type(new Iota(DType.I32, Shape.of(3), 1)), "iota", "dimension 1", "i32[3]");
    fails(ShapeError.class, () -> type(new Iota(DType.I32, Shape.scalar(), 0)), "iota", "dimension 0", "i32[]");
    fails(ShapeError.class, () -> type(new Iota(DType.I32, Shape.of(3), 0), I0), "iota", "expects 0 operand");
  }

  @Test void evalReadsIndexOperandsOfEitherIntegerWidth() {
    NdArray x = NdArray.wrap(Shape.of(5), new int[] {0, 1, 2, 3, 4});
    NdArray a = new DynamicSlice(Ints.of(2)).eval(Vector.of(x, NdArray.scalarLong(DType.I64, -3)));
    assertArrayEquals(new int[] {0, 1}, a.i32());
    NdArray b = new DynamicSlice(Ints.of(2)).eval(Vector.of(x, NdArray.scalarLong(DType.I32, 3)));
    assertArrayEquals(new int[] {3, 4}, b.i32());
    NdArray c = new DynamicUpdateSlice().eval(Vector.of(x, NdArray.wrap(Shape.of(2), new int[] {9, 9}), NdArray.scalarLong(DType.I64, 99)));
    assertArrayEquals(new int[] {0, 1, 2, 9, 9}, c.i32());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, x.i32(), "operand unchanged");
  }
}
