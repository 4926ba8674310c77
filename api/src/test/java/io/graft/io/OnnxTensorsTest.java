package io.graft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link OnnxTensors}: element types both ways, tensors both ways, for every dtype. */
class OnnxTensorsTest {
  @Test void everyDTypeHasItsOwnElementTypeAndComesBack() {
    Set<Integer> codes = new HashSet<>();
    for (DType d : DType.values()) {
      assertTrue(codes.add(OnnxTensors.elemType(d)), d + ": its element type is another dtype's too");
      assertEquals(d, OnnxTensors.dtype(OnnxTensors.elemType(d)));
    }
    assertEquals(TensorProto.DataType.FLOAT_VALUE, OnnxTensors.elemType(DType.F32));
    assertEquals(TensorProto.DataType.BFLOAT16_VALUE, OnnxTensors.elemType(DType.BF16));
  }

  @Test void anElementTypeWithoutADTypeIsATypedErrorNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> OnnxTensors.dtype(TensorProto.DataType.COMPLEX64_VALUE));
    assertTrue(e.getMessage().contains("element type " + TensorProto.DataType.COMPLEX64_VALUE), e.getMessage());
  }

  @Test void everyDTypesTensorReadsBackBitForBit() {
    Shape s = Shape.of(2, 3);
    for (DType d : DType.values()) {
      NdArray a = NdArray.zeros(d, s);
      Object store = a.store();
      switch (store) {
        case float[] v -> { for (int i = 0; i < v.length; i++) v[i] = i * 0.75f - 1.5f; }
        case double[] v -> { for (int i = 0; i < v.length; i++) v[i] = i * 0.75 - 1.5; }
        case int[] v -> { for (int i = 0; i < v.length; i++) v[i] = i * 7 - 11; }
        case long[] v -> { for (int i = 0; i < v.length; i++) v[i] = i * 7L - (1L << 40); }
        case boolean[] v -> { for (int i = 0; i < v.length; i++) v[i] = i % 2 == 0; }
        case short[] v -> { for (int i = 0; i < v.length; i++) v[i] = (short) (0x3c00 + i); }
        case byte[] v -> { for (int i = 0; i < v.length; i++) v[i] = (byte) (i * 40 - 100); }
        default -> throw new AssertionError("store " + store.getClass());
      }
      Array back = OnnxTensors.array(OnnxTensors.tensor("t", a));
      assertEquals(d, back.dtype(), d.toString());
      assertArrayEquals(new int[] {2, 3}, back.shape(), d.toString());
      assertTrue(a.contentEquals(((io.graft.trace.Const) back.value()).array()), d + ": the values come back");
    }
  }
}
