package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Copy#rows}: the gathered rows, for every store type, including rows that span several pages. */
class CopyRowsTest {
  @Test void gathersTheIndexedRowsOfEveryStoreType() {
    SplittableRandom r = new SplittableRandom(3);
    for (int rowLength : new int[] {0, 1, 7, 784, 3 * 1024 + 5}) {
      int rows = 40;
      int[] idx = r.ints(25, 0, rows).toArray();
      int from = 3, to = 19;
      float[] f = new float[rows * rowLength];
      for (int i = 0; i < f.length; i++) f[i] = i;
      Object[] stores = {f, toDouble(f), toInt(f), toLong(f), toShort(f), toByte(f), toBool(f)};
      for (Object src : stores) {
        Object got = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), (to - from) * rowLength);
        Object want = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), (to - from) * rowLength);
        Copy.rows(src, rowLength, idx, from, to, got);
        for (int i = from; i < to; i++)
          for (int j = 0; j < rowLength; j++)
            java.lang.reflect.Array.set(want, (i - from) * rowLength + j, java.lang.reflect.Array.get(src, idx[i] * rowLength + j));
        assertArrayEquals(box(want), box(got), src.getClass().getSimpleName() + " rows of " + rowLength);
      }
    }
  }

  @Test void anIndexOutsideTheStoreThrowsBeforeAnyCopy() {
    float[] src = new float[10 * 4], dst = new float[2 * 4];
    assertThrows(IndexOutOfBoundsException.class, () -> Copy.rows(src, 4, new int[] {1, 10}, 0, 2, dst));
  }

  private static Object[] box(Object a) {
    Object[] o = new Object[java.lang.reflect.Array.getLength(a)];
    for (int i = 0; i < o.length; i++) o[i] = java.lang.reflect.Array.get(a, i);
    return o;
  }

  private static double[] toDouble(float[] f) { double[] d = new double[f.length]; for (int i = 0; i < f.length; i++) d[i] = f[i]; return d; }
  private static int[] toInt(float[] f) { int[] d = new int[f.length]; for (int i = 0; i < f.length; i++) d[i] = (int) f[i]; return d; }
  private static long[] toLong(float[] f) { long[] d = new long[f.length]; for (int i = 0; i < f.length; i++) d[i] = (long) f[i]; return d; }
  private static short[] toShort(float[] f) { short[] d = new short[f.length]; for (int i = 0; i < f.length; i++) d[i] = (short) f[i]; return d; }
  private static byte[] toByte(float[] f) { byte[] d = new byte[f.length]; for (int i = 0; i < f.length; i++) d[i] = (byte) f[i]; return d; }
  private static boolean[] toBool(float[] f) { boolean[] d = new boolean[f.length]; for (int i = 0; i < f.length; i++) d[i] = ((int) f[i] & 3) == 1; return d; }
}
