package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/**
 * Specs for the linalg family (dot_general, conv_general_dilated). Besides covering the records, they cover the
 * parameter variants that the generic rule checks (jvp, transpose, vmap, second order) must see: several
 * contracting axes paired out of order, several batch axes, no contraction, a wider preferred_element_type;
 * convolutions with strides that leave input unread, positive and negative padding, lhs and rhs dilation,
 * feature groups (grouped and depthwise), batch groups, and non-default layouts.
 */
final class LinalgSpecs {
  private LinalgSpecs() {}

  /** Deterministic, varied values in [-1, 1] (zeros would hide wrong derivatives). */
  static NdArray data(DType dtype, int seed, int... shape) {
    Shape s = Shape.of(shape);
    double[] d = new double[s.size()];
    for (int i = 0; i < d.length; i++) d[i] = Math.sin(1.7 * i + 0.9 * seed + 0.3);
    return NdArray.wrap(s, d).astype(dtype);
  }

  private static NdArray f32(int seed, int... shape) { return data(DType.F32, seed, shape); }

  private static NdArray f64(int seed, int... shape) { return data(DType.F64, seed, shape); }

  private static DotGeneral dot(Ints lc, Ints rc, Ints lb, Ints rb, DType p) { return new DotGeneral(lc, rc, lb, rb, p); }

  private static ConvGeneralDilated conv(int[] strides, Padding pad, int[] lhsDil, int[] rhsDil, ConvDims dn, int fg, int bg) {
    return new ConvGeneralDilated(Ints.of(strides), pad, Ints.of(lhsDil), Ints.of(rhsDil), dn, fg, bg);
  }

  static List<Spec> specs() {
    NdArray ai = NdArray.wrap(Shape.of(2, 2), new int[] {1, 2, 3, 4});
    int[] one2 = {1, 1};
    return List.of(
        // dot_general: matmul; contracting (3, 0) paired with (0, 2) plus a batch axis; two batch axes paired out of
        // order; an outer product; f32 operands accumulated in f64; integer operands
        Spec.of(dot(Ints.of(1), Ints.of(0), Ints.of(), Ints.of(), DType.F64), f64(1, 2, 3), f64(2, 3, 2)),
        Spec.of(dot(Ints.of(3, 0), Ints.of(0, 2), Ints.of(1), Ints.of(3), DType.F64), f64(3, 3, 2, 4, 5), f64(4, 5, 6, 3, 2)),
        Spec.of(dot(Ints.of(1), Ints.of(1), Ints.of(0, 2), Ints.of(3, 0), DType.F64), f64(5, 2, 3, 4), f64(6, 4, 3, 5, 2)),
        Spec.of(dot(Ints.of(), Ints.of(), Ints.of(), Ints.of(), DType.F64), f64(7, 3), f64(8, 2)),
        Spec.of(dot(Ints.of(0), Ints.of(0), Ints.of(), Ints.of(), DType.F64), f32(9, 3, 2), f32(10, 3, 4)),
        Spec.of(dot(Ints.of(1), Ints.of(0), Ints.of(0), Ints.of(1), DType.I64), ai, ai),
        // conv_general_dilated: strides, uneven padding and rhs dilation (NCHW)
        Spec.of(conv(new int[] {1, 2}, Padding.of(new int[] {1, 0}, new int[] {0, 1}), one2, new int[] {1, 2},
            ConvDims.defaults(4), 1, 1), f64(11, 1, 2, 4, 4), f64(12, 3, 2, 2, 2)),
        // lhs dilation, negative padding, stride 2 (NHWC, HWIO)
        Spec.of(conv(new int[] {2, 1}, Padding.of(new int[] {-1, 1}, new int[] {1, -1}), new int[] {2, 1}, one2,
            ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1), f64(13, 2, 5, 4, 2), f64(14, 2, 2, 2, 3)),
        // 1-D, stride 3 leaving the last input element unread, output in another layout than the input
        Spec.of(conv(new int[] {3}, Padding.none(1), new int[] {1}, new int[] {1}, ConvDims.of("NWC", "WIO", "NCW"), 1, 1),
            f64(15, 2, 8, 3), f64(16, 3, 3, 2)),
        // feature groups (NCHW, stride 2, padding 1)
        Spec.of(conv(new int[] {2, 2}, Padding.of(new int[] {1, 1}, new int[] {1, 1}), one2, one2, ConvDims.defaults(4), 2, 1),
            f64(17, 2, 4, 5, 5), f64(18, 6, 2, 3, 3)),
        // feature groups with the kernel's features last (NHWC, HWIO)
        Spec.of(conv(new int[] {1, 1}, Padding.of(new int[] {0, 1}, new int[] {1, 0}), one2, one2,
            ConvDims.of("NHWC", "HWIO", "NHWC"), 2, 1), f64(19, 2, 3, 3, 4), f64(20, 2, 2, 2, 6)),
        // depthwise with lhs and rhs dilation
        Spec.of(conv(new int[] {1, 2}, Padding.of(new int[] {1, 0}, new int[] {0, 0}), new int[] {1, 2}, new int[] {2, 1},
            ConvDims.defaults(4), 3, 1), f64(21, 1, 3, 4, 3), f64(22, 3, 1, 2, 2)),
        // batch groups (NCHW, rhs dilation)
        Spec.of(conv(one2, Padding.none(2), one2, new int[] {2, 1}, ConvDims.defaults(4), 1, 2),
            f64(23, 4, 3, 5, 4), f64(24, 4, 3, 2, 2)),
        // batch groups in channels-last layouts, strided
        Spec.of(conv(new int[] {2, 1}, Padding.of(new int[] {0, 1}, new int[] {1, 1}), one2, one2,
            ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 2), f64(25, 4, 3, 3, 2), f64(26, 2, 2, 2, 4)),
        // f32 operands
        Spec.of(conv(one2, Padding.none(2), one2, one2, ConvDims.defaults(4), 1, 1), f32(27, 1, 2, 3, 3), f32(28, 2, 2, 2, 2)),
        // window reversal (what the jit folds a kernel's rev into): both axes with strides, padding and rhs dilation;
        // one axis with lhs dilation (NHWC, HWIO); one axis with feature groups; the other with batch groups
        Spec.of(conv(new int[] {1, 2}, Padding.of(new int[] {1, 0}, new int[] {0, 1}), one2, new int[] {1, 2},
            ConvDims.defaults(4), 1, 1).withWindowReversal(Ints.of(0, 1)), f64(29, 1, 2, 4, 4), f64(30, 3, 2, 2, 3)),
        Spec.of(conv(new int[] {2, 1}, Padding.of(new int[] {-1, 1}, new int[] {1, -1}), new int[] {2, 1}, one2,
            ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1).withWindowReversal(Ints.of(1)), f64(31, 2, 5, 4, 2), f64(32, 2, 3, 2, 3)),
        Spec.of(conv(new int[] {2, 2}, Padding.of(new int[] {1, 1}, new int[] {1, 1}), one2, one2, ConvDims.defaults(4), 2, 1)
            .withWindowReversal(Ints.of(0)), f64(33, 2, 4, 5, 5), f64(34, 6, 2, 3, 2)),
        Spec.of(conv(new int[] {2, 1}, Padding.of(new int[] {0, 1}, new int[] {1, 1}), one2, one2,
            ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 2).withWindowReversal(Ints.of(1)), f64(35, 4, 3, 3, 2), f64(36, 2, 3, 2, 4)));
  }
}
