package io.graft.io;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * ONNX tensors and element types both ways, for export ({@link OnnxLowering}, {@link OnnxQdq}) and import
 * ({@link OnnxImport}): one table maps Graft's dtypes to ONNX's element types ({@link #elemType}), and its inverse is
 * read from it ({@link #dtype}), so the two directions cannot drift apart.
 * <pre>{@code
 * TensorProto t = OnnxTensors.tensor("w", weights);   // raw little-endian data
 * Array back = OnnxTensors.array(t);                  // equal to weights, dtype and shape included
 * }</pre>
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /** {@code a} as a TensorProto (raw little-endian data). */
  static TensorProto tensor(String name, NdArray a) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType(a.dtype()));
    for (int d : a.shape().dims()) t.addDims(d);
    int n = a.size();
    ByteBuffer buf = ByteBuffer.allocate(n * Math.max(1, a.dtype().bits() / 8)).order(ByteOrder.LITTLE_ENDIAN);
    switch (a.dtype()) {
      case F32 -> { for (float v : a.f32()) buf.putFloat(v); }
      case F64 -> { for (double v : a.f64()) buf.putDouble(v); }
      case I32, U32 -> { for (int v : (int[]) a.store()) buf.putInt(v); }
      case I64 -> { for (long v : a.i64()) buf.putLong(v); }
      case BOOL -> { for (boolean v : a.bool()) buf.put((byte) (v ? 1 : 0)); }
      case F16, BF16 -> { for (short v : a.half()) buf.putShort(v); }
      case I8, U8 -> buf.put(a.bytes());
    }
    return t.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  /** The ONNX element type of {@code d}. */
  static int elemType(DType d) {
    return switch (d) {
      case F32 -> TensorProto.DataType.FLOAT_VALUE;
      case F64 -> TensorProto.DataType.DOUBLE_VALUE;
      case I32 -> TensorProto.DataType.INT32_VALUE;
      case I64 -> TensorProto.DataType.INT64_VALUE;
      case U32 -> TensorProto.DataType.UINT32_VALUE;
      case BOOL -> TensorProto.DataType.BOOL_VALUE;
      case F16 -> TensorProto.DataType.FLOAT16_VALUE;
      case BF16 -> TensorProto.DataType.BFLOAT16_VALUE;
      case I8 -> TensorProto.DataType.INT8_VALUE;
      case U8 -> TensorProto.DataType.UINT8_VALUE;
    };
  }

  /** The Graft dtype of an ONNX element type: the inverse of {@link #elemType}. */
  static DType dtype(int elemType) {
    for (DType d : DType.values()) if (elemType(d) == elemType) return d;
    throw new IllegalArgumentException("imported ONNX model: element type " + elemType
        + " has no Graft dtype (supported: float, double, int32, int64, uint32, bool, float16, bfloat16, int8, uint8)");
  }

  /** An initialiser as a concrete array (raw data, or the typed repeated fields). */
  static Array array(TensorProto t) {
    int[] shape = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
    int n = Arrays.stream(shape).reduce(1, (p, q) -> p * q);
    DType dt = dtype(t.getDataType());
    ByteBuffer raw = t.hasRawData() ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
    return switch (dt) {
      case F32 -> {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getFloat() : t.getFloatData(k);
        yield Array.of(v, shape);
      }
      case F64 -> {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getDouble() : t.getDoubleData(k);
        yield Array.of(v, shape);
      }
      case I32 -> {
        int[] v = new int[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getInt() : t.getInt32Data(k);
        yield Array.of(v, shape);
      }
      case U32 -> {
        int[] v = new int[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getInt() : (int) t.getUint64Data(k);
        yield Array.ofUint32(v, shape);
      }
      case I64 -> {
        long[] v = new long[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getLong() : t.getInt64Data(k);
        yield Array.of(v, shape);
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.get() != 0 : t.getInt32Data(k) != 0;
        yield Array.of(v, shape);
      }
      case F16, BF16 -> {
        short[] v = new short[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.getShort() : (short) t.getInt32Data(k);
        yield Array.ofHalfBits(dt, v, shape);
      }
      case I8, U8 -> {
        byte[] v = new byte[n];
        for (int k = 0; k < n; k++) v[k] = raw != null ? raw.get() : (byte) t.getInt32Data(k);
        yield Array.ofBytes(dt, v, shape);
      }
    };
  }
}
