package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import io.graft.numerics.Simd;

/**
 * The integer product of quantized inference, {@code C[i, j] = Σ_p (A[i, p] - za) · W[j, p]} in exact 32-bit
 * integers: {@code A} is u8 {@code [m, k]} (an activation, zero point {@code za}), {@code W} is i8 {@code [n, k]} (one
 * row of {@code k} weights per output channel, zero point 0: symmetric), both row-major in {@code byte[]}s (u8 as
 * its bits). No overflow is possible for {@code k < 2^16}: each term is at most {@code 255 · 128} in magnitude.
 *
 * <p>Each row of {@code A} is widened once to ints with its zero point subtracted ({@code k} ints, in cache); the
 * weights stay bytes in memory (4× less traffic than f32, which is what batch 1 is bound by) and are widened in
 * registers as they are read: with the Vector API, {@code ByteVector} loads of {@code L} bytes widened to {@code L}
 * f32 lanes ({@code B2F}) and multiplied and accumulated by f32 FMAs in chunks short enough that every partial sum is
 * an integer below 2^24 (exact), each chunk then added to int lanes; four output channels per pass so each
 * activation load feeds four products. JDK 25's Vector API has no int8 dot-product (VNNI) operation, so the
 * widening is the price of int8 here; where oneDNN loads, the quantized layers run on {@link Int8Conv} instead, and
 * this class is their fallback. f32 FMAs measured 1.18x faster than int lanes' multiply and add
 * (784x256 at batch 1: 7.6 vs 9.0 us, 2026-12-05). Rows run in parallel for large
 * {@code m}; fewer than four rows split their output channels over the threads.
 */
public final class QuantGemm {
  private static final long PARALLEL_WORK = 1L << 20;
  /**
   * Products of fewer than four rows with at least this many multiply-adds split their output channels over the
   * threads in blocks of {@link #COLUMN_BLOCK} (a batch-1 layer: each thread widens and reads its share of the weights).
   */
  private static final long COLUMN_SPLIT_WORK = 1L << 16;
  private static final int COLUMN_BLOCK = 16;

  private QuantGemm() {}

  /** {@code C = (A - za) · Wᵀ} as described in the class doc; {@code c} is {@code [m, n]} row-major. */
  public static int[] u8i8(byte[] a, int za, byte[] w, int m, int k, int n) {
    if (a.length != m * k || w.length != n * k)
      throw new IllegalArgumentException("QuantGemm: A has " + a.length + " bytes for [" + m + ", " + k + "], W " + w.length
          + " for [" + n + ", " + k + "]");
    if (splitsColumns(m, k, n))                  // a few rows: the threads share each row's output channels
      return byColumns(w, m, k, n, (i, rowF) -> widen(a, i * k, k, za, rowF, 0));
    int[] c = new int[m * n];
    long work = (long) m * n * k;
    int grain = work < PARALLEL_WORK ? Math.max(1, m) : (Math.max(1, (int) (PARALLEL_WORK / ((long) n * k))) + 3) / 4 * 4;   // whole groups of 4 rows
    boolean simd = Simd.AVAILABLE;
    Parallel.range(m, grain, (lo, hi) -> {
      int[] row = simd ? null : new int[k];
      float[] rowF = simd ? scratch(Math.min(4, hi - lo) * k) : null;
      for (int i = lo; i < hi; i++) {
        if (simd && i + 4 <= hi) {                 // four rows share each widened weight vector
          widen(a, i * k, 4 * k, za, rowF, 0);
          QuantGemmSimd.rows4(rowF, w, k, n, c, i * n);
          i += 3;
        } else if (simd) {
          widen(a, i * k, k, za, rowF, 0);
          QuantGemmSimd.row(rowF, w, k, n, c, i * n);
        } else {
          for (int p = 0; p < k; p++) row[p] = (a[i * k + p] & 0xFF) - za;
          scalarRow(row, w, k, n, c, i * n);
        }
      }
    });
    return c;
  }

  /**
   * {@link #u8i8(byte[], int, byte[], int, int, int)} of {@link #quantizeU8 QuantizeLinear(x, scale, za)}: the same
   * integers, but a product of fewer than four rows (batch-1 inference) quantizes each row of {@code x} straight into
   * the widened activation row the kernel reads ({@code q - za} as floats) instead of writing the u8 bytes and widening
   * them again.
   * <pre>{@code
   * int[] acc = QuantGemm.u8i8(x, s_x, z_x, w, 1, 784, 256);   // == u8i8(quantizeU8(x, s_x, z_x), z_x, w, 1, 784, 256)
   * }</pre>
   */
  public static int[] u8i8(float[] x, float scale, int za, byte[] w, int m, int k, int n) {
    if (x.length != m * k || w.length != n * k)
      throw new IllegalArgumentException("QuantGemm: x has " + x.length + " floats for [" + m + ", " + k + "], W " + w.length
          + " bytes for [" + n + ", " + k + "]");
    if (!splitsColumns(m, k, n)) return u8i8(quantizeU8(x, scale, za), za, w, m, k, n);
    return byColumns(w, m, k, n, (i, rowF) -> {
      int p = QuantGemmSimd.quantizeWidened(x, i * k, k, scale, za, rowF);
      for (; p < k; p++) rowF[p] = quantize(x[i * k + p], scale, za, 0, 255) - za;
    });
  }

  /** Whether a product runs {@link #byColumns}: SIMD, fewer than four rows, enough work, at least two column blocks. */
  private static boolean splitsColumns(int m, int k, int n) {
    return Simd.AVAILABLE && m < 4 && (long) m * n * k >= COLUMN_SPLIT_WORK && n >= 2 * COLUMN_BLOCK && Parallel.threads() > 1;
  }

