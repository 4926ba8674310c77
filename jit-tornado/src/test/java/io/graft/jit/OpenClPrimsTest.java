package io.graft.jit;

import static io.graft.jit.OpenClExecutableTest.agrees;
import static io.graft.jit.OpenClExecutableTest.device;
import static io.graft.jit.OpenClExecutableTest.graph;
import static io.graft.jit.OpenClExecutableTest.sample;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Indexing;
import io.graft.trace.ops.Linalg;
import io.graft.trace.ops.Reduce;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.GatherDims;
import io.graft.trace.prim.GatherMode;
import io.graft.trace.prim.Padding;
import io.graft.trace.prim.ScatterDims;
import io.graft.trace.prim.ScatterMode;
import io.graft.trace.prim.WindowOp;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/**
 * The primitives with their own OpenCL kernels ({@link io.graft.jit.opencl.OpenClPrims}) against the CPU jit on fixed
 * small shapes: convolutions of every parameter kind, windows and the max-pool gradient, gathers and scatter-adds
 * (clamped, filled, dropped, duplicates, overlapping windows), reversal, static and dynamic slices (starts clamped),
 * concatenation and iota. Sums the CPU also computes in order are
 * compared exactly.
 */
class OpenClPrimsTest {
  private static final Ints ONE2 = Ints.of(1, 1);

  private static ShapedType f32(int... dims) { return ShapedType.of(DType.F32, dims); }

  @Test void convolutionsOfEveryLayoutStrideDilationAndGroupMatchTheCpu() {
    DType[] dtypes = device().fp64() ? new DType[] {DType.F32, DType.F64} : new DType[] {DType.F32};
    for (DType dt : dtypes) {
      // NHWC * HWIO, SAME (SmallCnn's forward)
      OpenClExecutable cl = agrees(graph(Vector.of(ShapedType.of(dt, 2, 6, 6, 3), ShapedType.of(dt, 3, 3, 3, 4)), v -> Vector.of(
          Linalg.convGeneralDilated(v.get(0), v.get(1), ONE2, Padding.of(new int[] {1, 1}, new int[] {1, 1}), ONE2, ONE2,
              ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1))), 1e-5);
      assertTrue(cl.describe().contains("void conv_general_dilated("), cl.describe());
      // NCHW * OIHW: strides, asymmetric padding, input and window dilation, two feature groups
      agrees(graph(Vector.of(ShapedType.of(dt, 2, 4, 7, 6), ShapedType.of(dt, 6, 2, 3, 2)), v -> Vector.of(
          Linalg.convGeneralDilated(v.get(0), v.get(1), Ints.of(2, 1), Padding.of(new int[] {1, 0}, new int[] {2, 1}),
              Ints.of(2, 1), Ints.of(1, 2), ConvDims.defaults(4), 2, 1))), 1e-5);
      // two batch groups (a grouped convolution's kernel gradient), negative padding (cropping)
      agrees(graph(Vector.of(ShapedType.of(dt, 4, 3, 5, 5), ShapedType.of(dt, 4, 3, 2, 2)), v -> Vector.of(
          Linalg.convGeneralDilated(v.get(0), v.get(1), ONE2, Padding.of(new int[] {0, -1}, new int[] {1, 0}), ONE2, ONE2,
              ConvDims.defaults(4), 1, 2))), 1e-5);
    }
  }

  @Test void reduceWindowsWithPaddingStridesAndDilationsMatchTheCpu() {
    agrees(graph(Vector.of(f32(2, 7, 6, 3)), v -> Vector.of(
        Reduce.reduceWindow(v.get(0), WindowOp.MAX, new int[] {1, 3, 2, 1}, new int[] {1, 2, 1, 1},
            new int[][] {{0, 0}, {1, 1}, {0, 1}, {0, 0}}, null, null),
        Reduce.reduceWindow(v.get(0), WindowOp.SUM, new int[] {1, 2, 2, 2}, new int[] {1, 1, 2, 1},
            new int[][] {{0, 0}, {1, 0}, {0, 0}, {1, 1}}, new int[] {1, 2, 1, 1}, new int[] {1, 1, 2, 1}),
        Reduce.reduceWindow(v.get(0), WindowOp.MIN, new int[] {2, 2, 2, 1}, new int[] {1, 2, 2, 1},
            new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, null, null))), 1e-6);
  }

  @Test void slicesConcatenationsAndIotaMatchTheCpu() {
    OpenClExecutable cl = agrees(graph(Vector.of(f32(7, 9), f32(7, 2), f32(7, 4)), v -> Vector.of(
        Shapes.laxSlice(v.get(0), new int[] {1, 2}, new int[] {6, 9}, new int[] {2, 3}),
        Shapes.concatenate(1, v.get(0), v.get(1), v.get(2)))), 0);
    assertTrue(cl.describe().contains("void slice(") && cl.describe().contains("void concatenate("), cl.describe());
    // more elements than constant folding evaluates, so the iota runs on the device
    cl = agrees(graph(Vector.of(f32(64, 70)), v -> Vector.of(
        Arith.add(v.get(0), Creation.broadcastedIota(DType.F32, new int[] {64, 70}, 1)),
        Creation.broadcastedIota(DType.I32, new int[] {40, 30}, 0))), 0);
    assertTrue(cl.describe().contains("void iota("), cl.describe());
  }

