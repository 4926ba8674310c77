package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The structural facades on Array, Np and Lax: values, errors and null checks. Golden graphs are in StructuralGraphTest. */
class StructuralTest {
  /** {@code [[0 1 2] [3 4 5]]} as f32. */
  static Array m23() { return Array.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3); }

  static <T extends Throwable> T fails(Class<T> type, Executable f, String... fragments) {
    T e = assertThrows(type, f);
    for (String s : fragments) assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    return e;
  }

  // ---------------------------------------------------------------- Array

  @Test void reshapeInfersOneExtent() {
    Array r = m23().reshape(3, -1);
    assertArrayEquals(new int[] {3, 2}, r.shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, r.toFloatArray());
    assertArrayEquals(new int[] {6}, m23().reshape(-1).shape());
    assertArrayEquals(new int[] {0, 5}, Np.zeros(0, 5).reshape(-1, 5).shape());
    fails(ShapeError.class, () -> m23().reshape(-1, -1), "reshape", "f32[2,3]", "more than one -1");
    fails(ShapeError.class, () -> m23().reshape(4, -1), "reshape", "f32[2,3]", "[4, -1]");
    fails(ShapeError.class, () -> m23().reshape(4), "reshape", "f32[2,3]", "[4]");
    fails(ShapeError.class, () -> m23().reshape(-2, 3), "reshape", "negative extent -2");
  }

  @Test void transposeReversesOrPermutesAxes() {
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, m23().transpose().toFloatArray());
    assertArrayEquals(new int[] {3, 2}, m23().transpose().shape());
    Array x = Np.arange(24).reshape(2, 3, 4);
    Array t = x.transpose(1, -1, 0);
    assertArrayEquals(new int[] {3, 4, 2}, t.shape());
    assertEquals(x.get(1).get(2).get(3).item(), t.get(2).get(3).get(1).item());
    Array s = Array.scalar(1f);
    assertSame(s.value(), s.transpose().value(), "rank 0 is unchanged");
    fails(ShapeError.class, () -> m23().transpose(0, 0), "transpose", "f32[2,3]", "(0, 0)");
    fails(ShapeError.class, () -> m23().transpose(0, 2), "transpose", "axis 2", "[2,3]");
  }

  @Test void squeezeAndExpandDims() {
    Array x = Np.zeros(1, 3, 1);
    assertArrayEquals(new int[] {3}, x.squeeze().shape());
    assertArrayEquals(new int[] {3, 1}, x.squeeze(0).shape());
    assertArrayEquals(new int[] {1, 3}, x.squeeze(-1).shape());
    fails(ShapeError.class, () -> x.squeeze(1), "squeeze", "f32[1,3,1]", "extent 3");
    assertArrayEquals(new int[] {2, 1, 3}, m23().expandDims(1).shape());
    assertArrayEquals(new int[] {2, 3, 1}, m23().expandDims(-1).shape());
    assertArrayEquals(new int[] {1, 2, 1, 3}, m23().expandDims(0, 2).shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m23().expandDims(0, -1).toFloatArray());
    fails(ShapeError.class, () -> m23().expandDims(1, 1), "expandDims", "twice");
    fails(ShapeError.class, () -> m23().expandDims(3), "expandDims", "axis 3");
  }

  @Test void flattenRavelAndFlip() {
    assertArrayEquals(new int[] {6}, m23().flatten().shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m23().ravel().toFloatArray());
    assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, m23().flip().toFloatArray());
    assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2}, m23().flip(0).toFloatArray());
    assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, Np.flip(m23(), -1).toFloatArray());
    assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, Np.ravel(Lax.rev(m23(), 0, 1)).toFloatArray());
  }

  @Test void getIndexesAxisZeroAndWrapsNegativeIndices() {
    assertArrayEquals(new float[] {3, 4, 5}, m23().get(1).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 2}, m23().get(-2).toFloatArray());
    assertEquals(5f, m23().get(-1).get(-1).item());
    assertArrayEquals(new int[0], m23().get(0).get(0).shape());
    ShapeError e = fails(ShapeError.class, () -> m23().get(2), "get", "index 2", "extent 2", "f32[2,3]", "[-2, 2)");
    assertTrue(e instanceof IllegalArgumentException);
    fails(ShapeError.class, () -> m23().get(-3), "index -3", "f32[2,3]");
    fails(ShapeError.class, () -> Array.scalar(1f).get(0), "get", "rank-0", "f32[]");
  }

  @Test void sliceUsesPythonSemantics() {
    Array x = Np.arange(5);
    assertArrayEquals(new int[] {1, 2}, x.slice(1, 3).toIntArray());
    assertArrayEquals(new int[] {3, 4}, x.slice(-2, 5).toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 3}, x.slice(-100, -1).toIntArray());
    assertArrayEquals(new int[] {3, 4}, x.slice(3, 100).toIntArray());
    assertArrayEquals(new int[] {0}, x.slice(3, 1).shape());
    assertArrayEquals(new int[] {0}, x.slice(7, 9).shape());
    assertArrayEquals(new int[] {1, 3}, m23().slice(1, 2).shape());
    fails(ShapeError.class, () -> Array.scalar(1f).slice(0, 1), "slice", "rank-0");
  }

  @Test void atSetAndAddReturnNewArrays() {
    Array x = Array.of(new float[] {1, 2, 3});
    assertArrayEquals(new float[] {1, 9, 3}, x.at(1).set(9.0).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 7}, x.at(-1).set(7L).toFloatArray());
    assertArrayEquals(new float[] {11, 2, 3}, x.at(0).add(10.0).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 0}, x.at(-1).add(-3L).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray(), "x is unchanged");
    assertEquals(Np.float32, x.at(0).set(Array.scalar(2.5)).dtype(), "the value takes x's dtype");
    Array m = m23();
    assertArrayEquals(new float[] {0, 1, 2, 7, 7, 7}, m.at(1).set(7.0).toFloatArray(), "a scalar broadcasts to the row");
    assertArrayEquals(new float[] {0, 1, 2, 4, 6, 8}, m.at(-1).add(Array.of(new float[] {1, 2, 3})).toFloatArray());
    assertArrayEquals(new float[] {9, 8, 7, 3, 4, 5}, m.at(0).set(Array.of(new double[] {9, 8, 7})).toFloatArray());
    Array i = Array.of(new int[] {1, 2, 3});
    assertArrayEquals(new int[] {1, 2, 3}, i.at(0).add(0.5).toIntArray(), "i32 + 0.5 is converted back to i32");
    assertEquals(Np.int32, i.at(0).add(0.5).dtype());
    fails(ShapeError.class, () -> x.at(3).set(0.0), "at(i).set", "index 3", "extent 3", "f32[3]");
    fails(ShapeError.class, () -> x.at(-4).add(0.0), "index -4", "f32[3]");
    fails(ShapeError.class, () -> m.at(0).set(Array.of(new float[] {1, 2})), "at(i).set", "f32[2]", "f32[2,3]", "[3]");
  }

  // ---------------------------------------------------------------- Np

  @Test void concatenatePromotesAndStackAddsAnAxis() {
    Array a = Array.of(new int[] {1, 2}), b = Array.of(new float[] {3.5f});
    Array c = Np.concatenate(0, a, b);
    assertEquals(Np.float32, c.dtype());
    assertArrayEquals(new float[] {1, 2, 3.5f}, c.toFloatArray());
    assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, Np.concatenate(-1, m23(), m23()).toFloatArray());
    fails(ShapeError.class, () -> Np.concatenate(0), "concatenate", "at least one");
    fails(ShapeError.class, () -> Np.concatenate(0, Array.scalar(1f), Array.scalar(2f)), "rank-0", "f32[], f32[]");
    fails(ShapeError.class, () -> Np.concatenate(0, m23(), Np.zeros(2, 2)), "concatenate", "f32[2,3], f32[2,2]", "axis 1");
    Array s = Np.stack(0, a, Array.of(new int[] {3, 4}));
    assertArrayEquals(new int[] {2, 2}, s.shape());
    assertArrayEquals(new int[] {1, 2, 3, 4}, s.toIntArray());
    assertArrayEquals(new int[] {1, 3, 2, 4}, Np.stack(1, a, Array.of(new int[] {3, 4})).toIntArray());
    assertArrayEquals(new int[] {2, 3, 2}, Np.stack(-1, m23(), m23()).shape());
    fails(ShapeError.class, () -> Np.stack(0, a, Array.of(new int[] {1, 2, 3})), "stack", "i32[2], i32[3]");
  }

  @Test void splitCutsIntoPieces() {
    Vector<Array> parts = Np.split(Np.arange(6), 3, 0);
    assertEquals(3, parts.size());
    assertArrayEquals(new int[] {2, 3}, parts.get(1).toIntArray());
    Vector<Array> cols = Np.split(m23(), new int[] {1, -1}, 1);
    assertArrayEquals(new int[] {2, 1}, cols.get(0).shape());
    assertArrayEquals(new float[] {1, 4}, cols.get(1).toFloatArray());
    assertArrayEquals(new float[] {2, 5}, cols.get(2).toFloatArray());
    Vector<Array> odd = Np.split(Np.arange(5), new int[] {3, 1, 9}, 0);
    assertArrayEquals(new int[] {0, 1, 2}, odd.get(0).toIntArray());
    assertEquals(0, odd.get(1).size());
    assertArrayEquals(new int[] {1, 2, 3, 4}, odd.get(2).toIntArray());
    assertEquals(0, odd.get(3).size());
    fails(ShapeError.class, () -> Np.split(Np.arange(5), 2, 0), "split", "i32[5]", "extent 5", "2 equal sections");
  }

  @Test void padAddsConstantBorders() {
    Array p = Np.pad(Array.of(new int[] {1, 2}), new int[][] {{1, 2}}, 9);
    assertArrayEquals(new int[] {9, 1, 2, 9, 9}, p.toIntArray());
    assertEquals(Np.int32, p.dtype());
    Array q = Np.pad(m23(), new int[][] {{0, 1}, {1, 0}}, -1);
    assertArrayEquals(new int[] {3, 4}, q.shape());
    assertArrayEquals(new float[] {-1, 0, 1, 2, -1, 3, 4, 5, -1, -1, -1, -1}, q.toFloatArray());
    fails(ShapeError.class, () -> Np.pad(m23(), new int[][] {{0, -1}, {0, 0}}, 0), "pad", "f32[2,3]", ">= 0");
    fails(ShapeError.class, () -> Np.pad(m23(), new int[][] {{0, 1}, {0, 0}, {1, 1}}, 0), "pad", "3 rows", "f32[2,3]");
  }

  @Test void arangeLinspaceEye() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Np.arange(5).toIntArray());
    assertEquals(Np.int32, Np.arange(5).dtype());
    assertArrayEquals(new int[] {2, 3, 4}, Np.arange(2, 5).toIntArray());
    assertArrayEquals(new int[] {10, 7, 4, 1}, Np.arange(10, 0, -3).toIntArray());
    assertEquals(0, Np.arange(5, 2).size());
    assertArrayEquals(new float[] {0.5f, 0.75f, 1f, 1.25f}, Np.arange(0.5, 1.5, 0.25).toFloatArray());
    float[] tenths = Np.arange(0.1, 1.0, 0.1).toFloatArray();
    assertEquals(9, tenths.length);
    for (int i = 0; i < 9; i++) assertEquals((float) (0.1 + i * 0.1), tenths[i], "NumPy's f64 arithmetic, rounded once");
    assertArrayEquals(new long[] {-2, 0, 2}, Np.arange(-2, 3, 2, Np.int64).toLongArray());
    assertEquals(Np.float64, Np.arange(0, 3, 1, Np.float64).dtype());
    fails(ShapeError.class, () -> Np.arange(0, 3, 0), "arange", "step");
    fails(DTypeError.class, () -> Np.arange(0, 3, 0.5, Np.int32), "arange", "i32", "integral");
    fails(DTypeError.class, () -> Np.arange(0, 3, 1, Np.bool), "arange", "bool");
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Np.linspace(0, 1, 5).toFloatArray());
    assertArrayEquals(new float[] {0, 0.2f, 0.4f, 0.6f, 0.8f}, Np.linspace(0, 1, 5, false).toFloatArray());
    float[] thirds = Np.linspace(1, 2, 4).toFloatArray();
    assertArrayEquals(new float[] {1, (float) (1 + 1.0 / 3), (float) (1 + 2.0 / 3), 2}, thirds);
    assertArrayEquals(new float[] {3}, Np.linspace(3, 7, 1).toFloatArray());
    assertEquals(0, Np.linspace(3, 7, 0).size());
    fails(ShapeError.class, () -> Np.linspace(0, 1, -1), "linspace", "-1");
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Np.eye(3).toFloatArray());
    assertArrayEquals(new int[] {0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, Np.eye(3, 4, 1, Np.int32).toIntArray());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 0, 0, 1}, Np.eye(4, 2, -2, Np.int32).toIntArray());
    assertArrayEquals(new int[] {0, 0, 0, 0}, Np.eye(2, 2, 5, Np.int32).toIntArray());
    assertArrayEquals(new int[] {0, 3}, Np.eye(0, 3, 0, Np.float32).shape());
    assertArrayEquals(new boolean[] {true, false, false, true}, Np.eye(2, 2, 0, Np.bool).toBooleanArray());
    fails(ShapeError.class, () -> Np.eye(-1), "eye", "n=-1");
  }

  @Test void eyeMatchesTheDefinitionForManySizes() {
    for (int n = 0; n <= 4; n++)
      for (int m = 0; m <= 4; m++)
        for (int k = -5; k <= 5; k++) {
          double[] e = Np.eye(n, m, k, Np.float64).toDoubleArray();
          for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
              assertEquals(j - i == k ? 1 : 0, e[i * m + j], "eye(" + n + ", " + m + ", " + k + ")[" + i + ", " + j + "]");
        }
  }

  @Test void npShapeFunctionsDelegate() {
    assertArrayEquals(new int[] {3, 2}, Np.reshape(m23(), 3, 2).shape());
    assertArrayEquals(new int[] {3, 2}, Np.transpose(m23()).shape());
    assertArrayEquals(new int[] {3}, Np.squeeze(Np.zeros(1, 3)).shape());
    assertArrayEquals(new int[] {1, 3}, Np.expandDims(Np.zeros(3), 0).shape());
    assertArrayEquals(new int[] {4, 2, 3}, Np.broadcastTo(m23(), 4, 2, 3).shape());
  }

  // ---------------------------------------------------------------- Lax

  @Test void laxIsStrict() {
    fails(ShapeError.class, () -> Lax.reshape(m23(), -1), "shape [-1]", "negative size");
    fails(ShapeError.class, () -> Lax.slice(Np.arange(5), new int[] {1}, new int[] {6}), "slice", "i32[5]", "limit <= 5");
    fails(ShapeError.class, () -> Lax.slice(Np.arange(5), new int[] {-1}, new int[] {2}), "slice", "i32[5]");
    fails(DTypeError.class, () -> Lax.concatenate(0, Np.arange(2), Np.zeros(2)), "concatenate", "i32[2], f32[2]");
    fails(DTypeError.class, () -> Lax.pad(m23(), Array.scalar(0), new int[][] {{0, 0, 0}, {0, 0, 0}}), "pad", "f32[2,3]", "i32[]");
    fails(ShapeError.class, () -> Lax.transpose(m23()), "transpose", "f32[2,3]");
    fails(ShapeError.class, () -> Lax.squeeze(m23(), 0), "squeeze", "f32[2,3]", "extent 2");
  }

  @Test void laxOperations() {
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, Lax.transpose(m23(), 1, 0).toFloatArray());
    assertArrayEquals(new int[] {2, 2, 3}, Lax.broadcastInDim(m23(), new int[] {2, 2, 3}, new int[] {1, 2}).shape());
    assertArrayEquals(new int[] {3, 2}, Lax.reshape(m23(), 3, 2).shape());
    assertArrayEquals(new int[] {3}, Lax.squeeze(Np.zeros(1, 3), -2).shape());
    assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, Lax.rev(m23(), 1).toFloatArray());
    Array p = Lax.pad(Array.of(new int[] {1, 2, 3}), Array.scalar(0), new int[][] {{-1, 2, 1}});
    assertArrayEquals(new int[] {0, 2, 0, 3, 0, 0}, p.toIntArray());
    assertArrayEquals(new int[] {1, 2, 3, 4}, Lax.concatenate(0, Np.arange(1, 3), Np.arange(3, 5)).toIntArray());
    assertArrayEquals(new int[] {1, 3}, Lax.slice(Np.arange(5), new int[] {1}, new int[] {5}, new int[] {2}).toIntArray());
    assertArrayEquals(new float[] {4, 5}, Lax.slice(m23(), new int[] {1, 1}, new int[] {2, 3}).ravel().toFloatArray());
    assertArrayEquals(new int[] {0, 1, 2}, Lax.iota(Np.int32, 3).toIntArray());
    assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2}, Lax.broadcastedIota(Np.float32, new int[] {3, 2}, 0).toFloatArray());
    assertArrayEquals(new long[] {0, 1, 0, 1}, Lax.broadcastedIota(Np.int64, new int[] {2, 2}, -1).toLongArray());
  }

  @Test void dynamicSlicesClampTheirStarts() {
    Array x = Np.arange(5);
    assertArrayEquals(new int[] {2, 3}, Lax.dynamicSlice(x, new Array[] {Array.scalar(2)}, new int[] {2}).toIntArray());
    assertArrayEquals(new int[] {3, 4}, Lax.dynamicSlice(x, new Array[] {Array.scalar(9L)}, new int[] {2}).toIntArray());
    assertArrayEquals(new int[] {0, 1}, Lax.dynamicSlice(x, new Array[] {Array.scalar(-4)}, new int[] {2}).toIntArray());
    Array m = Lax.dynamicSlice(m23(), new Array[] {Array.scalar(1), Array.scalar(1)}, new int[] {1, 2});
    assertArrayEquals(new float[] {4, 5}, m.ravel().toFloatArray());
    Array u = Lax.dynamicUpdateSlice(x, Array.of(new int[] {8, 9}), new Array[] {Array.scalar(4)});
    assertArrayEquals(new int[] {0, 1, 2, 8, 9}, u.toIntArray());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, x.toIntArray());
    fails(DTypeError.class, () -> Lax.dynamicSlice(x, new Array[] {Array.scalar(1f)}, new int[] {2}), "dynamic_slice", "f32[]", "i32[5]");
    fails(ShapeError.class, () -> Lax.dynamicSlice(x, new Array[0], new int[] {2}), "dynamic_slice", "i32[5]", "0 start index");
    fails(DTypeError.class, () -> Lax.dynamicUpdateSlice(x, Np.zeros(2), new Array[] {Array.scalar(0)}), "dynamic_update_slice", "f32[2]", "i32[5]");
  }

  // ---------------------------------------------------------------- null arguments

  @Test void nullArgumentsAreRejectedAtTheBoundary() {
    Array x = m23();
    fails(NullPointerException.class, () -> Np.reshape(null, 6), "x is null");
    fails(NullPointerException.class, () -> Np.transpose(null), "x is null");
    fails(NullPointerException.class, () -> Np.split(null, 2, 0), "x is null");
    fails(NullPointerException.class, () -> Np.pad(null, new int[][] {{1, 1}}, 0), "x is null");
    fails(NullPointerException.class, () -> Np.pad(x, null, 0), "padWidth is null");
    fails(NullPointerException.class, () -> Np.concatenate(0, x, null), "xs[1] is null");
    fails(NullPointerException.class, () -> Np.stack(0, (Array[]) null), "xs is null");
    fails(NullPointerException.class, () -> Np.broadcastTo(null, 2), "x is null");
    fails(NullPointerException.class, () -> Np.eye(2, 2, 0, null), "dtype is null");
    fails(NullPointerException.class, () -> x.reshape((int[]) null), "newShape is null");
    fails(NullPointerException.class, () -> x.transpose((int[]) null), "perm is null");
    fails(NullPointerException.class, () -> x.at(0).set((Array) null), "v is null");
    fails(NullPointerException.class, () -> Lax.pad(x, null, new int[][] {{0, 0, 0}, {0, 0, 0}}), "padValue is null");
    fails(NullPointerException.class, () -> Lax.slice(null, new int[] {0}, new int[] {1}), "x is null");
    fails(NullPointerException.class, () -> Lax.dynamicSlice(x, null, new int[] {1, 1}), "starts is null");
    fails(NullPointerException.class, () -> Lax.dynamicUpdateSlice(x, null, new Array[0]), "update is null");
    fails(NullPointerException.class, () -> Lax.iota(null, 3), "dtype is null");
  }
}
