package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.numerics.DTypeError;
import org.junit.jupiter.api.Test;

/** oneHot, std and the stop_gradient inside softmax (the pieces the integrator added). */
class NpExtrasTest {
  @Test void oneHotRows() {
    Array h = Np.oneHot(Array.of(new int[] {2, 0, 5, -1}), 3);
    assertArrayEquals(new int[] {4, 3}, h.shape());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, h.toFloatArray());
    assertEquals(Np.int32, Np.oneHot(Array.of(new long[] {1}), 2, Np.int32).dtype());
    assertThrows(DTypeError.class, () -> Np.oneHot(Array.of(new float[] {1}), 2));
    assertEquals("x is null", assertThrows(NullPointerException.class, () -> Np.oneHot(null, 2)).getMessage());
  }

  @Test void oneHotGraph() {
    var g = Graft.makeGraph((Array x) -> Np.oneHot(x, 4)).apply(ShapeDtype.of(Np.int32, 2).array());
    assertEquals("""
        { lambda ; a:i32[2]. let
            b:i32[2,1] = reshape[new_sizes=(2, 1)] a
            c:i32[2,4] = iota[dtype=i32 shape=(2, 4) dimension=1]
            d:i32[2,4] = broadcast_in_dim[shape=(2, 4) broadcast_dimensions=(0, 1)] b
            e:bool[2,4] = eq d c
            f:f32[2,4] = convert_element_type[new_dtype=f32 weak_type=False] e
          in (f) }""", g.toString());
  }

  @Test void stdIsTheRootOfVar() {
    Array x = Array.of(new double[] {1, 2, 3, 4, 6, 8}, 2, 3);
    assertEquals(Math.sqrt(Np.var(x).item().doubleValue()), Np.std(x).item().doubleValue(), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), Math.sqrt(8.0 / 3)}, x.std(1).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {1, 2}, Np.std(x, new int[] {1}, 1, false).toDoubleArray(), 1e-15);
  }

  @Test void softmaxStopsTheGradientThroughItsShift() {
    var g = Graft.makeGraph((Array x) -> Np.softmax(x, -1)).apply(ShapeDtype.of(Np.float32, 3).array());
    assertEquals(true, g.toString().contains("stop_gradient"), g.toString());
    Array p = Np.softmax(Array.of(new double[] {1000, 1001, 1002}), -1);
    double[] v = p.toDoubleArray();
    assertEquals(1.0, v[0] + v[1] + v[2], 1e-15);
  }
}
