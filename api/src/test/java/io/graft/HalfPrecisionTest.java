package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Half;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * bf16/f16 at the user level: JAX's promotion with weak literals; elementwise ops computed in f32 and rounded once;
 * matmul, convolution and reductions accumulated in f32 and rounded at the end; data movement bit-exact (NaN
 * payloads included); jit equal to eager bit for bit.
 */
class HalfPrecisionTest {
  private static final DType[] HALVES = {DType.BF16, DType.F16};

  private static Array random(DType d, long seed, double lo, double hi, int... shape) {
    Random r = new Random(seed);
    int n = 1;
    for (int s : shape) n *= s;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    return Array.of(v, shape).astype(d);
  }

  /** {@code f} on the 16-bit {@code x} equals {@code f} on its exact f32 widening, rounded once: bit for bit. */
  private static void roundsOnce(DType d, Array x, UnaryOperator<Array> f) {
    Array got = f.apply(x);
    assertEquals(d, got.dtype());
    assertArrayEquals(f.apply(x.astype(DType.F32)).astype(d).toHalfBits(), got.toHalfBits());
  }

  @Test void promotionFollowsJaxWithWeakLiterals() {
    Array b = Array.of(new float[] {1, 2}).astype(Np.bfloat16), h = Array.of(new float[] {1, 2}).astype(Np.float16);
    assertEquals(DType.F32, b.add(h).dtype());
    assertEquals(DType.F32, b.add(Np.ones(2)).dtype());
    assertEquals(DType.F64, h.add(Np.ones(2).astype(Np.float64)).dtype());
    assertEquals(DType.BF16, b.add(Array.of(new int[] {1, 2})).dtype());
    assertEquals(DType.BF16, b.mul(0.1).dtype());                     // a weak Java float literal takes bf16
    assertEquals(DType.F16, h.add(3).dtype());
    assertEquals(DType.BF16, b.mul(Array.scalar(0.1)).dtype());
  }

  @Test void elementwiseOpsComputeInF32AndRoundOnce() {
    for (DType d : HALVES) {
      Array x = random(d, 1, 0.1, 4, 257), y = random(d, 2, -3, 3, 257);
      roundsOnce(d, x, Array::exp);
      roundsOnce(d, x, Array::log);
      roundsOnce(d, x, Array::tanh);
      roundsOnce(d, x, Array::sqrt);
      roundsOnce(d, x, Array::logistic);
      roundsOnce(d, x, a -> a.pow(1.5));
      roundsOnce(d, x, a -> a.mul(y.astype(a.dtype())));
      roundsOnce(d, x, a -> a.add(1.25));
      roundsOnce(d, x, a -> a.div(y.astype(a.dtype())));
      assertArrayEquals(x.astype(DType.F32).toFloatArray().length == 0 ? new boolean[0]
          : x.astype(DType.F32).gt(y.astype(DType.F32)).toBooleanArray(), x.gt(y).toBooleanArray());
    }
  }

  @Test void matmulConvAndReductionsAccumulateInF32() {
    for (DType d : HALVES) {
      Array a = random(d, 3, -1, 1, 9, 70), b = random(d, 4, -1, 1, 70, 5);
      assertArrayEquals(a.astype(DType.F32).matmul(b.astype(DType.F32)).astype(d).toHalfBits(), a.matmul(b).toHalfBits());
      Array img = random(d, 5, -1, 1, 2, 3, 8, 8), k = random(d, 6, -1, 1, 4, 3, 3, 3);
      Array conv = Lax.conv(img, k, new int[] {1, 1}, "SAME");
      assertEquals(d, conv.dtype());
      assertArrayEquals(Lax.conv(img.astype(DType.F32), k.astype(DType.F32), new int[] {1, 1}, "SAME").astype(d).toHalfBits(),
          conv.toHalfBits());
      roundsOnce(d, a, x -> x.sum(1));
      roundsOnce(d, a, x -> x.mean(0));
      roundsOnce(d, a, x -> x.var(1));
      roundsOnce(d, a, x -> x.max(0));
      float[] soft = Np.softmax(a, 1).astype(DType.F32).toFloatArray(), ref = Np.softmax(a.astype(DType.F32), 1).toFloatArray();
      for (int i = 0; i < ref.length; i++) assertEquals(ref[i], soft[i], 0x1p-6 * ref[i] * 3, "softmax, a composite rounding per op");
      roundsOnce(d, a, x -> Np.cumsum(x, 1));
    }
  }