  @Test void dynamicSlicesAndUpdatesClampTheirStartsAsOnTheCpu() {
    for (int[] st : new int[][] {{1, 2}, {-3, 50}, {5, 7}, {0, 0}}) {
      Vector<NdArray> args = Vector.of(sample(f32(6, 8), 0), sample(f32(3, 4), 1), NdArray.scalar(DType.I32, st[0]),
          NdArray.scalar(DType.I32, st[1]));
      OpenClExecutable cl = agrees(graph(Vector.of(f32(6, 8), f32(3, 4), ShapedType.of(DType.I32), ShapedType.of(DType.I32)),
          v -> Vector.of(Shapes.dynamicSlice(v.get(0), new Value[] {v.get(2), v.get(3)}, new int[] {3, 4}),
              Shapes.dynamicUpdateSlice(v.get(0), v.get(1), new Value[] {v.get(2), v.get(3)}))), args, 0);
      assertTrue(cl.describe().contains("void dynamic_slice(") && cl.describe().contains("void dynamic_update_slice("), cl.describe());
    }
  }

  @Test void argMinMaxAndCumulativeScansMatchTheCpuBitForBit() {
    // ties, a NaN in one line, -0 and +0; along the middle axis of a rank-3 array and the last of a vector
    float[] v = new float[3 * 5 * 4];
    for (int i = 0; i < v.length; i++) v[i] = (i * 7 % 5) - 2;
    v[13] = Float.NaN;
    v[20] = -0f;
    NdArray x = NdArray.wrap(Shape.of(3, 5, 4), v);
    NdArray ints = NdArray.wrap(Shape.of(3, 5, 4), java.util.stream.IntStream.range(0, 60).map(i -> i % 2 == 0 ? Integer.MAX_VALUE - i : -i * 1000).toArray());
    for (NdArray a : java.util.List.of(x, ints)) {
      ShapedType t = ShapedType.of(a.dtype(), 3, 5, 4);
      OpenClExecutable cl = agrees(graph(Vector.of(t), in -> Vector.of(
          Reduce.argmax(in.get(0), 1, false), Reduce.argmin(in.get(0), 2, false),
          Reduce.cumulative(io.graft.trace.prim.CumulativeOp.SUM, in.get(0), 1, false),
          Reduce.cumulative(io.graft.trace.prim.CumulativeOp.PROD, in.get(0), 2, true),
          Reduce.cumulative(io.graft.trace.prim.CumulativeOp.MAX, in.get(0), 0, false),
          Reduce.cumulative(io.graft.trace.prim.CumulativeOp.MIN, in.get(0), 1, true))), Vector.of(a), 0);
      assertTrue(cl.describe().contains("void arg_min_max(") && cl.describe().contains("void cumulative("), cl.describe());
    }
  }

  @Test void argsortIsStableAndOrdersFloatsAsTheCpu() {
    // ties, NaNs of both signs, -0 and +0, infinities; along each axis of a rank-2 array
    float[] v = {3, 1, Float.NaN, -0f, 0f, 1, Float.NEGATIVE_INFINITY, -Float.NaN, 2, Float.POSITIVE_INFINITY, 1, -3,
        0f, -0f, 7, 7, -1, 5, 5, 2, 1, 1, 1, 0};
    NdArray x = NdArray.wrap(Shape.of(4, 6), v);
    NdArray ints = NdArray.wrap(Shape.of(4, 6), java.util.stream.IntStream.range(0, 24).map(i -> (i * 5) % 7 - 3).toArray());
    for (NdArray a : java.util.List.of(x, ints)) {
      ShapedType t = ShapedType.of(a.dtype(), 4, 6);
      OpenClExecutable cl = agrees(graph(Vector.of(t), in -> Vector.of(
          io.graft.trace.Bind.bind1(new io.graft.trace.prim.ArgSort(1), in.get(0)),
          io.graft.trace.Bind.bind1(new io.graft.trace.prim.ArgSort(0), in.get(0)))), Vector.of(a), 0);
      assertTrue(cl.describe().contains("void argsort("), cl.describe());
    }
  }

  /** Values from a small set, so that windows hold ties: the first maximum must win, as on the CPU. */
  private static NdArray ties(Shape s) {
    float[] v = new float[s.size()];
    for (int i = 0; i < v.length; i++) v[i] = (i * 7 % 5) - 2;
    return NdArray.wrap(s, v);
  }

