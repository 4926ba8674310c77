package io.graft.numerics.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * A quantized convolution on oneDNN ({@link Dnnl}): {@code y[b, p, o] = act(s_x · s_o · Σ_{k, c} (q_x[b, p·s + k - lo,
 * c] - z_x) · W[o, k, c] + bias[o])}, NHWC u8 activations, OHWI i8 weights with one scale per output channel (zero
 * point 0), accumulated in exact 32-bit integers; the result requantised to u8 ({@code rint(y / s_y) + z_y}, saturated)
 * or kept as f32. A dense layer is the same with a 1×1 kernel on {@code [m, 1, 1, k]}. Padding reads the input's zero
 * point (the code of 0.0), as {@link QuantGemm}'s im2col does.
 * <pre>{@code
 * var layer = new Int8Conv.Layer(w, 64, 3, 3, 32, scales, bias, 1, 1, 1, 1, 1, 1, s_x, z_x);
 * boolean ran = Int8Conv.forward(layer, x, 1, 14, 14, true, s_y, z_y, yU8, null);   // false: oneDNN not loaded
 * }</pre>
 *
 * <p>Each layer's primitive (oneDNN picks its kernel: AMX tiles or AVX-512 VNNI where the CPU has them) and its
 * weights, reordered once into the layout that kernel reads, are kept per input shape in a plan owned by the weight
 * array: the plans go when the weights do. A call copies the input into a native buffer of one of the plan's
 * execution contexts (one per concurrent caller), executes and copies the result out. The integer sums are exact;
 * the f32 requantisation may round an activation to the neighbouring code where {@link QuantGemm#requantize}'s
 * order of f32 operations differs from oneDNN's (1 code at most; {@code Int8ConvTest}).
 */
public final class Int8Conv {
  private Int8Conv() {}

  /**
   * The constants of one layer.
   *
   * @param weights      i8 {@code [out, kh, kw, in]} (OHWI)
   * @param out          output channels
   * @param kh           kernel height
   * @param kw           kernel width
   * @param in           input channels
   * @param weightScales f32 {@code [out]}
   * @param bias         f32 {@code [out]} or null
   * @param sh           stride along height
   * @param sw           stride along width
   * @param top          padding above
   * @param bottom       padding below
   * @param left         padding on the left
   * @param right        padding on the right
   * @param inScale      the input's scale
   * @param inZero       the input's zero point (u8)
   */
  public record Layer(byte[] weights, int out, int kh, int kw, int in, float[] weightScales, float[] bias, int sh, int sw,
                      int top, int bottom, int left, int right, float inScale, int inZero) {
    /** Checks the array lengths. */
    public Layer {
      Objects.requireNonNull(weights, "weights is null");
      Objects.requireNonNull(weightScales, "weightScales is null");
      if (weights.length != out * kh * kw * in || weightScales.length != out || (bias != null && bias.length != out))
        throw new IllegalArgumentException("Int8Conv.Layer: weights " + weights.length + " bytes, scales " + weightScales.length
            + (bias == null ? "" : ", bias " + bias.length) + " for [" + out + ", " + kh + ", " + kw + ", " + in + "]");
    }

    /** {@code {oh, ow}} for an input of {@code h × w}. */
    public int[] outSize(int h, int w) {
      return new int[] {(h + top + bottom - kh) / sh + 1, (w + left + right - kw) / sw + 1};
    }

    /**
     * This layer on an {@code h × w} input without the kernel rows and columns that only ever meet padding: they add
     * {@code (z_x - z_x) · W = 0}, so the cropped kernel with the padding shifted gives the same sums and output
     * size. At batch 1, ResNet-18's last stage convolves a 1×1 input with 3×3 kernels, of which only the centre
     * tap meets it: 1/9 of the weight bytes. {@code this} when every tap is used.
     */
    Layer cropped(int h, int w) {
      int[] o = outSize(h, w);
      int[] rows = usedTaps(kh, o[0], sh, top, h), cols = usedTaps(kw, o[1], sw, left, w);
      int ch = rows[1] - rows[0], cw = cols[1] - cols[0], t = top - rows[0], l = left - cols[0];
      int b = (o[0] - 1) * sh + ch - h - t, r = (o[1] - 1) * sw + cw - w - l;
      if ((ch == kh && cw == kw) || b < 0 || r < 0) return this;     // every tap used, or a crop oneDNN could not pad
      byte[] c = new byte[out * ch * cw * in];
      for (int j = 0; j < out; j++)
        for (int y = 0; y < ch; y++)
          for (int x = 0; x < cw; x++)
            System.arraycopy(weights, ((j * kh + rows[0] + y) * kw + cols[0] + x) * in, c, ((j * ch + y) * cw + x) * in, in);
      return new Layer(c, out, ch, cw, in, weightScales, bias, sh, sw, t, b, l, r, inScale, inZero);
    }

    /** {@code [first, end)} of the taps along one axis that read an input position for some output position. */
    private static int[] usedTaps(int k, int outSize, int stride, int pad, int size) {
      int first = k, end = 0;
      for (int t = 0; t < k; t++)
        for (int y = 0; y < outSize; y++) {
          int i = y * stride + t - pad;
          if (i >= 0 && i < size) {
            first = Math.min(first, t);
            end = Math.max(end, t + 1);
            break;
          }
        }
      return first < end ? new int[] {first, end} : new int[] {0, k};   // no tap meets the input: leave it whole
    }
  }

  /**
   * Runs {@code layer} on the u8 input {@code src} ({@code [n, h, w, in]}) into {@code q} (u8, requantised with
   * {@code (outScale, outZero)}) or, when {@code q} is null, into {@code f} (f32); {@code relu} applies
   * {@code max(y, 0)} before the requantisation. Returns false, touching nothing, when oneDNN is not available or
   * has no convolution for this layer (logged once per layer and shape); the caller runs {@link QuantGemm} then.
   */
  public static boolean forward(Layer layer, byte[] src, int n, int h, int w, boolean relu, float outScale, int outZero,
                                byte[] q, float[] f) {
    if (!DnnlApi.AVAILABLE) return false;
    int[] o = layer.outSize(h, w);
    long outLen = (long) n * o[0] * o[1] * layer.out();
    if (src.length != (long) n * h * w * layer.in() || (q != null ? q.length : f.length) != outLen)
      throw new IllegalArgumentException("Int8Conv: input " + src.length + " bytes for [" + n + ", " + h + ", " + w + ", "
          + layer.in() + "], output " + (q != null ? q.length : f.length) + " for " + outLen);
    Plan plan = plan(layer, n, h, w, relu, q != null, outZero != 0);
    if (plan.failure != null) return false;                // oneDNN rejected this layer: the caller's kernel runs it
    Int8ConvNative.Exec e = plan.take();
    try {
      Dnnl.threads(plan.threads);
      MemorySegment.copy(src, 0, e.src, ValueLayout.JAVA_BYTE, 0, src.length);
      if (q != null) {
        e.dstScale.set(ValueLayout.JAVA_FLOAT, 0, outScale);
        e.dstZero.set(ValueLayout.JAVA_INT, 0, outZero);
      }
      long mask = plan.threads > 1 ? NativeSignals.block() : 0;   // OpenMP workers started here inherit it (Dnnl's class doc)
      try {
        Dnnl.check((int) DnnlApi.PRIMITIVE_EXECUTE.invokeExact(plan.state.primitive, e.stream, e.nargs, e.args), "dnnl_primitive_execute");
        Dnnl.check((int) DnnlApi.STREAM_WAIT.invokeExact(e.stream), "dnnl_stream_wait");
      } finally {
        if (plan.threads > 1) NativeSignals.restore(mask);
      }
      if (q != null) MemorySegment.copy(e.dst, ValueLayout.JAVA_BYTE, 0, q, 0, q.length);
      else MemorySegment.copy(e.dst, ValueLayout.JAVA_FLOAT, 0, f, 0, f.length);
    } catch (Dnnl.DnnlError err) {
      throw err;
    } catch (Throwable t) {
      throw new Dnnl.DnnlError("Int8Conv: " + t);
    } finally {
      plan.give(e);
    }
    return true;
  }

  /** Whether the int8 layers run on oneDNN here (links its primitive API on the first call: {@link DnnlApi}). */
  public static boolean available() { return DnnlApi.AVAILABLE; }

  /** The implementation oneDNN chose for {@code layer} at this shape (e.g. {@code brg_conv_fwd:avx10_1_512_amx}). */
  public static String implementation(Layer layer, int n, int h, int w) {
    if (!DnnlApi.AVAILABLE) return "none (" + DnnlApi.STATUS + ")";
    Plan p = plan(layer, n, h, w, false, true, false);
    return p.failure == null ? p.state.implementation : "none (" + p.failure + ")";
  }

  private static final Cleaner CLEANER = Cleaner.create();
  private static final System.Logger LOG = System.getLogger(Int8Conv.class.getName());
  /** Multiply-adds from which a layer runs on every OpenMP thread. */
  static final long PARALLEL_MACS = Long.getLong("graft.int8.parallelMacs", 8L << 20);
  /** Weight bytes from which a layer runs on every OpenMP thread. */
  static final long PARALLEL_WEIGHTS = Long.getLong("graft.int8.parallelWeights", 512L << 10);
  /** Plans by the weight array they were built for (weakly: a plan never refers to that array). */
  private static final Map<byte[], List<Plan>> PLANS = Collections.synchronizedMap(new WeakHashMap<>());

  private static Plan plan(Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) {
    List<Plan> plans = PLANS.computeIfAbsent(l.weights(), k -> Collections.synchronizedList(new ArrayList<>()));
    Key key = Key.of(l, n, h, w, relu, u8, dstZero);
    synchronized (plans) {
      for (Plan p : plans) if (p.key.equals(key)) return p;
      Plan p = new Plan(key, l, n, h, w, relu, u8, dstZero);
      plans.add(p);
      return p;
    }
  }

  /**
   * What a plan is built for: the layer's constants but its weight bytes (the map's key; a plan must not hold them),
   * the input shape and the output's form. Scales and bias are compared by identity, like the weights.
   */
  private record Key(int out, int kh, int kw, int in, int sh, int sw, int top, int bottom, int left, int right, float inScale,
                     int inZero, float[] weightScales, float[] bias, int n, int h, int w, boolean relu, boolean u8,
                     boolean dstZero) {
    static Key of(Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) {
      return new Key(l.out(), l.kh(), l.kw(), l.in(), l.sh(), l.sw(), l.top(), l.bottom(), l.left(), l.right(), l.inScale(),
          l.inZero(), l.weightScales(), l.bias(), n, h, w, relu, u8, dstZero);
    }
  }

  /** One layer at one input shape: the primitive, its reordered weights and a pool of execution contexts. */
  private static final class Plan {
    final Key key;
    /** OpenMP threads: see {@link #threads(Layer, int, int, int)}. */
    final int threads;
    final Int8ConvNative.State state;
    /** Why oneDNN could not build this layer (the caller's kernel runs it then), or null. */
    final String failure;

    Plan(Key key, Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) {
      this.key = key;
      threads = threads(l, n, h, w);
      state = new Int8ConvNative.State();
      CLEANER.register(this, state);
      String failed = null;
      long mask = threads > 1 ? NativeSignals.block() : 0;   // the weight reorder may start OpenMP workers (Dnnl's class doc)
      try {
        Dnnl.threads(threads);
        state.build(l.cropped(h, w), n, h, w, relu, u8, dstZero);
      } catch (Throwable t) {
        state.run();
        failed = t.getMessage();
        LOG.log(System.Logger.Level.INFO, "Graft int8: oneDNN has no convolution for [{0}, {1}, {2}, {3}] -> {4} channels, "
            + "{5}x{6} kernel ({7}); Graft''s own int8 kernel runs it", n, h, w, l.in(), l.out(), l.kh(), l.kw(), failed);
      } finally {
        if (threads > 1) NativeSignals.restore(mask);
      }
      failure = failed;
    }

    /**
     * One OpenMP thread for a small layer, all of them ({@link io.graft.numerics.Parallel#globalThreads()}) for one
     * with at least {@link #PARALLEL_MACS} multiply-adds (kernel taps over padding included) or
     * {@link #PARALLEL_WEIGHTS} weight bytes: waking the second thread costs more than it saves below that (2-core
     * AVX-512 Xeon, 2026-12-06: the 8×8×64 → 64 3×3 convolution, 2.4 M, 3.2 µs on one thread and 3.9 on two; 1×1×512 →
     * 512 3×3, 2.3 MB of weights, 23-37 against 11 µs).
     */
    static int threads(Layer l, int n, int h, int w) {
      int[] o = l.outSize(h, w);
      long macs = (long) n * o[0] * o[1] * l.out() * l.kh() * l.kw() * l.in();
      boolean big = macs >= PARALLEL_MACS || l.weights().length >= PARALLEL_WEIGHTS;
      return big ? io.graft.numerics.Parallel.globalThreads() : 1;
    }

    Int8ConvNative.Exec take() {
      Int8ConvNative.Exec e = state.idle.poll();
      return e != null ? e : state.newExec();
    }

    void give(Int8ConvNative.Exec e) { state.idle.offer(e); }
  }

}