  /** In bf16 arithmetic 256 + 1 == 256, so a sum accumulated in bf16 would stop at 256; f32 accumulation is exact. */
  @Test void sumOfManyOnesIsExact() {
    assertEquals(1000f, Np.ones(1000).astype(Np.bfloat16).sum().item());
    assertEquals(1000f, Np.ones(1000).astype(Np.bfloat16).mean().mul(1000).item());
    assertEquals(4096f, Np.ones(64, 64).astype(Np.float16).sum().item());          // f16 adds 2048 + 1 == 2048
  }

  @Test void dataMovementKeepsEveryBitIncludingNaNPayloads() {
    short[] bits = {0x3f80, (short) 0x7f81, (short) 0xff82, 0x0001, (short) 0x8000, 0x7f80};   // incl. signalling NaNs
    for (DType d : HALVES) {
      Array x = Array.ofHalfBits(d, bits, 2, 3);
      assertArrayEquals(new short[] {0x3f80, 0x0001, (short) 0x7f81, (short) 0x8000, (short) 0xff82, 0x7f80}, x.transpose().toHalfBits());
      assertArrayEquals(new short[] {(short) 0x7f81, (short) 0xff82}, x.get(0).slice(1, 3).toHalfBits());
      assertArrayEquals(new short[] {0x0001, (short) 0x7f81}, x.reshape(6).take(Array.of(new int[] {3, 1})).toHalfBits());
      short[] cat = Np.concatenate(0, x.reshape(6), x.reshape(6)).toHalfBits();
      assertArrayEquals(bits, java.util.Arrays.copyOfRange(cat, 6, 12));
      assertArrayEquals(new short[] {0x3f80, 0x7f80},
          Np.where(Array.of(new boolean[] {true, false}), x.reshape(6).slice(0, 2), x.reshape(6).slice(4, 6)).toHalfBits());
    }
  }

  @Test void jitEqualsEagerBitForBit() {
    for (DType d : HALVES) {
      ArrayFn f = x -> x.mul(x).add(1.5).tanh().mul(x.exp()).sub(x.max()).div(3);
      Array x = random(d, 7, -2, 2, 33, 17);
      Array eager = f.apply(x), jitted = Graft.jit(f).apply(x);
      assertEquals(d, jitted.dtype());
      assertArrayEquals(eager.toHalfBits(), jitted.toHalfBits());
    }
  }

  /** The elementwise chain is one fused 16-bit loop (loads widen in registers, each op rounds), equal to eager. */
  @Test void elementwiseChainsFuseIn16Bit() {
    for (DType d : HALVES) {
      ArrayFn f = x -> x.mul(x).add(1.5).tanh().mul(x.exp()).div(3).sub(x);
      Array x = random(d, 11, -2, 2, 40, 9);
      JittedArrayFn j = Graft.jit(f);
      String lowered = j.lower(x);
      assertTrue(lowered.contains("kernel " + d + "[40,9]"), lowered);
      assertEquals(1, lowered.split("kernel ", -1).length - 1, lowered);
      assertArrayEquals(f.apply(x).toHalfBits(), j.apply(x).toHalfBits());
      Array y = random(d, 12, -1, 1, 9);                                     // a broadcast operand and a comparison
      ArrayFn g = v -> Np.where(v.gt(y), v.mul(y), v.sub(y).logistic());
      assertArrayEquals(g.apply(x).toHalfBits(), Graft.jit(g).apply(x).toHalfBits());
    }
  }

