package io.graft.quant;

/**
 * Max pooling of u8 activation codes, channels last: quantization is monotone, so the largest code of a window is
 * the code of the window's largest value. Padded positions are skipped (as a max pool's {@code -∞} padding is).
 * <pre>{@code
 * byte[] p = CodePools.max(codes, n, 28, 28, 16, 2, 2, 0);   // 2×2/2 VALID: [n, 14, 14, 16]
 * }</pre>
 */
final class CodePools {
  private CodePools() {}

  /** The output size of a {@code k}-window with stride {@code s} and {@code pad} on both sides over {@code size}. */
  static int pooled(int size, int k, int s, int pad) { return (size + 2 * pad - k) / s + 1; }

  /** {@code out[b, i, j, f] = max} of {@code q[b, i·s + di - pad, j·s + dj - pad, f]} over the in-range {@code di, dj < k}. */
  static byte[] max(byte[] q, int n, int h, int w, int c, int k, int s, int pad) {
    int ph = pooled(h, k, s, pad), pw = pooled(w, k, s, pad);
    byte[] out = new byte[n * ph * pw * c];
    if (k == 2 && s == 2 && pad == 0 && h % 2 == 0 && w % 2 == 0) {   // the demo CNN's pools
      io.graft.numerics.kernels.QuantGemm.maxPool2x2(q, n, h, w, c, out);
      return out;
    }
    int[] m = new int[c];
    for (int b = 0; b < n; b++)
      for (int i = 0; i < ph; i++)
        for (int j = 0; j < pw; j++) {
          java.util.Arrays.fill(m, 0);
          for (int di = 0; di < k; di++) {
            int y = i * s + di - pad;
            if (y < 0 || y >= h) continue;
            for (int dj = 0; dj < k; dj++) {
              int x = j * s + dj - pad;
              if (x < 0 || x >= w) continue;
              int at = ((b * h + y) * w + x) * c;
              for (int f = 0; f < c; f++) m[f] = Math.max(m[f], q[at + f] & 0xFF);
            }
          }
          int o = ((b * ph + i) * pw + j) * c;
          for (int f = 0; f < c; f++) out[o + f] = (byte) m[f];
        }
    return out;
  }
}
