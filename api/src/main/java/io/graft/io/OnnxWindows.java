package io.graft.io;

import static io.graft.io.OnnxEmitter.*;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.*;
import java.util.ArrayList;
import java.util.List;

/**
 * Reductions, running sums, arg-min/max and reduce-window pooling as ONNX nodes ({@code ReduceSum},
 * {@code CumSum}, {@code ArgMax}, {@code MaxPool}, {@code AveragePool}); for example
 * {@code reduce_sum[axes=(1,)] x} is {@code ReduceSum(x, [1], keepdims=0)}.
 */
final class OnnxWindows {
  private final OnnxEmitter e;

  OnnxWindows(OnnxEmitter e) { this.e = e; }

  /**
   * {@code argmax}/{@code argmin}: ONNX's {@code ArgMax}/{@code ArgMin} (first index of ties), except that Graft, as
   * JAX, answers the first NaN's index where the axis holds one; ONNX leaves NaN unspecified, so a NaN on the axis
   * selects {@code ArgMax(IsNaN(x))} instead. Cast to the index dtype.
   */
  String argMinMax(ArgMinMax a, String x, ShapedType xt) {
    AttributeProto axis = intAttr("axis", a.axis()), keep = intAttr("keepdims", 0);
    String plain = e.node(a.op() == ArgOp.MAX ? "ArgMax" : "ArgMin", List.of(x), null, axis, keep);
    String idx = plain;
    if (xt.dtype().isFloating()) {
      String nan = e.node("IsNaN", x);
      String firstNan = e.node("ArgMax", List.of(e.node("Cast", List.of(nan), null, intAttr("to", TensorProto.DataType.INT32_VALUE))),
          null, axis, keep);
      String anyNan = e.node("ReduceMax", List.of(e.node("Cast", List.of(nan), null, intAttr("to", TensorProto.DataType.INT32_VALUE)),
          e.longs(Ints.of(a.axis()))), null, keep);
      idx = e.node("Where", e.node("Cast", List.of(anyNan), null, intAttr("to", TensorProto.DataType.BOOL_VALUE)), firstNan, plain);
    }
    return e.node("Cast", List.of(idx), null, intAttr("to", OnnxTensors.elemType(a.indexDtype())));
  }

  /** {@code cumsum} as ONNX {@code CumSum} (inclusive, {@code reverse} as given); the other running ops have no ONNX operator. */
  String cumulative(Cumulative c, String x) {
    if (c.op() != CumulativeOp.SUM) throw new OnnxUnmapped("ONNX has CumSum only");
    return e.node("CumSum", List.of(x, e.constant(NdArray.scalar(DType.I64, c.axis()))), null, intAttr("reverse", c.reverse() ? 1 : 0));
  }

  String reduce(Reduce r, String x) {
    if (r.axes().size() == 0) return e.node("Identity", x);
    String op = switch (r.op()) {
      case SUM -> "ReduceSum";
      case MAX -> "ReduceMax";
      case MIN -> "ReduceMin";
      case PROD -> "ReduceProd";
    };
    return e.node(op, List.of(x, e.longs(r.axes())), null, intAttr("keepdims", 0));
  }

  /**
   * {@code reduce_window} as a pool: the axes with a trivial window (extent 1, stride 1, no padding) go first as
   * ONNX's (N, C) (one or none padded with unit axes), the windowed axes last; max → MaxPool, sum → AveragePool
   * counting the zero padding, times the window size; min → -MaxPool(-x).
   */
  String reduceWindow(ReduceWindow w, String x, ShapedType xt) {
    int r = xt.rank();
    for (int i = 0; i < r; i++) if (at(w.baseDilation(), i, 1) != 1) throw new OnnxUnmapped("base dilation");
    List<Integer> trivial = new ArrayList<>(), windowed = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      boolean t = w.windowDimensions().get(i) == 1 && at(w.windowStrides(), i, 1) == 1
          && w.padding().lo().get(i) == 0 && w.padding().hi().get(i) == 0;
      (t ? trivial : windowed).add(i);
    }
    if (windowed.isEmpty()) return e.node("Identity", x);
    if (trivial.size() > 2) throw new OnnxUnmapped("more than two unwindowed axes (ONNX pools see N, C, spatial)");
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) perm[i] = i < trivial.size() ? trivial.get(i) : windowed.get(i - trivial.size());
    String y = e.transpose(x, perm);
    int lead = 2 - trivial.size();
    if (lead > 0) y = e.node("Unsqueeze", y, e.constant(longArray(lead == 1 ? new long[] {0} : new long[] {0, 1})));
    int m = windowed.size();
    int[] kernel = new int[m], strides = new int[m], dil = new int[m], pads = new int[2 * m];
    long size = 1;
    boolean dilated = false;
    for (int k = 0; k < m; k++) {
      int i = windowed.get(k);
      kernel[k] = w.windowDimensions().get(i);
      strides[k] = at(w.windowStrides(), i, 1);
      dil[k] = at(w.windowDilation(), i, 1);
      dilated |= dil[k] != 1;
      pads[k] = w.padding().lo().get(i);
      pads[m + k] = w.padding().hi().get(i);
      if (pads[k] < 0 || pads[m + k] < 0) throw new OnnxUnmapped("negative padding");
      size *= kernel[k];
    }
    List<AttributeProto> attrs = List.of(intsAttr("kernel_shape", kernel), intsAttr("strides", strides),
        intsAttr("pads", pads));
    String pooled = switch (w.op()) {
      case MAX -> maxPool(y, attrs, dil);
      case MIN -> e.node("Neg", maxPool(e.node("Neg", y), attrs, dil));
      case SUM -> {
        if (dilated) throw new OnnxUnmapped("a dilated sum window (AveragePool has no dilations in opset 18)");
        List<AttributeProto> avg = new ArrayList<>(attrs);
        avg.add(intAttr("count_include_pad", 1));
        yield e.node("Mul", e.node("AveragePool", List.of(y), null, avg.toArray(AttributeProto[]::new)),
            e.constant(NdArray.scalar(xt.dtype(), size)));
      }
    };
    if (lead > 0) pooled = e.node("Squeeze", pooled, e.constant(longArray(lead == 1 ? new long[] {0} : new long[] {0, 1})));
    return e.transpose(pooled, inverse(perm));
  }

  String maxPool(String y, List<AttributeProto> attrs, int[] dil) {
    List<AttributeProto> all = new ArrayList<>(attrs);
    all.add(intsAttr("dilations", dil));
    return e.node("MaxPool", List.of(y), null, all.toArray(AttributeProto[]::new));
  }
}
