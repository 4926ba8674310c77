package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The type rule and printing of {@link ConvGeneralDilated}, and its parameter records. */
class ConvGeneralDilatedTypeTest {
  private static ShapedType f32(int... dims) { return ShapedType.of(DType.F32, dims); }

  private static ConvGeneralDilated conv(Ints strides, Padding pad, Ints ld, Ints rd, ConvDims dn, int fg, int bg) {
    return new ConvGeneralDilated(strides, pad, ld, rd, dn, fg, bg);
  }

  private static ConvGeneralDilated plain2d() {
    return conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 1, 1);
  }

  private static ShapedType type(ConvGeneralDilated c, ShapedType l, ShapedType r) { return c.type(Vector.of(l, r)); }

  @Test void printsLikeJax() {
    assertEquals("conv_general_dilated", plain2d().name());
    assertEquals("window_strides=(1, 1) padding=((0, 0), (0, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) "
        + "dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(0, 1, 2, 3), out_spec=(0, 1, 2, 3)) "
        + "feature_group_count=1 batch_group_count=1", plain2d().params());
    ConvGeneralDilated c = conv(Ints.of(2), Padding.of(new int[] {1, 2}), Ints.of(1), Ints.of(3), ConvDims.defaults(3), 1, 1);
    assertTrue(c.params().startsWith("window_strides=(2,) padding=((1, 2),) lhs_dilation=(1,) rhs_dilation=(3,) "), c.params());
  }

  @Test void outputShapesFollowXla() {
    assertEquals(f32(2, 4, 6, 6), type(plain2d(), f32(2, 3, 8, 8), f32(4, 3, 3, 3)));
    ConvGeneralDilated strided = conv(Ints.of(2, 3), Padding.of(new int[] {1, 1}, new int[] {0, 2}), Ints.of(1, 1),
        Ints.of(1, 1), ConvDims.defaults(4), 1, 1);
    assertEquals(f32(1, 2, 4, 3), type(strided, f32(1, 1, 8, 7), f32(2, 1, 3, 3)));      // (8+2-3)/2+1, (7+2-3)/3+1
    ConvGeneralDilated up = conv(Ints.of(1), Padding.of(new int[] {2, 2}), Ints.of(2), Ints.of(1), ConvDims.defaults(3), 1, 1);
    assertEquals(f32(1, 1, 9), type(up, f32(1, 1, 4), f32(1, 1, 3)));                    // dilated 7 + 4 - 3 + 1
    ConvGeneralDilated atrous = conv(Ints.of(1), Padding.none(1), Ints.of(1), Ints.of(2), ConvDims.defaults(3), 1, 1);
    assertEquals(f32(1, 1, 6), type(atrous, f32(1, 1, 10), f32(1, 1, 3)));
    ConvGeneralDilated crop = conv(Ints.of(1), Padding.of(new int[] {-1, -2}), Ints.of(1), Ints.of(1), ConvDims.defaults(3), 1, 1);
    assertEquals(f32(1, 1, 5), type(crop, f32(1, 1, 10), f32(1, 1, 3)));
    ConvGeneralDilated tooSmall = conv(Ints.of(1), Padding.none(1), Ints.of(1), Ints.of(1), ConvDims.defaults(3), 1, 1);
    assertEquals(f32(1, 1, 0), type(tooSmall, f32(1, 1, 2), f32(1, 1, 3)));
  }

  @Test void layoutsAndGroups() {
    ConvGeneralDilated nhwc = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1),
        ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1);
    assertEquals(f32(2, 6, 5, 4), type(nhwc, f32(2, 8, 7, 3), f32(3, 3, 3, 4)));
    ConvGeneralDilated depthwise = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 6, 1);
    assertEquals(f32(1, 12, 3, 3), type(depthwise, f32(1, 6, 5, 5), f32(12, 1, 3, 3)));
    ConvGeneralDilated batchGroups = conv(Ints.of(1), Padding.none(1), Ints.of(1), Ints.of(1), ConvDims.defaults(3), 1, 3);
    assertEquals(f32(2, 6, 4), type(batchGroups, f32(6, 5, 6), f32(6, 5, 3)));
    ConvGeneralDilated threeD = conv(Ints.of(1, 1, 1), Padding.none(3), Ints.of(1, 1, 1), Ints.of(1, 1, 1), ConvDims.defaults(5), 1, 1);
    assertEquals(f32(1, 2, 2, 3, 4), type(threeD, f32(1, 1, 3, 4, 5), f32(2, 1, 2, 2, 2)));
    ConvGeneralDilated noSpatial = conv(Ints.of(), Padding.none(0), Ints.of(), Ints.of(), ConvDims.defaults(2), 1, 1);
    assertEquals(f32(5, 4), type(noSpatial, f32(5, 3), f32(4, 3)));
  }

  private static void fails(Class<? extends Throwable> kind, Executable e, String... parts) {
    Throwable t = assertThrows(kind, e);
    assertTrue(t.getMessage().startsWith("conv_general_dilated: "), t.getMessage());
    for (String p : parts) assertTrue(t.getMessage().contains(p), "missing '" + p + "' in: " + t.getMessage());
  }

  @Test void operandErrorsNameBothTypes() {
    fails(DTypeError.class, () -> type(plain2d(), f32(1, 1, 3, 3), ShapedType.of(DType.F64, 1, 1, 3, 3)), "one dtype",
        "f32[1,1,3,3]", "f64[1,1,3,3]");
    fails(DTypeError.class, () -> type(plain2d(), ShapedType.of(DType.BOOL, 1, 1, 3, 3), ShapedType.of(DType.BOOL, 1, 1, 3, 3)),
        "bool[1,1,3,3]");
    fails(ShapeError.class, () -> type(plain2d(), f32(1, 1, 3), f32(1, 1, 3, 3)), "rank 4", "f32[1,1,3]", "f32[1,1,3,3]");
    String both = "lhs f32[1,4,5,5], rhs f32[6,2,3,3]";
    ConvGeneralDilated g2 = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 2, 1);
    assertEquals(f32(1, 6, 3, 3), type(g2, f32(1, 4, 5, 5), f32(6, 2, 3, 3)));
    fails(ShapeError.class, () -> type(plain2d(), f32(1, 4, 5, 5), f32(6, 2, 3, 3)), "feature_group_count=1", both);
    ConvGeneralDilated g4 = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 4, 1);
    fails(ShapeError.class, () -> type(g4, f32(1, 4, 5, 5), f32(6, 1, 3, 3)), "multiple of feature_group_count=4");
    ConvGeneralDilated b4 = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 1, 4);
    fails(ShapeError.class, () -> type(b4, f32(4, 2, 5, 5), f32(6, 2, 3, 3)), "multiple of batch_group_count=4");
    fails(ShapeError.class, () -> type(b4, f32(6, 2, 5, 5), f32(8, 2, 3, 3)), "lhs batch axis 0 (6)", "batch_group_count=4");
    ConvGeneralDilated both2 = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 2, 2);
    fails(ShapeError.class, () -> type(both2, f32(2, 4, 5, 5), f32(4, 2, 3, 3)), "at most one");
    ConvGeneralDilated zero = conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 0, 1);
    fails(ShapeError.class, () -> type(zero, f32(2, 4, 5, 5), f32(4, 2, 3, 3)), "must be positive");
  }

  @Test void parameterErrorsNameTheParameter() {
    ShapedType x = f32(1, 1, 5, 5), w = f32(1, 1, 3, 3);
    ConvDims d = ConvDims.defaults(4);
    fails(ShapeError.class, () -> type(conv(Ints.of(1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), d, 1, 1), x, w),
        "window_strides (1,)", "f32[1,1,5,5]");
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 0), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), d, 1, 1), x, w),
        "window_strides (1, 0) must be positive");
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 1), Padding.none(2), Ints.of(0, 1), Ints.of(1, 1), d, 1, 1), x, w),
        "lhs_dilation");
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1), d, 1, 1), x, w),
        "rhs_dilation");
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 1), Padding.none(1), Ints.of(1, 1), Ints.of(1, 1), d, 1, 1), x, w),
        "padding ((0, 0),)");
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 1), Padding.of(new int[] {-3, -3}, new int[] {0, 0}), Ints.of(1, 1),
        Ints.of(1, 1), d, 1, 1), x, w), "negative padding");
    ConvDims bad = new ConvDims(Ints.of(0, 1, 2, 2), Ints.range(4), Ints.range(4));
    fails(ShapeError.class, () -> type(conv(Ints.of(1, 1), Padding.none(2), Ints.of(1, 1), Ints.of(1, 1), bad, 1, 1), x, w),
        "lhs_spec (0, 1, 2, 2) must be a permutation");
  }

  @Test void convDimsFromLayoutStrings() {
    assertEquals(new ConvDims(Ints.of(0, 3, 1, 2), Ints.of(3, 2, 0, 1), Ints.of(0, 3, 1, 2)), ConvDims.of("NHWC", "HWIO", "NHWC"));
    assertEquals(ConvDims.defaults(4), ConvDims.of("NCHW", "OIHW", "NCHW"));
    assertEquals(new ConvDims(Ints.of(0, 1, 3, 2), Ints.range(4), Ints.range(4)), ConvDims.of("NCWH", "OIHW", "NCHW"));
    assertEquals(ConvDims.defaults(5), ConvDims.of("NCDHW", "OIDHW", "NCDHW"));
    assertEquals("ConvDimensionNumbers(lhs_spec=(0, 2, 1), rhs_spec=(2, 1, 0), out_spec=(0, 2, 1))",
        ConvDims.of("NWC", "WIO", "NWC").toString());
    fails(ShapeError.class, () -> ConvDims.of("NHWC", "HWIO", "NHW"), "one length");
    fails(ShapeError.class, () -> ConvDims.of("NHWW", "HWIO", "NHWC"), "'NHWW'");
    fails(ShapeError.class, () -> ConvDims.of("NHWC", "HXIO", "NHWC"), "same spatial letters");
    fails(ShapeError.class, () -> new ConvDims(Ints.of(0), Ints.of(0), Ints.of(0)), "length >= 2");
  }

  @Test void paddingRecord() {
    assertEquals("((0, 1), (2, 3))", Padding.of(new int[] {0, 1}, new int[] {2, 3}).toString());
    assertEquals("((4, 5),)", Padding.of(new int[] {4, 5}).toString());
    assertEquals("()", Padding.none(0).toString());
    assertThrows(ShapeError.class, () -> Padding.of(new int[] {1, 2, 3}));
    assertThrows(ShapeError.class, () -> new Padding(Ints.of(1), Ints.of()));
  }
}