  @Test void gradVmapAndJvpMatchF64WithinHalfTolerance() {
    for (DType d : HALVES) {
      double tol = d == DType.BF16 ? 0x1p-6 : 0x1p-9;
      Array x = random(d, 8, -1.5, 1.5, 16);
      double[] xs = x.toDoubleArray();
      ArrayFn f = v -> v.tanh().mul(v).sum();
      Array g = Graft.grad(f).apply(x);
      assertEquals(d, g.dtype());
      double[] gs = g.toDoubleArray();
      for (int i = 0; i < xs.length; i++) {
        double t = Math.tanh(xs[i]), want = t + xs[i] * (1 - t * t);
        assertEquals(want, gs[i], tol * Math.max(1, Math.abs(want)) * 4, "d/dx x tanh x at " + xs[i]);
      }
      Array batch = random(d, 9, -1, 1, 4, 16);
      Array vm = Graft.vmap((ArrayFn) v -> v.tanh().mul(v).sum()).apply(batch);
      for (int i = 0; i < 4; i++) assertEquals(f.apply(batch.get(i)).toHalfBits()[0], vm.toHalfBits()[i]);
      var out = Graft.jvp((Array v) -> v.exp().sum(), x, Np.onesLike(x));
      assertEquals(d, out._2.dtype());
      double want = 0;
      for (double v : xs) want += Math.exp(v);
      assertEquals(want, out._2.toDoubleArray()[0], want * tol * 4);
    }
  }

  @Test void controlFlowTracesAndRunsIn16Bit() {
    for (DType d : HALVES) {
      Array x = random(d, 10, -1, 1, 5, 3);
      var scanned = Lax.scan((Array c, Array row) -> new io.vavr.Tuple2<>(c.add(row.tanh()), c.mul(2)), Np.zeros(3).astype(d), x);
      Array c = Np.zeros(3).astype(d);
      for (int i = 0; i < 5; i++) c = c.add(x.get(i).tanh());
      assertEquals(d, scanned._1.dtype());
      assertArrayEquals(c.toHalfBits(), scanned._1.toHalfBits());
      Array picked = Lax.cond(Array.of(new boolean[] {true}).reshape(), (Array v) -> v.exp(), (Array v) -> v.neg(), x);
      assertArrayEquals(x.exp().toHalfBits(), picked.toHalfBits());
      Array looped = Lax.foriLoop(0, 3, (i, v) -> v.mul(v).add(0.5), x);
      assertArrayEquals(x.mul(x).add(0.5).mul(x.mul(x).add(0.5)).add(0.5)
          .mul(x.mul(x).add(0.5).mul(x.mul(x).add(0.5)).add(0.5)).add(0.5).toHalfBits(), looped.toHalfBits());
    }
  }

  @Test void randomValuesAndFloatLimitsIn16Bit() {
    for (DType d : HALVES) {
      Array u = io.graft.Random.uniform(io.graft.Random.key(1), new int[] {4000}, d, -1, 1);
      assertEquals(d, u.dtype());
      double lo = 1, hi = -1;
      for (double v : u.toDoubleArray()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      assertTrue(lo >= -1 && lo < -0.98 && hi < 1 && hi >= 1 - 0x1p-6, d + " uniform in [-1, 1): " + lo + " .. " + hi);
      Array n = io.graft.Random.normal(io.graft.Random.key(2), new int[] {4000}, d);
      double mean = n.astype(DType.F32).mean().item().doubleValue(), sd = n.astype(DType.F32).std().item().doubleValue();
      for (double v : n.toDoubleArray()) assertTrue(Double.isFinite(v), d + " normal gave " + v);
      assertEquals(0, mean, 0.08);
      assertEquals(1, sd, 0.08);
      Array withInf = Array.of(new float[] {Float.NEGATIVE_INFINITY, 0, 1}).astype(d);
      assertEquals((float) Math.log(1 + Math.E), Np.logsumexp(withInf).item().floatValue(), 0.02);
    }
    assertEquals(Half.fromBf16((short) 0x7f7f), DType.BF16.maxFinite(), 0);
    assertEquals(65504, DType.F16.maxFinite(), 0);
    assertEquals(0x1p-14, DType.F16.minNormal(), 0);
  }

  @Test void printsLikeNumpy() {
    assertEquals("[0.1 1.  2.5]", Array.of(new float[] {0.1f, 1, 2.5f}).astype(Np.float16).toString());
    assertEquals(0.10009765625f, Array.of(new float[] {0.1f}).astype(Np.bfloat16).item());
    assertTrue(Float.isNaN(Half.fromBf16(Array.of(new float[] {Float.NaN}).astype(Np.bfloat16).toHalfBits()[0])));
  }
}