  @Test void maxPoolGradientPicksTheFirstMaximumAndSumsOverlappingWindowsInOrder() {
    Shape x = Shape.of(2, 6, 5, 2);
    // overlapping 3x3 windows, stride 1, padded
    agrees(graph(Vector.of(f32(2, 6, 5, 2), f32(2, 6, 5, 2)), v -> Vector.of(
        Reduce.selectAndScatterAdd(v.get(0), v.get(1), new int[] {1, 3, 3, 1}, new int[] {1, 1, 1, 1},
            new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}))),
        Vector.of(sample(f32(2, 6, 5, 2), 3), ties(x)), 0);
    // 2x2 pools, stride 2 (SmallCnn's), the odd edge dropped
    agrees(graph(Vector.of(f32(2, 3, 2, 2), f32(2, 6, 5, 2)), v -> Vector.of(
        Reduce.selectAndScatterAdd(v.get(0), v.get(1), new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
            new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}))),
        Vector.of(sample(f32(2, 3, 2, 2), 3), ties(x)), 0);
  }

  @Test void gathersClampOrFillAndScatterAddsAccumulateDuplicatesClampOrDrop() {
    NdArray ids = NdArray.wrap(Shape.of(6, 1), new int[] {1, 3, 1, 12, -2, 9});
    var in = Vector.of(f32(10, 4), ShapedType.of(DType.I32, 6, 1), f32(6, 4));
    GatherDims rows = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    ScatterDims back = ScatterDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    agrees(graph(in, v -> Vector.of(
        Indexing.gather(v.get(0), v.get(1), rows, Ints.of(1, 4), GatherMode.CLIP),
        Indexing.gather(v.get(0), v.get(1), rows, Ints.of(1, 4), GatherMode.FILL),
        Indexing.scatterAdd(v.get(0), v.get(1), v.get(2), back, ScatterMode.CLIP),
        Indexing.scatterAdd(v.get(0), v.get(1), v.get(2), back, ScatterMode.FILL_OR_DROP))),
        Vector.of(sample(f32(10, 4), 1), ids, sample(f32(6, 4), 2)), 0);
    // 2-d starts, 2x3 windows that overlap and run past the edge
    NdArray starts = NdArray.wrap(Shape.of(3, 2), new int[] {0, 1, 1, 2, 5, 4});
    agrees(graph(Vector.of(f32(6, 5), ShapedType.of(DType.I32, 3, 2), f32(3, 2, 3)), v -> Vector.of(
        Indexing.gather(v.get(0), v.get(1), GatherDims.of(new int[] {1, 2}, new int[] {}, new int[] {0, 1}), Ints.of(2, 3), GatherMode.CLIP),
        Indexing.gather(v.get(0), v.get(1), GatherDims.of(new int[] {1, 2}, new int[] {}, new int[] {0, 1}), Ints.of(2, 3), GatherMode.FILL),
        Indexing.scatterAdd(v.get(0), v.get(1), v.get(2), ScatterDims.of(new int[] {1, 2}, new int[] {}, new int[] {0, 1}), ScatterMode.CLIP),
        Indexing.scatterAdd(v.get(0), v.get(1), v.get(2), ScatterDims.of(new int[] {1, 2}, new int[] {}, new int[] {0, 1}), ScatterMode.FILL_OR_DROP))),
        Vector.of(sample(f32(6, 5), 1), starts, sample(f32(3, 2, 3), 2)), 0);
  }

  @Test void padWithInteriorAndNegativeEdgesMatchesTheCpu() {
    agrees(graph(Vector.of(f32(3, 4), f32()), v -> Vector.of(io.graft.trace.Bind.bind1(
        new io.graft.trace.prim.Pad(io.graft.trace.prim.PadConfig.of(new int[][] {{1, 2, 1}, {-1, 1, 2}})), v.get(0), v.get(1)))), 0);
  }

  @Test void integerElementwiseEquationsRunAsKernelsOfTheirLowering() {
    ShapedType i32 = ShapedType.of(DType.I32, 6);
    NdArray a = NdArray.wrap(Shape.of(6), new int[] {3, -7, 0, 12, 5, -1}), b = NdArray.wrap(Shape.of(6), new int[] {4, -7, 2, -3, 5, 0});
    OpenClExecutable cl = agrees(graph(Vector.of(i32, i32), v -> {
      Value lt = io.graft.trace.ops.Logic.lt(v.get(0), v.get(1));
      return Vector.of(io.graft.trace.ops.Arith.add(v.get(0), v.get(1)), lt, io.graft.trace.ops.Logic.selectN(lt, v.get(0), v.get(1)),
          io.graft.trace.ops.Arith.maximum(v.get(0), v.get(1)), io.graft.trace.ops.Promotion.convert(v.get(0), DType.BOOL, false));
    }), Vector.of(a, b), 0);
    assertTrue(cl.describe().contains("void elementwise("), cl.describe());
  }

  @Test void revReversesTheNamedAxes() {
    agrees(graph(Vector.of(f32(3, 4, 2)), v -> Vector.of(Shapes.rev(v.get(0), 0, 2))), 0);
  }
}
