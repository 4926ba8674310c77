package io.graft.jit.opencl;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.NativeSignals;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's OpenCL context and in-order profiling queue: moves arrays to and from {@link ClBuffer}s, builds
 * programs (cached by source text: {@link #program}) and runs kernels over an NDRange, timing each with its event.
 * Every transfer and kernel is blocking (the queue is finished before returning), so a result is ready when a call
 * returns; {@link #kernelNanos()} and {@link #transferNanos()} add up the device-side time spent in each.
 * Thread-safe. Obtained from {@link OpenCl#runtime}.
 */
public final class ClRuntime {
  /** Build options: correctly rounded f32 division and square root (as Java's). */
  public static final String BUILD_OPTIONS = "-cl-fp32-correctly-rounded-divide-sqrt";

  final Cl cl;
  private final ClDevice device;
  private final MemorySegment context;
  private final MemorySegment queue;
  private final Map<String, ClProgram> programs = new ConcurrentHashMap<>();
  private final AtomicLong kernelNanos = new AtomicLong(), transferNanos = new AtomicLong(), builds = new AtomicLong(),
      downloads = new AtomicLong();
  /** Released buffers kept for reuse, by size in bytes ({@link #recycle}), and their total. */
  private final Map<Long, java.util.Deque<MemorySegment>> spare = new ConcurrentHashMap<>();
  private final AtomicLong spareBytes = new AtomicLong();

  ClRuntime(Cl cl, ClDevice device) { this(cl, device, LIVE_BYTES); }

  /** A runtime that asks for a collection past {@code liveLimit} bytes of unreturned buffers (tests pass a small one). */
  ClRuntime(Cl cl, ClDevice device, long liveLimit) {
    this.cl = cl;
    this.device = device;
    this.liveLimit = liveLimit;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment err = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment devs = arena.allocate(ValueLayout.ADDRESS);
      devs.set(ValueLayout.ADDRESS, 0, device.handle());
      context = cl.createContext(MemorySegment.NULL, 1, devs, err);
      Cl.check("clCreateContext(" + device.id() + ")", err.get(ValueLayout.JAVA_INT, 0));
      queue = cl.createCommandQueue(context, device.handle(), Cl.QUEUE_PROFILING_ENABLE, err);
      Cl.check("clCreateCommandQueue(" + device.id() + ")", err.get(ValueLayout.JAVA_INT, 0));
    }
  }

  /** The device. */
  public ClDevice device() { return device; }

  /**
   * An uninitialised device buffer for an array of {@code dtype} and {@code shape}: a released one of the same size
   * when the runtime keeps one ({@link #recycle}), else a new {@code cl_mem}.
   */
  public ClBuffer allocate(DType dtype, Shape shape) {
    long bytes = Math.max(1, (long) shape.size() * ClBuffer.elementBytes(dtype));
    MemorySegment kept = kept(bytes);
    if (kept == null && liveBytes.get() + bytes > liveLimit) kept = reclaim(bytes);
    liveBytes.addAndGet(bytes);
    if (kept != null) return new ClBuffer(this, dtype, shape, kept);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment err = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment mem = cl.createBuffer(context, Cl.MEM_READ_WRITE, bytes, err);
      created.incrementAndGet();
      int st = err.get(ValueLayout.JAVA_INT, 0);
      if (st != 0) throw new OpenClError("clCreateBuffer(" + dtype + shape + ", " + bytes + " bytes)", st, null);
      return new ClBuffer(this, dtype, shape, mem);
    }
  }

  /**
   * Takes back the {@code cl_mem} of a buffer that is closed or unreachable, {@code bytes} long: kept for the next
   * {@link #allocate} of that size while the kept buffers total at most {@link #SPARE_BYTES}, else released. A new
   * {@code cl_mem} costs the device's allocator; on PoCL (host memory, fresh pages) a 4 MB one cost about 10 ms per
   * call on this project's VMs (a jitted add of two f32[2^20] device arrays, 2026-12-05). A kernel may still be queued
   * to read a buffer given back (executables enqueue kernels without waiting, {@link #enqueue}), but the queue is in
   * order: a later writer of the reused {@code cl_mem} runs after that kernel, so reuse never races one.
   */
  void recycle(MemorySegment mem, long bytes) {
    liveBytes.addAndGet(-bytes);
    if (spareBytes.addAndGet(bytes) <= SPARE_BYTES) {
      spare.computeIfAbsent(bytes, b -> new java.util.concurrent.ConcurrentLinkedDeque<>()).addFirst(mem);
    } else {
      spareBytes.addAndGet(-bytes);
      cl.releaseMemObject(mem);
    }
  }

  /** The most device memory {@link #recycle} keeps for reuse ({@code -Dgraft.cl.spareBytes}, default 256 MiB). */
  static final long SPARE_BYTES = Long.getLong("graft.cl.spareBytes", 256L << 20);

  /**
   * Device memory held by buffers not yet given back ({@code ClBuffer}s alive or unreachable but not yet cleaned) from
   * which {@link #allocate} asks for a garbage collection before it creates another {@code cl_mem}
   * ({@code -Dgraft.cl.liveBytes}, default 512 MiB), as the JDK does for direct buffers: a device array is a small Java
   * object, so a loop that drops its results quickly would otherwise fill the device long before the Java heap asks
   * for a collection (W1 on PoCL made 256 KiB results at ~1,000 per second, each a new {@code cl_mem} whose fresh pages
   * cost more than the product).
   */
  static final long LIVE_BYTES = Long.getLong("graft.cl.liveBytes", 512L << 20);
  private final long liveLimit;
  private final AtomicLong liveBytes = new AtomicLong(), created = new AtomicLong();

  /** Bytes of the buffers handed out and not yet given back (closed or cleaned). */
  long liveBytes() { return liveBytes.get(); }

  /** How many {@code cl_mem} objects this runtime has created. */
  long created() { return created.get(); }
  /** No collection is asked for before this {@code System.nanoTime()} (after one that gave nothing back). */
  private final AtomicLong quietUntil = new AtomicLong(Long.MIN_VALUE);

  /** A kept buffer of {@code bytes}, or null. */
  private MemorySegment kept(long bytes) {
    java.util.Deque<MemorySegment> free = spare.get(bytes);
    MemorySegment kept = free == null ? null : free.pollFirst();
    if (kept != null) spareBytes.addAndGet(-bytes);
    return kept;
  }

  /**
   * Past the live limit ({@link #LIVE_BYTES} by default): a garbage collection, then up to 50 ms for the cleaner to give
   * unreachable buffers back; a kept buffer of {@code bytes} if one came back, else null. A collection that gave nothing
   * back (the buffers are in use) holds off the next one for 100 ms, so a program that really needs the memory does not
   * collect on every allocation.
   */
  private MemorySegment reclaim(long bytes) {
    long now = System.nanoTime(), until = quietUntil.get();
    if (now < until || !quietUntil.compareAndSet(until, now)) return null;
    System.gc();
    for (int i = 0; i < 50; i++) {
      MemorySegment kept = kept(bytes);
      if (kept != null) return kept;
      try { Thread.sleep(1); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
    }
    quietUntil.set(System.nanoTime() + 100_000_000L);
    return null;
  }

  /** {@code x} copied to a new device buffer. */
  public ClBuffer upload(NdArray x) {
    ClBuffer b = allocate(x.dtype(), x.shape());
    if (x.size() == 0) return b;
    ClCommandEvent ev = begin("upload", x.dtype() + "" + x.shape(), b.byteSize());
    long t0 = System.nanoTime();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment host = arena.allocate(b.byteSize(), 8);
      ClBuffer.write(x, host);
      Cl.check("clEnqueueWriteBuffer(" + b + ")", cl.enqueueWriteBuffer(queue, b.mem(), b.byteSize(), host));
    }
    transferNanos.addAndGet(System.nanoTime() - t0);
    commit(ev, 0);
    return b;
  }

  /** {@code b}'s elements copied back to the host. */
  public NdArray download(ClBuffer b) {
    checkOwn(b);
    downloads.incrementAndGet();
    if (b.shape().size() == 0) return NdArray.wrapStore(b.dtype(), b.shape(), NdArray.newStore(b.dtype(), 0));
    ClCommandEvent ev = begin("download", b.dtype() + "" + b.shape(), b.byteSize());
    long t0 = System.nanoTime();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment host = arena.allocate(b.byteSize(), 8);
      Cl.check("clEnqueueReadBuffer(" + b + ")", cl.enqueueReadBuffer(queue, b.mem(), b.byteSize(), host));
      NdArray y = ClBuffer.read(host, b.dtype(), b.shape());
      transferNanos.addAndGet(System.nanoTime() - t0);
      commit(ev, 0);
      return y;
    }
  }

  /** A device-side copy of {@code b} (a new buffer). */
  public ClBuffer copy(ClBuffer b) { return copyAs(b, b.shape()); }

  /** A device-side copy of {@code b}'s elements as an array of {@code shape} (a reshape; same size). */
  public ClBuffer copyAs(ClBuffer b, Shape shape) {
    checkOwn(b);
    if (shape.size() != b.shape().size())
      throw new io.graft.numerics.ShapeError("OpenCL copy: " + b + " has " + b.shape().size() + " elements, " + shape + " needs " + shape.size());
    ClBuffer c = allocate(b.dtype(), shape);
    if (b.shape().size() == 0) return c;
    Cl.check("clEnqueueCopyBuffer(" + b + ")", cl.enqueueCopyBuffer(queue, b.mem(), c.mem(), b.byteSize()));
    Cl.check("clFinish", cl.finish(queue));
    return c;
  }

  /**
   * Copies {@code count} elements of {@code src} from element {@code srcAt} into {@code dst} at element {@code dstAt},
   * on the device (one slice of a scan's {@code xs} in, one row of its stacked {@code ys} out).
   */
  public void copyRegion(ClBuffer src, long srcAt, ClBuffer dst, long dstAt, long count) {
    checkOwn(src);
    checkOwn(dst);
    if (src.dtype() != dst.dtype())
      throw new io.graft.numerics.DTypeError("OpenCL copy: " + src + " into " + dst + " needs one dtype");
    if (srcAt < 0 || dstAt < 0 || srcAt + count > src.shape().size() || dstAt + count > dst.shape().size())
      throw new io.graft.numerics.ShapeError("OpenCL copy: elements [" + srcAt + ", " + (srcAt + count) + ") of " + src
          + " into [" + dstAt + ", " + (dstAt + count) + ") of " + dst + " are out of range");
    if (count == 0) return;
    long e = ClBuffer.elementBytes(src.dtype());
    Cl.check("clEnqueueCopyBuffer(" + src + " -> " + dst + ")",
        cl.enqueueCopyBuffer(queue, src.mem(), dst.mem(), srcAt * e, dstAt * e, count * e));
  }

  /**
   * {@code source} built for this device with {@link #BUILD_OPTIONS}, or the program built earlier from the same
   * text. A build failure is an {@link OpenClError} holding the build log.
   */
  public ClProgram program(String source) {
    return programs.computeIfAbsent(source, this::build);
  }

  /** How many programs this runtime has built (cache misses of {@link #program}). */
  public long builds() { return builds.get(); }

  /** Downloads (device to host reads) so far: a loop driven from the host reads only its predicates. */
  public long downloads() { return downloads.get(); }

  private ClProgram build(String source) {
    builds.incrementAndGet();
    try (Arena arena = Arena.ofConfined()) {
      for (int attempt = 1; ; attempt++) {
        MemorySegment err = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment strings = arena.allocate(ValueLayout.ADDRESS);
        strings.set(ValueLayout.ADDRESS, 0, arena.allocateFrom(source));
        MemorySegment program = cl.createProgramWithSource(context, strings, MemorySegment.NULL, err);
        Cl.check("clCreateProgramWithSource", err.get(ValueLayout.JAVA_INT, 0));
        MemorySegment devs = arena.allocate(ValueLayout.ADDRESS);
        devs.set(ValueLayout.ADDRESS, 0, device.handle());
        int st;
        long mask = NativeSignals.block();   // a signal here would run LLVM's handler (see LOST_TEMPORARY)
        try {
          st = cl.buildProgram(program, devs, arena.allocateFrom(BUILD_OPTIONS));
        } finally {
          NativeSignals.restore(mask);
        }
        if (st == 0) return new ClProgram(this, source, program);
        String log = buildLog(program, arena);
        cl.releaseProgram(program);
        if (attempt < 3 && log.contains(LOST_TEMPORARY)) continue;      // the compiler's file was deleted under it: build again
        throw new OpenClError("clBuildProgram(" + device.id() + ")", st, log + "\nsource:\n" + source);
      }
    }
  }

  /**
   * The build log's words when the compiler's temporary file vanished before it could rename it. PoCL compiles with
   * LLVM in this process, and LLVM, while it has temporary files, replaces the handlers of the JVM's signals (among
   * them the one Java Flight Recorder suspends a thread with to sample it) with one that deletes those files; a JFR
   * sample of any Java thread then fails the build (2026-12-06: about one build in six under 1 ms sampling). The
   * building thread blocks its signals during the build ({@link NativeSignals}), and a build that failed this way is
   * repeated (up to three attempts): a genuine error in the source fails the same way every time and is reported.
   */
  static final String LOST_TEMPORARY = "unable to rename temporary";

  private String buildLog(MemorySegment program, Arena arena) {
    MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
    if (cl.getProgramBuildInfo(program, device.handle(), Cl.PROGRAM_BUILD_LOG, 0, MemorySegment.NULL, size) != 0) return "";
    MemorySegment s = arena.allocate(size.get(ValueLayout.JAVA_LONG, 0) + 1);
    if (cl.getProgramBuildInfo(program, device.handle(), Cl.PROGRAM_BUILD_LOG, s.byteSize(), s, MemorySegment.NULL) != 0) return "";
    return s.getString(0);
  }

  /**
   * Runs kernel {@code name} of {@code program} over {@code global} work-items in work-groups of {@code local}
   * (null: the device chooses), with {@code args} in order: a {@link ClBuffer}, an {@link Integer} ({@code int}), a
   * {@link Long} ({@code long}), or a {@link LocalBytes} ({@code __local} scratch). Blocks until done; returns the
   * kernel's device time in nanoseconds (from its event).
   */
  public long run(ClProgram program, String name, long[] global, long[] local, Object... args) {
    return launch(program, name, global, local, true, args);
  }

  /**
   * {@link #run} without waiting for the kernel, unless a JFR recording takes this runtime's command events (then it
   * waits, to time it): the queue is in order, so a later kernel, copy or transfer of this runtime sees its result, and
   * a download waits for it. An executable enqueues all its kernels this way and waits once ({@link #finish}), instead
   * of waking PoCL's threads and the caller's for every kernel.
   */
  public void enqueue(ClProgram program, String name, long[] global, long[] local, Object... args) {
    launch(program, name, global, local, false, args);
  }

  /** Waits until every command enqueued on this runtime has finished. */
  public void finish() { Cl.check("clFinish", cl.finish(queue)); }

  private long launch(ClProgram program, String name, long[] global, long[] local, boolean wait, Object... args) {
    MemorySegment kernel = program.kernel(name);
    ClCommandEvent jfr = begin("kernel", null, 0);
    if (jfr != null) jfr.what = name + " over " + java.util.Arrays.toString(global);
    wait |= jfr != null;
    synchronized (kernel) {
      try (Arena arena = Arena.ofConfined()) {
        for (int i = 0; i < args.length; i++) {
          int st = switch (args[i]) {
            case ClBuffer b -> {
              checkOwn(b);
              MemorySegment p = arena.allocate(ValueLayout.ADDRESS);
              p.set(ValueLayout.ADDRESS, 0, b.mem());
              yield cl.setKernelArg(kernel, i, ValueLayout.ADDRESS.byteSize(), p);
            }
            case Integer v -> cl.setKernelArg(kernel, i, 4, arena.allocateFrom(ValueLayout.JAVA_INT, v));
            case Long v -> cl.setKernelArg(kernel, i, 8, arena.allocateFrom(ValueLayout.JAVA_LONG, v));
            case LocalBytes(var bytes) -> cl.setKernelArg(kernel, i, bytes, MemorySegment.NULL);
            default -> throw new IllegalArgumentException("OpenCL kernel " + name + ": argument " + i + " is a "
                + args[i].getClass().getSimpleName() + "; pass a ClBuffer, Integer, Long or LocalBytes");
          };
          if (st != 0) throw new OpenClError("clSetKernelArg(" + name + ", " + i + ")", st, null);
        }
        MemorySegment g = arena.allocateFrom(ValueLayout.JAVA_LONG, global);
        MemorySegment l = local == null ? MemorySegment.NULL : arena.allocateFrom(ValueLayout.JAVA_LONG, local);
        MemorySegment event = wait ? arena.allocate(ValueLayout.ADDRESS) : MemorySegment.NULL;
        Cl.check("clEnqueueNDRangeKernel(" + name + ")", cl.enqueueNDRangeKernel(queue, kernel, global.length, g, l, event));
        if (!wait) return 0;
        MemorySegment ev = event.get(ValueLayout.ADDRESS, 0);
        try {
          Cl.check("clWaitForEvents(" + name + ")", cl.waitForEvents(event));
          MemorySegment t = arena.allocate(ValueLayout.JAVA_LONG, 2);
          long ns = 0;
          if (cl.getEventProfilingInfo(ev, Cl.PROFILING_COMMAND_START, t) == 0
              && cl.getEventProfilingInfo(ev, Cl.PROFILING_COMMAND_END, t.asSlice(8)) == 0) {
            ns = t.getAtIndex(ValueLayout.JAVA_LONG, 1) - t.getAtIndex(ValueLayout.JAVA_LONG, 0);
          }
          kernelNanos.addAndGet(ns);
          commit(jfr, ns);
          return ns;
        } finally {
          cl.releaseEvent(ev);
        }
      }
    }
  }

  private ClCommandEvent begin(String kind, String what, long bytes) {
    if (!io.graft.jit.JfrGate.open()) return null;   // no event class loaded before Flight Recorder is (JfrGate)
    ClCommandEvent ev = new ClCommandEvent();
    if (!ev.isEnabled()) return null;
    ev.begin();
    ev.device = device.toString();
    ev.kind = kind;
    ev.what = what;
    ev.bytes = bytes;
    return ev;
  }

  private static void commit(ClCommandEvent ev, long deviceNanos) {
    if (ev == null) return;
    ev.deviceTime = deviceNanos;
    ev.commit();
  }

  /** A {@code __local} kernel argument of {@code bytes} bytes. */
  public record LocalBytes(long bytes) {}

  /** Device time spent in kernels so far, in nanoseconds. */
  public long kernelNanos() { return kernelNanos.get(); }

  /** Host time spent in blocking transfers so far, in nanoseconds. */
  public long transferNanos() { return transferNanos.get(); }

  private void checkOwn(ClBuffer b) {
    if (b.runtime() != this) {
      throw new IllegalArgumentException("OpenCL: " + b + " lives on another device than " + device.id()
          + "; move it with Graft.devicePut first");
    }
  }

  @Override public String toString() { return "ClRuntime(" + device + ")"; }
}
