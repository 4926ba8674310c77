package io.graft.numerics.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The oneDNN objects behind an {@link Int8Conv} plan: the convolution primitive, its reordered weights, scales and bias
 * ({@link State}, one per plan), and one execution context per concurrent caller ({@link Exec}: native input and
 * output buffers, memory objects, the argument list and a stream). All of it lives in the plan's shared arena and is
 * freed with it.
 */
final class Int8ConvNative {
  private Int8ConvNative() {}

  /** The native side of a plan, freed by {@link Int8Conv}'s cleaner when the plan goes. */
  static final class State implements Runnable {
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

    void build(Int8Conv.Layer l, int n, int h, int w, boolean relu, boolean u8, boolean dstZero) throws Throwable {
      this.u8 = u8;
      hasBias = l.bias() != null;
      srcZeroPoint = l.inZero() != 0;
      dstZeroPoint = u8 && dstZero;
      int[] o = l.outSize(h, w);
      srcBytes = (long) n * h * w * l.in();
      dstBytes = (long) n * o[0] * o[1] * l.out() * (u8 ? 1 : 4);
      Arena a = arena;
      srcDesc = DnnlApi.desc(a, Dnnl.U8, Dnnl.TAG_NHWC, n, l.in(), h, w);
      dstDesc = DnnlApi.desc(a, u8 ? Dnnl.U8 : Dnnl.F32, Dnnl.TAG_NHWC, n, l.out(), o[0], o[1]);
      MemorySegment userWeights = DnnlApi.desc(a, Dnnl.S8, Dnnl.TAG_OHWI, l.out(), l.in(), l.kh(), l.kw());
      MemorySegment anyWeights = DnnlApi.desc(a, Dnnl.S8, Dnnl.TAG_ANY, l.out(), l.in(), l.kh(), l.kw());
      MemorySegment biasDesc = hasBias ? DnnlApi.desc(a, Dnnl.F32, Dnnl.TAG_A, l.out()) : MemorySegment.NULL;
      MemorySegment scalesDesc = DnnlApi.desc(a, Dnnl.F32, Dnnl.TAG_A, l.out());
      scalarF32 = DnnlApi.desc(a, Dnnl.F32, Dnnl.TAG_A, 1);
      scalarS32 = DnnlApi.desc(a, Dnnl.S32, Dnnl.TAG_A, 1);

      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      Dnnl.check((int) DnnlApi.ATTR_CREATE.invokeExact(out), "dnnl_primitive_attr_create");
      MemorySegment attr = out.get(ValueLayout.ADDRESS, 0);
      MemorySegment postOps = MemorySegment.NULL;
      try {
        Dnnl.check((int) DnnlApi.ATTR_SCRATCHPAD.invokeExact(attr, Dnnl.SCRATCHPAD_USER), "dnnl_primitive_attr_set_scratchpad_mode");
        Dnnl.check((int) DnnlApi.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_SRC, 0), "dnnl_primitive_attr_set_scales_mask(src)");
        Dnnl.check((int) DnnlApi.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_WEIGHTS, 1), "dnnl_primitive_attr_set_scales_mask(weights)");
        if (u8) Dnnl.check((int) DnnlApi.ATTR_SCALES.invokeExact(attr, Dnnl.ARG_DST, 0), "dnnl_primitive_attr_set_scales_mask(dst)");
        if (srcZeroPoint)
          Dnnl.check((int) DnnlApi.ATTR_ZERO_POINTS.invokeExact(attr, Dnnl.ARG_SRC, 0), "dnnl_primitive_attr_set_zero_points_mask(src)");
        if (dstZeroPoint)
          Dnnl.check((int) DnnlApi.ATTR_ZERO_POINTS.invokeExact(attr, Dnnl.ARG_DST, 0), "dnnl_primitive_attr_set_zero_points_mask(dst)");
        if (relu) {
          Dnnl.check((int) DnnlApi.POST_OPS_CREATE.invokeExact(out), "dnnl_post_ops_create");
          postOps = out.get(ValueLayout.ADDRESS, 0);
          Dnnl.check((int) DnnlApi.POST_OPS_ELTWISE.invokeExact(postOps, Dnnl.ELTWISE_RELU, 0f, 0f), "dnnl_post_ops_append_eltwise");
          Dnnl.check((int) DnnlApi.ATTR_POST_OPS.invokeExact(attr, postOps), "dnnl_primitive_attr_set_post_ops");
        }
        MemorySegment strides = DnnlApi.dims(a, l.sh(), l.sw()), dilates = DnnlApi.dims(a, 0, 0);
        MemorySegment padL = DnnlApi.dims(a, l.top(), l.left()), padR = DnnlApi.dims(a, l.bottom(), l.right());
        Dnnl.check((int) DnnlApi.CONV_PD.invokeExact(out, DnnlApi.ENGINE, Dnnl.FORWARD_INFERENCE, Dnnl.CONVOLUTION_DIRECT, srcDesc,
            anyWeights, biasDesc, dstDesc, strides, dilates, padL, padR, attr), "dnnl_convolution_forward_primitive_desc_create");
      } finally {
        if (!postOps.equals(MemorySegment.NULL)) Dnnl.check((int) DnnlApi.POST_OPS_DESTROY.invokeExact(postOps), "dnnl_post_ops_destroy");
        Dnnl.check((int) DnnlApi.ATTR_DESTROY.invokeExact(attr), "dnnl_primitive_attr_destroy");
      }
      MemorySegment pd = out.get(ValueLayout.ADDRESS, 0);
      try {
        MemorySegment impl = a.allocate(ValueLayout.ADDRESS);
        Dnnl.check((int) DnnlApi.PD_QUERY.invokeExact(pd, Dnnl.QUERY_IMPL_INFO_STR, 0, impl), "dnnl_primitive_desc_query(impl_info_str)");
        implementation = impl.get(ValueLayout.ADDRESS, 0).reinterpret(256).getString(0);
        MemorySegment chosen = (MemorySegment) DnnlApi.PD_QUERY_MD.invokeExact(pd, Dnnl.QUERY_WEIGHTS_MD, 0);
        MemorySegment scratch = (MemorySegment) DnnlApi.PD_QUERY_MD.invokeExact(pd, Dnnl.QUERY_SCRATCHPAD_MD, 0);
        scratchBytes = scratch.equals(MemorySegment.NULL) ? 0 : (long) DnnlApi.MD_SIZE.invokeExact(scratch);
        Dnnl.check((int) DnnlApi.PRIMITIVE_CREATE.invokeExact(out, pd), "dnnl_primitive_create");
        primitive = out.get(ValueLayout.ADDRESS, 0);
        // the scratchpad's descriptor belongs to pd: a plain byte buffer of its size stands in for it
        scratchDesc = scratchBytes > 0 ? DnnlApi.desc(a, Dnnl.U8, Dnnl.TAG_A, scratchBytes) : MemorySegment.NULL;
        weights = reorderWeights(l, userWeights, chosen);
      } finally {
        Dnnl.check((int) DnnlApi.PD_DESTROY.invokeExact(pd), "dnnl_primitive_desc_destroy");
      }
      if (hasBias) {
        MemorySegment b = a.allocate(4L * l.out(), 64);
        MemorySegment.copy(l.bias(), 0, b, ValueLayout.JAVA_FLOAT, 0, l.out());
        bias = DnnlApi.memory(a, biasDesc, b);
      }
      MemorySegment s = a.allocate(4L * l.out(), 64);
      MemorySegment.copy(l.weightScales(), 0, s, ValueLayout.JAVA_FLOAT, 0, l.out());
      weightScales = DnnlApi.memory(a, scalesDesc, s);
      MemorySegment ss = a.allocate(4, 4);
      ss.set(ValueLayout.JAVA_FLOAT, 0, l.inScale());
      srcScale = DnnlApi.memory(a, scalarF32, ss);
      if (srcZeroPoint) {
        MemorySegment z = a.allocate(4, 4);
        z.set(ValueLayout.JAVA_INT, 0, l.inZero());
        srcZero = DnnlApi.memory(a, scalarS32, z);
      }
    }

    /** The weights in the layout {@code chosen}, by a oneDNN reorder of the OHWI bytes; the memory object. */
    private MemorySegment reorderWeights(Int8Conv.Layer l, MemorySegment userDesc, MemorySegment chosen) throws Throwable {
      Arena a = arena;
      MemorySegment user = a.allocate(l.weights().length, 64);
      MemorySegment.copy(l.weights(), 0, user, ValueLayout.JAVA_BYTE, 0, l.weights().length);
      long size = (long) DnnlApi.MD_SIZE.invokeExact(chosen);
      MemorySegment packed = a.allocate(Math.max(1, size), 64);
      // a private copy of the chosen descriptor's layout: create the memory now, while pd (its owner) is alive
      MemorySegment packedMemory = DnnlApi.memory(a, chosen, packed);
      MemorySegment userMemory = DnnlApi.memory(a, userDesc, user);
      MemorySegment out = a.allocate(ValueLayout.ADDRESS);
      try {
        Dnnl.check((int) DnnlApi.REORDER_PD.invokeExact(out, userDesc, DnnlApi.ENGINE, chosen, DnnlApi.ENGINE, MemorySegment.NULL),
            "dnnl_reorder_primitive_desc_create");
        MemorySegment rpd = out.get(ValueLayout.ADDRESS, 0);
        MemorySegment reorder;
        try {
          Dnnl.check((int) DnnlApi.PRIMITIVE_CREATE.invokeExact(out, rpd), "dnnl_primitive_create(reorder)");
          reorder = out.get(ValueLayout.ADDRESS, 0);
        } finally {
          Dnnl.check((int) DnnlApi.PD_DESTROY.invokeExact(rpd), "dnnl_primitive_desc_destroy(reorder)");
        }
        MemorySegment stream = newStream(a);
        try {
          MemorySegment args = a.allocate(2 * Dnnl.EXEC_ARG_BYTES, 8);
          setArg(args, 0, Dnnl.ARG_SRC, userMemory);
          setArg(args, 1, Dnnl.ARG_DST, packedMemory);
          Dnnl.check((int) DnnlApi.PRIMITIVE_EXECUTE.invokeExact(reorder, stream, 2, args), "dnnl_primitive_execute(reorder)");
          Dnnl.check((int) DnnlApi.STREAM_WAIT.invokeExact(stream), "dnnl_stream_wait(reorder)");
        } finally {
          Dnnl.check((int) DnnlApi.PRIMITIVE_DESTROY.invokeExact(reorder), "dnnl_primitive_destroy(reorder)");
          Dnnl.check((int) DnnlApi.STREAM_DESTROY.invokeExact(stream), "dnnl_stream_destroy");
        }
      } finally {
        Dnnl.check((int) DnnlApi.MEMORY_DESTROY.invokeExact(userMemory), "dnnl_memory_destroy");
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
      Dnnl.check((int) DnnlApi.STREAM_CREATE.invokeExact(out, DnnlApi.ENGINE, 1 /* dnnl_stream_default_flags */), "dnnl_stream_create");
      return out.get(ValueLayout.ADDRESS, 0);
    }

    /** Frees every oneDNN object, then the native memory. */
    @Override public synchronized void run() {
      if (closed) return;
      closed = true;
      try {
        for (Exec e : all) e.destroy();
        for (MemorySegment m : new MemorySegment[] {weights, bias, weightScales, srcScale, srcZero})
          if (!m.equals(MemorySegment.NULL)) { int ignored = (int) DnnlApi.MEMORY_DESTROY.invokeExact(m); }
        if (!primitive.equals(MemorySegment.NULL)) { int ignored = (int) DnnlApi.PRIMITIVE_DESTROY.invokeExact(primitive); }
        for (MemorySegment d : new MemorySegment[] {srcDesc, dstDesc, scalarF32, scalarS32, scratchDesc})
          if (d != null && !d.equals(MemorySegment.NULL)) { int ignored = (int) DnnlApi.MD_DESTROY.invokeExact(d); }
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
  static final class Exec {
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
      ids[k] = Dnnl.ARG_SRC; list[k++] = own(DnnlApi.memory(a, s.srcDesc, src));
      ids[k] = Dnnl.ARG_WEIGHTS; list[k++] = s.weights;
      if (s.hasBias) { ids[k] = Dnnl.ARG_BIAS; list[k++] = s.bias; }
      ids[k] = Dnnl.ARG_DST; list[k++] = own(DnnlApi.memory(a, s.dstDesc, dst));
      if (s.scratchBytes > 0) {
        MemorySegment pad = a.allocate(s.scratchBytes, 64);
        ids[k] = Dnnl.ARG_SCRATCHPAD; list[k++] = own(DnnlApi.memory(a, s.scratchDesc, pad));
      }
      ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_SRC; list[k++] = s.srcScale;
      ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_WEIGHTS; list[k++] = s.weightScales;
      if (s.srcZeroPoint) { ids[k] = Dnnl.ARG_ATTR_ZERO_POINTS | Dnnl.ARG_SRC; list[k++] = s.srcZero; }
      if (s.u8) { ids[k] = Dnnl.ARG_ATTR_SCALES | Dnnl.ARG_DST; list[k++] = own(DnnlApi.memory(a, s.scalarF32, dstScale)); }
      if (s.dstZeroPoint) { ids[k] = Dnnl.ARG_ATTR_ZERO_POINTS | Dnnl.ARG_DST; list[k++] = own(DnnlApi.memory(a, s.scalarS32, dstZero)); }
      nargs = k;
      args = a.allocate(k * Dnnl.EXEC_ARG_BYTES, 8);
      for (int i = 0; i < k; i++) setArg(args, i, ids[i], list[i]);
    }

    private MemorySegment own(MemorySegment memory) {
      memories.add(memory);
      return memory;
    }

    void destroy() throws Throwable {
      for (MemorySegment m : memories) { int ignored = (int) DnnlApi.MEMORY_DESTROY.invokeExact(m); }
      int ignored = (int) DnnlApi.STREAM_DESTROY.invokeExact(stream);
    }
  }
}
