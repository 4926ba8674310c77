package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.Array;
import io.graft.Graft;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentTest {
  static final int N = 3, H = 4, W = 5, C = 2;

  /** Pixel values distinct per position, all nonzero: {@code 1 + index}. */
  static Array images() {
    float[] a = new float[N * H * W * C];
    for (int i = 0; i < a.length; i++) a[i] = 1 + i;
    return Array.of(a, N, H, W, C);
  }

  static float at(float[] a, int n, int y, int x, int c) { return a[((n * H + y) * W + x) * C + c]; }

  @Test void cropIsAShiftWithZeroPadding() {
    int p = 2;
    int[] dy = {0, 2, 4}, dx = {4, 2, 1};
    float[] in = images().toFloatArray(), out = Augment.crop(images(), p, dy, dx).toFloatArray();
    for (int n = 0; n < N; n++)
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          for (int c = 0; c < C; c++) {
            int sy = y + dy[n] - p, sx = x + dx[n] - p;
            float want = sy < 0 || sy >= H || sx < 0 || sx >= W ? 0 : at(in, n, sy, sx, c);
            assertEquals(want, at(out, n, y, x, c), "n" + n + " y" + y + " x" + x + " c" + c);
          }
    assertArrayEquals(in, Augment.crop(images(), p, new int[] {2, 2, 2}, new int[] {2, 2, 2}).toFloatArray(), "centre crop = identity");
  }

  @Test void randomCropIsDeterministicPerSeedAndStaysInRange() {
    Array a = Augment.randomCrop(images(), 1, 5), b = Augment.randomCrop(images(), 1, 5);
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertArrayEquals(images().shape(), a.shape());
    boolean differs = false;
    for (long s = 0; s < 20; s++) differs |= !Arrays.equals(a.toFloatArray(), Augment.randomCrop(images(), 1, s).toFloatArray());
    assertEquals(true, differs);
    assertArrayEquals(images().toFloatArray(), Augment.randomCrop(images(), 0, 3).toFloatArray(), "no padding, no change");
    assertThrows(IllegalArgumentException.class, () -> Augment.crop(images(), 1, new int[] {0, 0, 3}, new int[3]));
  }

  @Test void flipMirrorsTheChosenImages() {
    float[] in = images().toFloatArray(), out = Augment.flipHorizontal(images(), new boolean[] {true, false, true}).toFloatArray();
    for (int n = 0; n < N; n++)
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          for (int c = 0; c < C; c++) assertEquals(at(in, n, y, n == 1 ? x : W - 1 - x, c), at(out, n, y, x, c));
    Array grey = Array.of(new int[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
    assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, Augment.flipHorizontal(grey, new boolean[] {true}).toIntArray());
    assertArrayEquals(Augment.randomFlip(images(), 9).toFloatArray(), Augment.randomFlip(images(), 9).toFloatArray());
  }

  @Test void randomFlipFlipsAboutHalf() {
    float[] a = new float[1000 * 2];
    for (int i = 0; i < 1000; i++) a[2 * i] = 1;
    float[] out = Augment.randomFlip(Array.of(a, 1000, 1, 2), 11).toFloatArray();
    int flipped = 0;
    for (int i = 0; i < 1000; i++) if (out[2 * i] == 0) flipped++;
    assertEquals(500, flipped, 60);
  }

  @Test void normalizeIsPerChannelAndTraces() {
    Array x = Array.of(new float[] {1, 10, 3, 30}, 1, 1, 2, 2);
    float[] mean = {1, 10}, std = {2, 5};
    assertArrayEquals(new float[] {0, 0, 1, 4}, Augment.normalize(x, mean, std).toFloatArray());
    assertArrayEquals(new float[] {0, 0, 1, 4}, Graft.jit((Array v) -> Augment.normalize(v, mean, std)).apply(x).toFloatArray());
    assertEquals(io.graft.numerics.DType.F32, Augment.normalize(x, mean, std).dtype());
    assertThrows(ShapeError.class, () -> Augment.normalize(x, new float[] {1, 2, 3}, new float[] {1, 2, 3}));
    assertThrows(DTypeError.class, () -> Augment.normalize(Array.of(new int[] {1}), new float[] {0}, new float[] {1}));
    assertThrows(ShapeError.class, () -> Augment.randomCrop(Array.of(new float[4], 2, 2), 1, 0));
    assertNotEquals(0, Shuffle.seed(1, 2) ^ Shuffle.seed(2, 1));
  }
}