  /** Writes activation row {@code i}, widened to {@code q - za} as floats, into {@code rowF} ({@code k} long). */
  private interface RowWidening { void widen(int i, float[] rowF); }

  /** The product row by row, each row's output channels split over the threads in blocks of {@link #COLUMN_BLOCK}. */
  private static int[] byColumns(byte[] w, int m, int k, int n, RowWidening row) {
    int[] c = new int[m * n];
    float[] rowF = scratch(k);
    int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    for (int i = 0; i < m; i++) {
      row.widen(i, rowF);
      int off = i * n;
      Parallel.range(blocks, 1, (lo, hi) -> QuantGemmSimd.row(rowF, w, k, lo * COLUMN_BLOCK, Math.min(n, hi * COLUMN_BLOCK), c, off));
    }
    return c;
  }

  /**
   * Each thread's buffer for widened activation rows, reused across calls: a fresh array is fresh memory, which cost
   * about 0.1 ns a byte here (a 784-wide row block of four: 1.2 µs of a 6 µs batch-1 layer; 2026-12-06).
   */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  /** This thread's scratch buffer of at least {@code n} floats (contents undefined). */
  private static float[] scratch(int n) {
    float[] s = SCRATCH.get();
    if (s.length < n) SCRATCH.set(s = new float[n]);
    return s;
  }

  /** {@code out[at + p] = (a[from + p] & 0xFF) - za} for {@code p < len}: u8 activations minus their zero point, as floats. */
  private static void widen(byte[] a, int from, int len, int za, float[] out, int at) {
    int p = QuantGemmSimd.widen(a, from, len, za, out, at);
    for (; p < len; p++) out[at + p] = (a[from + p] & 0xFF) - za;
  }

  /**
   * 2×2 max-pool, stride 2, VALID, of u8 codes {@code [n, h, w, c]} into {@code out} ({@code [n, h/2, w/2, c]}):
   * the largest code of each window (unsigned). Quantization is monotone, so this is the code of the pooled value.
   */
  public static void maxPool2x2(byte[] q, int n, int h, int w, int c, byte[] out) {
    int ph = h / 2, pw = w / 2, row = w * c;
    if (out.length != n * ph * pw * c || q.length != n * h * w * c)
      throw new IllegalArgumentException("QuantGemm.maxPool2x2: " + q.length + " codes for [" + n + ", " + h + ", " + w + ", " + c
          + "], " + out.length + " out");
    for (int b = 0; b < n; b++)
      for (int i = 0; i < ph; i++)
        for (int j = 0; j < pw; j++) {
          int a0 = ((b * h + 2 * i) * w + 2 * j) * c, a1 = a0 + c, a2 = a0 + row, a3 = a2 + c;
          int o = ((b * ph + i) * pw + j) * c;
          int f = Simd.AVAILABLE ? QuantGemmSimd.max4(q, a0, a1, a2, a3, out, o, c) : 0;
          for (; f < c; f++)
            out[o + f] = (byte) Math.max(Math.max(q[a0 + f] & 0xFF, q[a1 + f] & 0xFF), Math.max(q[a2 + f] & 0xFF, q[a3 + f] & 0xFF));
        }
  }

  /** The scalar loops: {@code c[off + j] = Σ_p row[p] · w[j·k + p]}. */
  static void scalarRow(int[] row, byte[] w, int k, int n, int[] c, int off) {
    for (int j = 0; j < n; j++) {
      int acc = 0, base = j * k;
      for (int p = 0; p < k; p++) acc += row[p] * w[base + p];
      c[off + j] = acc;
    }
  }

  /**
   * ONNX {@code QuantizeLinear} to u8: {@code q = saturate(round_half_even(x / scale) + zeroPoint)} into {@code [0, 255]}
   * (the division in f32, as ONNX Runtime; NaN gives the zero point).
   */
  public static byte[] quantizeU8(float[] x, float scale, int zeroPoint) {
    byte[] q = new byte[x.length];
    if (Simd.AVAILABLE) QuantGemmSimd.quantize(x, 0, x.length, scale, zeroPoint, q, 0);
    else for (int i = 0; i < x.length; i++) q[i] = (byte) quantize(x[i], scale, zeroPoint, 0, 255);
    return q;
  }

  /** One value of {@code QuantizeLinear}: {@code clamp(rint(x / scale) + zeroPoint, lo, hi)}; NaN gives the zero point. */
  public static int quantize(float x, float scale, int zeroPoint, int lo, int hi) {
    float r = x / scale;
    if (Float.isNaN(r)) return Math.clamp(zeroPoint, lo, hi);
    double q = Math.rint(r) + zeroPoint;
    return (int) Math.max(lo, Math.min(hi, q));
  }

  /**
   * The requantisation between layers: {@code y[i, j] = act(acc[i, j] · inScale · wScale[j] + bias[j])} (f32), then, when
   * {@code outScale > 0}, {@link #quantize} to u8 with {@code (outScale, outZero)} into {@code q} (else {@code y} is
   * returned as floats in {@code f}). {@code relu} applies {@code max(y, 0)}; {@code bias} may be null.
   */
  public static void requantize(int[] acc, int m, int n, float inScale, float[] wScale, float[] bias, boolean relu,
                                float outScale, int outZero, byte[] q, float[] f) {
    if (Simd.AVAILABLE) {
      for (int i = 0; i < m; i++) QuantGemmSimd.requantizeRow(acc, i * n, inScale, wScale, bias, relu, n, outScale, outZero, q, f, i * n);
      return;
    }
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        float y = acc[i * n + j] * (inScale * wScale[j]);
        if (bias != null) y += bias[j];
        if (relu && y < 0) y = 0;
        if (q != null) q[i * n + j] = (byte) quantize(y, outScale, outZero, 0, 255);
        else f[i * n + j] = y;
      }
  }
}
