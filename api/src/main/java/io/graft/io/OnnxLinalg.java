package io.graft.io;

import static io.graft.io.OnnxEmitter.*;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.*;
import java.util.List;

/**
 * Products, convolutions and gathers as ONNX nodes: {@code dot_general} as {@code MatMul} or {@code Einsum}
 * ({@code "ab,bc->ac"}), convolutions transposed to and from ONNX's NCHW / OIHW around {@code Conv}, embedding-style
 * gathers as {@code Gather} on axis 0.
 */
final class OnnxLinalg {
  private final OnnxEmitter e;

  OnnxLinalg(OnnxEmitter e) { this.e = e; }

  /** {@code dot_general} as Einsum (plain 2-D matrix products as MatMul), the operands cast to the result dtype. */
  String dot(DotGeneral d, String x, String y, ShapedType xt, ShapedType yt) {
    DType acc = d.preferredElementType();
    if (xt.dtype() != acc) x = e.node("Cast", List.of(x), null, intAttr("to", OnnxTensors.elemType(acc)));
    if (yt.dtype() != acc) y = e.node("Cast", List.of(y), null, intAttr("to", OnnxTensors.elemType(acc)));
    if (xt.rank() == 2 && yt.rank() == 2 && d.lhsBatch().size() == 0 && d.lhsContracting().equals(Ints.of(1))
        && d.rhsContracting().equals(Ints.of(0)))
      return e.node("MatMul", x, y);
    char[] lx = new char[xt.rank()], ly = new char[yt.rank()];
    char next = 'a';
    for (int i = 0; i < d.lhsBatch().size(); i++) lx[d.lhsBatch().get(i)] = ly[d.rhsBatch().get(i)] = next++;
    for (int i = 0; i < d.lhsContracting().size(); i++)
      lx[d.lhsContracting().get(i)] = ly[d.rhsContracting().get(i)] = next++;
    StringBuilder outSpec = new StringBuilder();
    for (int i = 0; i < d.lhsBatch().size(); i++) outSpec.append(lx[d.lhsBatch().get(i)]);
    for (int i = 0; i < lx.length; i++) if (lx[i] == 0) outSpec.append(lx[i] = next++);
    for (int i = 0; i < ly.length; i++) if (ly[i] == 0) outSpec.append(ly[i] = next++);
    String equation = new String(lx) + "," + new String(ly) + "->" + outSpec;
    return e.node("Einsum", List.of(x, y), null, stringAttr("equation", equation));
  }

  /** A convolution: operands transposed to ONNX's NCHW / OIHW, Conv, the result transposed to the output layout. */
  String conv(ConvGeneralDilated c, String x, String w, int rank) {
    int sp = rank - 2;
    if (c.batchGroupCount() != 1) throw new OnnxUnmapped("batch_group_count " + c.batchGroupCount());
    for (int i = 0; i < sp; i++) if (at(c.lhsDilation(), i, 1) != 1) throw new OnnxUnmapped("lhs (transposed-conv) dilation");
    int[] strides = new int[sp], dil = new int[sp], pads = new int[2 * sp];
    for (int i = 0; i < sp; i++) {
      strides[i] = at(c.windowStrides(), i, 1);
      dil[i] = at(c.rhsDilation(), i, 1);
      pads[i] = c.padding().lo().get(i);
      pads[sp + i] = c.padding().hi().get(i);
      if (pads[i] < 0 || pads[sp + i] < 0) throw new OnnxUnmapped("negative padding");
    }
    ConvDims dn = c.dimensionNumbers();
    if (c.windowReversal().size() > 0) w = e.rev(w, c.reversedKernelAxes());   // ONNX Conv has no window reversal
    String y = e.node("Conv", List.of(e.transpose(x, dn.lhsSpec().toArray()), e.transpose(w, dn.rhsSpec().toArray())), null,
        intsAttr("strides", strides), intsAttr("dilations", dil), intsAttr("pads", pads),
        intAttr("group", c.featureGroupCount()));
    return e.transpose(y, inverse(dn.outSpec().toArray()));
  }

  /**
   * The embedding-style gather (rows of a table by index: {@code offset_dims} the trailing axes, axis 0 collapsed,
   * whole rows) as ONNX Gather on axis 0; clip mode clamps the indices first (ONNX Gather rejects out-of-range).
   */
  String gather(Gather g, String table, String idx, ShapedType tt, ShapedType it) {
    GatherDims d = g.dims();
    int r = tt.rank(), batchRank = it.rank() - 1;
    boolean rows = d.collapsedSliceDims().equals(Ints.of(0)) && d.startIndexMap().equals(Ints.of(0))
        && d.operandBatchingDims().size() == 0 && it.rank() >= 1 && it.shape().dim(it.rank() - 1) == 1
        && d.offsetDims().size() == r - 1 && g.mode() != GatherMode.FILL;
    for (int i = 0; rows && i < r - 1; i++) rows = d.offsetDims().get(i) == batchRank + i;
    for (int i = 1; rows && i < r; i++) rows = g.sliceSizes().get(i) == tt.shape().dim(i);
    if (!rows) throw new OnnxUnmapped("only whole-row lookups (embedding style, clip mode) map to ONNX Gather");
    String flat = e.node("Squeeze", idx, e.constant(longArray(new long[] {it.rank() - 1})));
    String clipped = e.node("Clip", flat, e.constant(NdArray.scalarLong(it.dtype(), 0)),
        e.constant(NdArray.scalarLong(it.dtype(), tt.shape().dim(0) - 1)));
    return e.node("Gather", List.of(table, clipped), null, intAttr("axis", 0));
  }
}
