package io.graft.numerics.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API rows of {@link QuantGemm} (loaded only when {@code io.graft.numerics.Simd#AVAILABLE}): int lanes of the
 * preferred width, weights loaded as a quarter-width byte vector and sign-extended ({@code B2I}), four output channels
 * per pass.
 */
final class QuantGemmSimd {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(F.vectorBitSize()));
  private static final int L = Math.min(F.length(), B.length());
  /**
   * Elements of {@code p} per f32 chunk: each lane then sums at most 512 products of magnitude <= 255 · 128, so its
   * partial sums are integers below 2^24, exact in f32; each chunk's lanes go to int lanes before the next.
   */
  private static final int CHUNK = 512 * L;

  private QuantGemmSimd() {}

  private static FloatVector widen(byte[] w, int at) {
    return (FloatVector) ByteVector.fromArray(B, w, at).convertShape(VectorOperators.B2F, F, 0);
  }

  private static IntVector exact(FloatVector s) { return (IntVector) s.convertShape(VectorOperators.F2I, I, 0); }

  /**
   * {@code c[off + j] = Σ_p row[p] · w[j·k + p]} for {@code j < n}, {@code row} the activation row minus its zero point
   * as (integer-valued) floats. Products and sums run as f32 FMAs, which are exact here (see {@link #CHUNK}) and
   * issue faster than the Vector API's 32-bit integer multiply; the result is the exact integer sum.
   */
  static void row(float[] row, byte[] w, int k, int n, int[] c, int off) { row(row, w, k, 0, n, c, off); }

  /** {@link #row} for the output channels {@code [from, to)} only (exact int sums: any split gives the same result). */
  static void row(float[] row, byte[] w, int k, int from, int to, int[] c, int off) {
    int bound = k - Math.max(L, B.length()) + 1;   // a byte load reads B.length() bytes; only L of them are used
    int j = from, n = to;
    for (; j + 4 <= n; j += 4) {
      int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      IntVector t0 = IntVector.zero(I), t1 = t0, t2 = t0, t3 = t0;
      int p = 0;
      while (p < bound) {
        int end = Math.min(bound, p + CHUNK);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (; p < end; p += L) {
          FloatVector x = FloatVector.fromArray(F, row, p);
          s0 = x.fma(widen(w, b0 + p), s0);
          s1 = x.fma(widen(w, b1 + p), s1);
          s2 = x.fma(widen(w, b2 + p), s2);
          s3 = x.fma(widen(w, b3 + p), s3);
        }
        t0 = t0.add(exact(s0)); t1 = t1.add(exact(s1)); t2 = t2.add(exact(s2)); t3 = t3.add(exact(s3));
      }
      int a0 = t0.reduceLanes(VectorOperators.ADD), a1 = t1.reduceLanes(VectorOperators.ADD);
      int a2 = t2.reduceLanes(VectorOperators.ADD), a3 = t3.reduceLanes(VectorOperators.ADD);
      for (; p < k; p++) {
        int x = (int) row[p];
        a0 += x * w[b0 + p]; a1 += x * w[b1 + p]; a2 += x * w[b2 + p]; a3 += x * w[b3 + p];
      }
      c[off + j] = a0; c[off + j + 1] = a1; c[off + j + 2] = a2; c[off + j + 3] = a3;
    }
    for (; j < n; j++) {
      int base = j * k, p = 0;
      IntVector t = IntVector.zero(I);
      while (p < bound) {
        int end = Math.min(bound, p + CHUNK);
        FloatVector s = FloatVector.zero(F);
        for (; p < end; p += L) s = FloatVector.fromArray(F, row, p).fma(widen(w, base + p), s);
        t = t.add(exact(s));
      }
      int acc = t.reduceLanes(VectorOperators.ADD);
      for (; p < k; p++) acc += (int) row[p] * w[base + p];
      c[off + j] = acc;
    }
  }

  /**
   * Four activation rows at once ({@code x} holds them back to back, {@code k} each): {@code c[off + r·n + j] =
   * Σ_p x[r·k + p] · w[j·k + p]} for {@code r < 4, j < n}. Each weight vector is widened once and feeds four FMAs,
   * which is what a batch gains over {@link #row}; chunks and the exact int sums as there.
   */
  static void rows4(float[] x, byte[] w, int k, int n, int[] c, int off) {
    int bound = k - Math.max(L, B.length()) + 1;
    int k2 = 2 * k, k3 = 3 * k;
    for (int j = 0; j < n; j++) {
      int base = j * k, p = 0;
      int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      while (p < bound) {
        int end = Math.min(bound, p + CHUNK);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (; p < end; p += L) {
          FloatVector wv = widen(w, base + p);
          s0 = FloatVector.fromArray(F, x, p).fma(wv, s0);
          s1 = FloatVector.fromArray(F, x, k + p).fma(wv, s1);
          s2 = FloatVector.fromArray(F, x, k2 + p).fma(wv, s2);
          s3 = FloatVector.fromArray(F, x, k3 + p).fma(wv, s3);
        }
        a0 += exact(s0).reduceLanes(VectorOperators.ADD);
        a1 += exact(s1).reduceLanes(VectorOperators.ADD);
        a2 += exact(s2).reduceLanes(VectorOperators.ADD);
        a3 += exact(s3).reduceLanes(VectorOperators.ADD);
      }
      for (; p < k; p++) {
        int wp = w[base + p];
        a0 += (int) x[p] * wp; a1 += (int) x[k + p] * wp; a2 += (int) x[k2 + p] * wp; a3 += (int) x[k3 + p] * wp;
      }
      c[off + j] = a0; c[off + n + j] = a1; c[off + 2 * n + j] = a2; c[off + 3 * n + j] = a3;
    }
  }

  /**
   * {@code out[at + p] = (a[from + p] & 0xFF) - za} for the first {@code p} that fill whole vectors (u8 bits zero
   * extended, as {@link QuantGemm}'s scalar widening); returns that {@code p}, the caller widens the rest.
   */
  static int widen(byte[] a, int from, int len, int za, float[] out, int at) {
    int p = 0;
    float z = za;
    for (; p + QL <= len && from + p + QB.length() <= a.length; p += QL) {
      ((FloatVector) ByteVector.fromArray(QB, a, from + p).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)
          .convertShape(VectorOperators.I2F, F, 0)).sub(z).intoArray(out, at + p);
    }
    return p;
  }

  /** 16 bytes: the channel rows of a small layer's pooled pixel (16 or 32 codes) in one or two steps. */
  private static final VectorSpecies<Byte> PB = ByteVector.SPECIES_128;

  /**
   * {@code out[o + f] = umax(q[a0 + f], q[a1 + f], q[a2 + f], q[a3 + f])} for the first {@code f} that fill whole
   * 16-byte vectors of {@code len}; returns that {@code f}, the caller does the rest.
   */
  static int max4(byte[] q, int a0, int a1, int a2, int a3, byte[] out, int o, int len) {
    int f = 0;
    for (; f + PB.length() <= len; f += PB.length()) {
      ByteVector m = ByteVector.fromArray(PB, q, a0 + f).lanewise(VectorOperators.UMAX, ByteVector.fromArray(PB, q, a1 + f));
      ByteVector n = ByteVector.fromArray(PB, q, a2 + f).lanewise(VectorOperators.UMAX, ByteVector.fromArray(PB, q, a3 + f));
      m.lanewise(VectorOperators.UMAX, n).intoArray(out, o + f);
    }
    return f;
  }

  /** Bytes written per step of {@link #quantize}: one f32 vector's lanes. */
  private static final VectorSpecies<Byte> QB = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
  private static final int QL = Math.min(F.length(), QB.length());
  /** 1.5 · 2^23: {@code (v + M) - M} is {@code rint(v)} (half to even) for {@code |v| <= 2^22}. */
  private static final float ROUNDER = 12582912f;

  /**
   * {@code q[o + i] = QuantizeLinear(y[i])} for {@code i < len}, {@code y[i] = act(acc[a + i] · (inScale · wScale[i]) + bias[i])}
   * ({@code bias} may be null; {@code relu} as {@code y < 0 ? 0 : y}), the same bits as {@link QuantGemm#quantize}
   * after the same f32 arithmetic: the division by {@code scale} in f32, round half to even (by {@link #ROUNDER}, after
   * clamping to {@code ±2^22}, which saturates the same), the zero point, saturation to {@code [0, 255]}, NaN to the
   * (clamped) zero point. With {@code q} null the f32 {@code y} goes to {@code f} instead.
   */
  static void requantizeRow(int[] acc, int a, float inScale, float[] wScale, float[] bias, boolean relu, int len, float scale,
                            int zero, byte[] q, float[] f, int o) {
    int i = 0;
    float zp = Math.clamp(zero, 0, 255);
    for (; i + QL <= len; i += QL) {
      FloatVector y = ((FloatVector) IntVector.fromArray(I, acc, a + i).convertShape(VectorOperators.I2F, F, 0))
          .mul(FloatVector.fromArray(F, wScale, i).mul(inScale));
      if (bias != null) y = y.add(FloatVector.fromArray(F, bias, i));
      if (relu) y = y.blend(0f, y.lt(0f));
      if (q == null) { y.intoArray(f, o + i); continue; }
      quantizeInto(y, scale, zero, zp, q, o + i);
    }
    for (; i < len; i++) {
      float y = acc[a + i] * (inScale * wScale[i]);
      if (bias != null) y += bias[i];
      if (relu && y < 0) y = 0;
      if (q != null) q[o + i] = (byte) QuantGemm.quantize(y, scale, zero, 0, 255);
      else f[o + i] = y;
    }
  }

  /** {@code q[o + i] = QuantizeLinear(x[from + i])} for {@code i < len} (see {@link #requantizeRow}). */
  static void quantize(float[] x, int from, int len, float scale, int zero, byte[] q, int o) {
    int i = 0;
    float zp = Math.clamp(zero, 0, 255);
    for (; i + QL <= len; i += QL) quantizeInto(FloatVector.fromArray(F, x, from + i), scale, zero, zp, q, o + i);
    for (; i < len; i++) q[o + i] = (byte) QuantGemm.quantize(x[from + i], scale, zero, 0, 255);
  }

  private static void quantizeInto(FloatVector x, float scale, int zero, float zp, byte[] q, int at) {
    ((ByteVector) quantized(x, scale, zero, zp).convertShape(VectorOperators.F2B, QB, 0)).intoArray(q, at);
  }

  /** The u8 values of {@code QuantizeLinear(x)} as floats in {@code [0, 255]} (see {@link #requantizeRow}). */
  private static FloatVector quantized(FloatVector x, float scale, int zero, float zp) {
    FloatVector r = x.div(scale);
    VectorMask<Float> nan = r.test(VectorOperators.IS_NAN);
    FloatVector v = r.max(-4194304f).min(4194304f).add(ROUNDER).sub(ROUNDER).add((float) zero).max(0f).min(255f);
    return v.blend(zp, nan);
  }

  /**
   * {@code out[i] = QuantizeLinear(x[from + i]) - za} as floats for the first {@code i} that fill whole vectors: what
   * {@link #quantize} then {@link #widen} give, in one pass; returns that {@code i}, the caller does the rest.
   */
  static int quantizeWidened(float[] x, int from, int len, float scale, int za, float[] out) {
    int i = 0;
    float zp = Math.clamp(za, 0, 255), z = za;
    for (; i + F.length() <= len; i += F.length())
      quantized(FloatVector.fromArray(F, x, from + i), scale, za, zp).sub(z).intoArray(out, i);
    return i;
  }
}
