package io.graft.numerics.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

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
    if (!Dnnl.AVAILABLE) return false;
    int[] o = layer.outSize(h, w);
    long outLen = (long) n * o[0] * o[1] * layer.out();
    if (src.length != (long) n * h * w * layer.in() || (q != null ? q.length : f.length) != outLen)
      throw new IllegalArgumentException("Int8Conv: input " + src.length + " bytes for [" + n + ", " + h + ", " + w + ", "
          + layer.in() + "], output " + (q != null ? q.length : f.length) + " for " + outLen);
    Plan plan = plan(layer, n, h, w, relu, q != null, outZero != 0);
    if (plan.failure != null) return false;                // oneDNN rejected this layer: the caller's kernel runs it
    Exec e = plan.take();
    try {
      Dnnl.threads(plan.threads);
      MemorySegment.copy(src, 0, e.src, ValueLayout.JAVA_BYTE, 0, src.length);
      if (q != null) {
        e.dstScale.set(ValueLayout.JAVA_FLOAT, 0, outScale);
        e.dstZero.set(ValueLayout.JAVA_INT, 0, outZero);
      }
      Dnnl.check((int) Dnnl.PRIMITIVE_EXECUTE.invokeExact(plan.state.primitive, e.stream, e.nargs, e.args), "dnnl_primitive_execute");
      Dnnl.check((int) Dnnl.STREAM_WAIT.invokeExact(e.stream), "dnnl_stream_wait");
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

  /** The implementation oneDNN chose for {@code layer} at this shape (e.g. {@code brg_conv_fwd:avx10_1_512_amx}). */
  public static String implementation(Layer layer, int n, int h, int w) {
    if (!Dnnl.AVAILABLE) return "none (" + Dnnl.STATUS + ")";
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
    synchronized (plans) {
      for (Plan p : plans) if (p.matches(l, n, h, w, relu, u8, dstZero)) return p;
      Plan p = new Plan(l, n, h, w, relu, u8, dstZero);
      plans.add(p);
      return p;
    }
  }

  /** One layer at one input shape: the primitive, its reordered weights and a pool of execution contexts. */
  private static final class Plan {
    final int out, kh, kw, in, sh, sw, top, bottom, left, right, inZero, n, h, w;
    final float inScale;
    final float[] weightScales, bias;
    final boolean relu, u8, dstZero;
    /** OpenMP threads: see {@link #threads(Layer, int, int, int)}. */
    final int threads;
    final State state;
    /** Why oneDNN could not build this layer (the caller's kernel runs it then), or null. */
    final String failure;

    Plan(Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) {
      out = l.out(); kh = l.kh(); kw = l.kw(); in = l.in(); sh = l.sh(); sw = l.sw();
      top = l.top(); bottom = l.bottom(); left = l.left(); right = l.right(); inZero = l.inZero(); inScale = l.inScale();
      weightScales = l.weightScales(); bias = l.bias();
      this.n = n; this.h = h; this.w = w; this.relu = relu; this.u8 = u8; this.dstZero = dstZero;
      threads = threads(l, n, h, w);
      state = new State();
      CLEANER.register(this, state);
      String failed = null;
      try {
        Dnnl.threads(threads);
        state.build(l.cropped(h, w), n, h, w, relu, u8, dstZero);
      } catch (Throwable t) {
        state.run();
        failed = t.getMessage();
        LOG.log(System.Logger.Level.INFO, "Graft int8: oneDNN has no convolution for [{0}, {1}, {2}, {3}] -> {4} channels, "
            + "{5}x{6} kernel ({7}); Graft''s own int8 kernel runs it", n, h, w, l.in(), l.out(), l.kh(), l.kw(), failed);
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

    boolean matches(Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) {
      return this.n == n && this.h == h && this.w == w && this.relu == relu && this.u8 == u8 && this.dstZero == dstZero
          && out == l.out() && kh == l.kh() && kw == l.kw() && in == l.in() && sh == l.sh() && sw == l.sw() && top == l.top()
          && bottom == l.bottom() && left == l.left() && right == l.right() && inZero == l.inZero()
          && Float.floatToRawIntBits(inScale) == Float.floatToRawIntBits(l.inScale()) && weightScales == l.weightScales()
          && bias == l.bias();
    }

    Exec take() {
      Exec e = state.idle.poll();
      return e != null ? e : state.newExec();
    }

    void give(Exec e) { state.idle.offer(e); }
  }

  /** The native side of a plan, freed by the {@link #CLEANER} when the plan goes. */
  private static final class State implements Runnable {
    final Arena arena = Arena.ofShared();
    final ConcurrentLinkedQueue<Exec> idle = new ConcurrentLinkedQueue<>();
    final List<Exec> all = Collections.synchronizedList(new ArrayList<>());
    MemorySegment primitive = MemorySegment.NULL, weights = MemorySegment.NULL, bias = MemorySegment.NULL,
        weightScales = MemorySegment.NULL, srcScale = MemorySegment.NULL, srcZero = MemorySegment.NULL;
    MemorySegment srcDesc, dstDesc, scalarF32, scalarS32, scratchDesc;
    long srcBytes, dstBytes, scratchBytes;
    boolean u8, hasBias, srcZeroPoint, dstZeroPoint;
    String implementation = "";
    private boolean closed;

    void build(Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) throws Throwable {
      this.u8 = u8;
      hasBias = l.bias() != null;
      srcZeroPoint = l.inZero() != 0;
      dstZeroPoint = u8 && dstZero;
      int[] o = l.outSize(h, w);
      srcBytes = (long) n * h * w * l.in();
      dstBytes = (long) n * o[0] * o[1] * l.out() * (u8 ? 1 : 4);
      Arena a = arena;
      srcDesc = Dnnl.desc(a, Dnnl.U8, Dnnl.TAG_NHWC, n, l.in(), h, w);
      dstDesc = Dnnl.desc(a, u8 ? Dnnl.U8 : Dnnl.F32, Dnnl.TAG_NHWC, n, l.out(), o[0], o[1]);
      MemorySegment userWeights = Dnnl.desc(a, Dnnl.S8, Dnnl.TAG_OHWI, l.out(), l.in(), l.kh(), l.kw());
      MemorySegment anyWeights = Dnnl.desc(a, Dnnl.S8, Dnnl.TAG_ANY, l.out(), l.in(), l.kh(), l.kw());
      MemorySegment biasDesc = hasBias ? Dnnl.desc(a, Dnnl.F32, Dnnl.TAG_A, l.out()) : MemorySegment.NULL;
      MemorySegment scalesDesc = Dnnl.desc(a, Dnnl.F32, Dnnl.TAG_A, l.out());
      scalarF32 = Dnnl.desc(a, Dnnl.F32, Dnnl.TAG_A, 1);
      scalarS32 = Dnnl.desc(a, Dnnl.S32, Dnnl.TAG_A, 1);

      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      Dnnl.check((int) Dnnl.ATTR_CREATE.invokeExact(out), "dnnl_primitive_attr_create");
      MemorySegment attr = out.get(ValueLayout.ADDRESS, 0);
      MemorySegment postOps = MemorySegment.NULL;
      try {
        Dnnl.check((int) Dnnl.ATTR_SCRATCHPAD.invokeExact(attr, Dnnl.SCRATCHPAD_USER), "dnnl_primitive_attr_set_scratchpad_mode");
        Dnnl.check((int) Dnnl.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_SRC, 0), "dnnl_primitive_attr_set_scales_mask(src)");
        Dnnl.check((int) Dnnl.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_WEIGHTS, 1), "dnnl_primitive_attr_set_scales_mask(weights)");
        if (u8) Dnnl.check((int) Dnnl.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_DST, 0), "dnnl_primitive_attr_set_scales_mask(dst)");
        if (srcZeroPoint)
          Dnnl.check((int) Dnnl.ATTR_ZERO_POINTS.invokeExact(attr, Dnnl.ARG_SRC, 0), "dnnl_primitive_attr_set_zero_points_mask(src)");
        if (dstZeroPoint)
          Dnnl.check((int) Dnnl.ATTR_ZERO_POINTS.invokeExact(attr, Dnnl.ARG_DST, 0), "dnnl_primitive_attr_set_zero_points_mask(dst)");
        if (relu) {
          Dnnl.check((int) Dnnl.POST_OPS_CREATE.invokeExact(out), "dnnl_post_ops_create");
          postOps = out.get(ValueLayout.ADDRESS, 0);
          Dnnl.check((int) Dnnl.POST_OPS_ELTWISE.invokeExact(postOps, Dnnl.ELTWISE_RELU, 0f, 0f), "dnnl_post_ops_append_eltwise");
          Dnnl.check((int) Dnnl.ATTR_POST_OPS.invokeExact(attr, postOps), "dnnl_primitive_attr_set_post_ops");
        }
        MemorySegment strides = Dnnl.dims(a, l.sh(), l.sw()), dilates = Dnnl.dims(a, 0, 0);
        MemorySegment padL = Dnnl.dims(a, l.top(), l.left()), padR = Dnnl.dims(a, l.bottom(), l.right());
        Dnnl.check((int) Dnnl.CONV_PD.invokeExact(out, Dnnl.ENGINE, Dnnl.FORWARD_INFERENCE, Dnnl.CONVOLUTION_DIRECT, srcDesc,
            anyWeights, biasDesc, dstDesc, strides, dilates, padL, padR, attr), "dnnl_convolution_forward_primitive_desc_create");
      } finally {
        if (!postOps.equals(MemorySegment.NULL)) Dnnl.check((int) Dnnl.POST_OPS_DESTROY.invokeExact(postOps), "dnnl_post_ops_destroy");
        Dnnl.check((int) Dnnl.ATTR_DESTROY.invokeExact(attr), "dnnl_primitive_attr_destroy");
      }
      MemorySegment pd = out.get(ValueLayout.ADDRESS, 0);
      try {
        MemorySegment impl = a.allocate(ValueLayout.ADDRESS);
        Dnnl.check((int) Dnnl.PD_QUERY.invokeExact(pd, Dnnl.QUERY_IMPL_INFO_STR, 0, impl), "dnnl_primitive_desc_query(impl_info_str)");
        implementation = impl.get(ValueLayout.ADDRESS, 0).reinterpret(256).getString(0);
        MemorySegment chosen = (MemorySegment) Dnnl.PD_QUERY_MD.invokeExact(pd, Dnnl.QUERY_WEIGHTS_MD, 0);
        MemorySegment scratch = (MemorySegment) Dnnl.PD_QUERY_MD.invokeExact(pd, Dnnl.QUERY_SCRATCHPAD_MD, 0);
        scratchBytes = scratch.equals(MemorySegment.NULL) ? 0 : (long) Dnnl.MD_SIZE.invokeExact(scratch);
        Dnnl.check((int) Dnnl.PRIMITIVE_CREATE.invokeExact(out, pd), "dnnl_primitive_create");
        primitive = out.get(ValueLayout.ADDRESS, 0);
        // the scratchpad's descriptor belongs to pd: a plain byte buffer of its size stands in for it
        scratchDesc = scratchBytes > 0 ? Dnnl.desc(a, Dnnl.U8, Dnnl.TAG_A, scratchBytes) : MemorySegment.NULL;
        weights = reorderWeights(l, userWeights, chosen);
      } finally {
        Dnnl.check((int) Dnnl.PD_DESTROY.invokeExact(pd), "dnnl_primitive_desc_destroy");
      }
      if (hasBias) {
        MemorySegment b = a.allocate(4L * l.out(), 64);
        MemorySegment.copy(l.bias(), 0, b, ValueLayout.JAVA_FLOAT, 0, l.out());
        bias = Dnnl.memory(a, biasDesc, b);
      }
      MemorySegment s = a.allocate(4L * l.out(), 64);
      MemorySegment.copy(l.weightScales(), 0, s, ValueLayout.JAVA_FLOAT, 0, l.out());
      weightScales = Dnnl.memory(a, scalesDesc, s);
      MemorySegment ss = a.allocate(4, 4);
      ss.set(ValueLayout.JAVA_FLOAT, 0, l.inScale());
      srcScale = Dnnl.memory(a, scalarF32, ss);
      if (srcZeroPoint) {
        MemorySegment z = a.allocate(4, 4);
        z.set(ValueLayout.JAVA_INT, 0, l.inZero());
        srcZero = Dnnl.memory(a, scalarS32, z);
      }
    }

    /** The weights in the layout {@code chosen}, by a oneDNN reorder of the OHWI bytes; the memory object. */
    private MemorySegment reorderWeights(Layer l, MemorySegment userDesc, MemorySegment chosen) throws Throwable {
      Arena a = arena;
      MemorySegment user = a.allocate(l.weights().length, 64);
      MemorySegment.copy(l.weights(), 0, user, ValueLayout.JAVA_BYTE, 0, l.weights().length);
      long size = (long) Dnnl.MD_SIZE.invokeExact(chosen);
      MemorySegment packed = a.allocate(Math.max(1, size), 64);
      // a private copy of the chosen descriptor's layout: create the memory now, while pd (its owner) is alive
      MemorySegment packedMemory = Dnnl.memory(a, chosen, packed);
      MemorySegment userMemory = Dnnl.memory(a, userDesc, user);
      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      try {
        Dnnl.check((int) Dnnl.REORDER_PD.invokeExact(out, userDesc, Dnnl.ENGINE, chosen, Dnnl.ENGINE, MemorySegment.NULL),
            "dnnl_reorder_primitive_desc_create");
        MemorySegment rpd = out.get(ValueLayout.ADDRESS, 0);
        MemorySegment reorder;
        try {
          Dnnl.check((int) Dnnl.PRIMITIVE_CREATE.invokeExact(out, rpd), "dnnl_primitive_create(reorder)");
          reorder = out.get(ValueLayout.ADDRESS, 0);
        } finally {
          Dnnl.check((int) Dnnl.PD_DESTROY.invokeExact(rpd), "dnnl_primitive_desc_destroy(reorder)");
        }
        MemorySegment stream = newStream(a);
        try {
          MemorySegment args = a.allocate(2 * Dnnl.EXEC_ARG_BYTES, 8);
          setArg(args, 0, Dnnl.ARG_SRC, userMemory);
          setArg(args, 1, Dnnl.ARG_DST, packedMemory);
          Dnnl.check((int) Dnnl.PRIMITIVE_EXECUTE.invokeExact(reorder, stream, 2, args), "dnnl_primitive_execute(reorder)");
          Dnnl.check((int) Dnnl.STREAM_WAIT.invokeExact(stream), "dnnl_stream_wait(reorder)");
        } finally {
          Dnnl.check((int) Dnnl.PRIMITIVE_DESTROY.invokeExact(reorder), "dnnl_primitive_destroy(reorder)");
          Dnnl.check((int) Dnnl.STREAM_DESTROY.invokeExact(stream), "dnnl_stream_destroy");
        }
      } finally {
        Dnnl.check((int) Dnnl.MEMORY_DESTROY.invokeExact(userMemory), "dnnl_memory_destroy");
      }
      return packedMemory;
    }

    synchronized Exec newExec() {
      if (closed) throw new IllegalStateException("Int8Conv: plan already freed");
      try {
        Exec e = new Exec(this);
        all.add(e);
        return e;
      } catch (Dnnl.DnnlError err) {
        throw err;
      } catch (Throwable t) {
        throw new Dnnl.DnnlError("Int8Conv: execution context: " + t);
      }
    }

    MemorySegment newStream(Arena a) throws Throwable {
      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      Dnnl.check((int) Dnnl.STREAM_CREATE.invokeExact(out, Dnnl.ENGINE, 1 /* dnnl_stream_default_flags */), "dnnl_stream_create");
      return out.get(ValueLayout.ADDRESS, 0);
    }

    /** Frees every oneDNN object, then the native memory. */
    @Override public synchronized void run() {
      if (closed) return;
      closed = true;
      try {
        for (Exec e : all) e.destroy();
        for (MemorySegment m : new MemorySegment[] {weights, bias, weightScales, srcScale, srcZero})
          if (!m.equals(MemorySegment.NULL)) { int ignored = (int) Dnnl.MEMORY_DESTROY.invokeExact(m); }
        if (!primitive.equals(MemorySegment.NULL)) { int ignored = (int) Dnnl.PRIMITIVE_DESTROY.invokeExact(primitive); }
        for (MemorySegment d : new MemorySegment[] {srcDesc, dstDesc, scalarF32, scalarS32, scratchDesc})
          if (d != null && !d.equals(MemorySegment.NULL)) { int ignored = (int) Dnnl.MD_DESTROY.invokeExact(d); }
      } catch (Throwable ignored) {
        // freeing native objects of a plan that is gone: nothing to report to
      }
      arena.close();
    }
  }

  static void setArg(MemorySegment args, int i, int arg, MemorySegment memory) {
    args.set(ValueLayout.JAVA_INT, i * Dnnl.EXEC_ARG_BYTES, arg);
    args.set(ValueLayout.ADDRESS, i * Dnnl.EXEC_ARG_BYTES + 8, memory);
  }

  /** One caller's buffers, memory objects, argument list and stream. */
  private static final class Exec {
    final MemorySegment src, dst, dstScale, dstZero, stream, args;
    final int nargs;
    private final List<MemorySegment> memories = new ArrayList<>();

    Exec(State s) throws Throwable {
      Arena a = s.arena;
      src = a.allocate(Math.max(1, s.srcBytes), 64);
      dst = a.allocate(Math.max(1, s.dstBytes), 64);
      dstScale = a.allocate(4, 4);
      dstZero = a.allocate(4, 4);
      stream = s.newStream(a);
      MemorySegment[] list = new MemorySegment[12];
      int[] ids = new int[12];
      int k = 0;
      ids[k] = Dnnl.ARG_SRC; list[k++] = own(Dnnl.memory(a, s.srcDesc, src));
      ids[k] = Dnnl.ARG_WEIGHTS; list[k++] = s.weights;
      if (s.hasBias) { ids[k] = Dnnl.ARG_BIAS; list[k++] = s.bias; }
      ids[k] = Dnnl.ARG_DST; list[k++] = own(Dnnl.memory(a, s.dstDesc, dst));
      if (s.scratchBytes > 0) {
        MemorySegment pad = a.allocate(s.scratchBytes, 64);
        ids[k] = Dnnl.ARG_SCRATCHPAD; list[k++] = own(Dnnl.memory(a, s.scratchDesc, pad));
      }
      ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_SRC; list[k++] = s.srcScale;
      ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_WEIGHTS; list[k++] = s.weightScales;
      if (s.srcZeroPoint) { ids[k] = Dnnl.ARG_ATTR_ZERO_POINTS | Dnnl.ARG_SRC; list[k++] = s.srcZero; }
      if (s.u8) { ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_DST; list[k++] = own(Dnnl.memory(a, s.scalarF32, dstScale)); }
      if (s.dstZeroPoint) { ids[k] = Dnnl.ARG_ATTR_ZERO_POINTS | Dnnl.ARG_DST; list[k++] = own(Dnnl.memory(a, s.scalarS32, dstZero)); }
      nargs = k;
      args = a.allocate(k * Dnnl.EXEC_ARG_BYTES, 8);
      for (int i = 0; i < k; i++) setArg(args, i, ids[i], list[i]);
    }

    private MemorySegment own(MemorySegment memory) {
      memories.add(memory);
      return memory;
    }

    void destroy() throws Throwable {
      for (MemorySegment m : memories) { int ignored = (int) Dnnl.MEMORY_DESTROY.invokeExact(m); }
      int ignored = (int) Dnnl.STREAM_DESTROY.invokeExact(stream);
    }
  }
}
