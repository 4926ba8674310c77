package io.graft.jit.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenCL through the FFM API: the ICD loader {@code libOpenCL.so.1} (or {@code -Dgraft.opencl.library=PATH}) is
 * looked up at first use, with no jar and no JNI. {@link #availability()} answers once per JVM: every device of every
 * platform ({@link Availability.Found}), or why there is none ({@link Availability.Missing}: no library, no symbol,
 * no platform, no device) — never a crash. {@link #runtime} gives a device's context, queue and program cache, shared
 * by every caller in the JVM.
 * <pre>{@code
 * if (OpenCl.availability() instanceof OpenCl.Availability.Found(var devices))
 *   ClRuntime rt = OpenCl.runtime(devices.get(0));
 * }</pre>
 */
public final class OpenCl {
  private OpenCl() {}

  /** Whether OpenCL can run here. */
  public sealed interface Availability {
    /** The devices found, in platform then device order; never empty. */
    record Found(List<ClDevice> devices) implements Availability {
      public Found { devices = List.copyOf(devices); }
    }

    /** Why no OpenCL device can be used, e.g. {@code libOpenCL.so.1 not found (install ocl-icd-libopencl1 ...)}. */
    record Missing(String reason) implements Availability {}
  }

  private static volatile Availability availability;
  private static volatile Cl cl;
  private static final Map<String, ClRuntime> RUNTIMES = new ConcurrentHashMap<>();

  /** The devices found or the reason there are none, probed once per JVM. */
  public static Availability availability() {
    Availability a = availability;
    if (a == null) {
      synchronized (OpenCl.class) {
        if (availability == null) availability = probe(System.getProperty("graft.opencl.library", "libOpenCL.so.1"));
        a = availability;
      }
    }
    return a;
  }

  /** Every device found; empty when {@link #availability()} is {@link Availability.Missing}. */
  public static List<ClDevice> devices() {
    return availability() instanceof Availability.Found(var d) ? d : List.of();
  }

  /** The context, queue and program cache of {@code device}, created at first use and kept for the JVM's life. */
  public static ClRuntime runtime(ClDevice device) {
    return RUNTIMES.computeIfAbsent(device.id(), id -> new ClRuntime(lib(), device));
  }

  static Cl lib() {
    if (!(availability() instanceof Availability.Found)) {
      throw new IllegalStateException("OpenCL is not available: " + ((Availability.Missing) availability()).reason());
    }
    return cl;
  }

  /** Looks up {@code library} and lists its platforms' devices. */
  static Availability probe(String library) {
    Cl c;
    try {
      c = new Cl(library);
    } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
      return new Availability.Missing(library + " cannot be loaded (" + e.getMessage()
          + "); install an OpenCL ICD loader and a platform, e.g. apt-get install ocl-icd-libopencl1 pocl-opencl-icd");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
      int st = c.getPlatformIDs(0, MemorySegment.NULL, n);
      if (st == ClCode.PLATFORM_NOT_FOUND_KHR.value || (st == 0 && n.get(ValueLayout.JAVA_INT, 0) == 0)) {
        return new Availability.Missing(library + " found no OpenCL platform (" + ClCode.name(st)
            + "); install one, e.g. apt-get install pocl-opencl-icd (a CPU device)");
      }
      if (st != 0) return new Availability.Missing("clGetPlatformIDs failed with " + ClCode.name(st));
      int np = n.get(ValueLayout.JAVA_INT, 0);
      MemorySegment ps = arena.allocate(ValueLayout.ADDRESS, np);
      Cl.check("clGetPlatformIDs", c.getPlatformIDs(np, ps, n));
      List<ClDevice> found = new ArrayList<>();
      for (int p = 0; p < np; p++) {
        MemorySegment platform = ps.getAtIndex(ValueLayout.ADDRESS, p);
        String pname = platformString(c, platform, Cl.PLATFORM_NAME, arena);
        if (c.getDeviceIDs(platform, Cl.DEVICE_TYPE_ALL, 0, MemorySegment.NULL, n) != 0) continue;   // no devices
        int nd = n.get(ValueLayout.JAVA_INT, 0);
        MemorySegment ds = arena.allocate(ValueLayout.ADDRESS, nd);
        Cl.check("clGetDeviceIDs", c.getDeviceIDs(platform, Cl.DEVICE_TYPE_ALL, nd, ds, n));
        for (int d = 0; d < nd; d++) {
          MemorySegment dev = ds.getAtIndex(ValueLayout.ADDRESS, d);
          found.add(new ClDevice("opencl:" + p + ":" + d, pname, deviceString(c, dev, Cl.DEVICE_NAME, arena),
              deviceString(c, dev, Cl.DEVICE_VERSION, arena), deviceLong(c, dev, Cl.DEVICE_DOUBLE_FP_CONFIG, arena) != 0,
              deviceLong(c, dev, Cl.DEVICE_MAX_WORK_GROUP_SIZE, arena), deviceLong(c, dev, Cl.DEVICE_LOCAL_MEM_SIZE, arena),
              (deviceLong(c, dev, Cl.DEVICE_TYPE, arena) & Cl.DEVICE_TYPE_CPU) != 0, platform, dev));
        }
      }
      if (found.isEmpty()) return new Availability.Missing(library + ": " + np + " platform(s) but no device");
      cl = c;
      return new Availability.Found(found);
    } catch (OpenClError e) {
      return new Availability.Missing(e.getMessage());
    }
  }

  private static String platformString(Cl c, MemorySegment platform, int param, Arena arena) {
    return infoString("clGetPlatformInfo", (n, v, r) -> c.getPlatformInfo(platform, param, n, v, r), arena);
  }

  private static String deviceString(Cl c, MemorySegment dev, int param, Arena arena) {
    return infoString("clGetDeviceInfo", (n, v, r) -> c.getDeviceInfo(dev, param, n, v, r), arena);
  }

  /** One {@code clGet*Info(param_value_size, param_value, param_value_size_ret)} call of a fixed object and param. */
  private interface InfoCall { int apply(long size, MemorySegment value, MemorySegment sizeRet); }

  /** A string answer: asks for its size, then reads it. */
  private static String infoString(String name, InfoCall call, Arena arena) {
    MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
    Cl.check(name, call.apply(0, MemorySegment.NULL, size));
    MemorySegment s = arena.allocate(size.get(ValueLayout.JAVA_LONG, 0) + 1);
    Cl.check(name, call.apply(s.byteSize(), s, MemorySegment.NULL));
    return s.getString(0);
  }

  /** A {@code size_t}, {@code cl_ulong} or bitfield answer (read as 8 bytes, zero-extended). */
  private static long deviceLong(Cl c, MemorySegment dev, int param, Arena arena) {
    MemorySegment v = arena.allocate(ValueLayout.JAVA_LONG);
    MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
    Cl.check("clGetDeviceInfo", c.getDeviceInfo(dev, param, 8, v, size));
    long n = size.get(ValueLayout.JAVA_LONG, 0);
    return n == 4 ? Integer.toUnsignedLong(v.get(ValueLayout.JAVA_INT, 0)) : v.get(ValueLayout.JAVA_LONG, 0);
  }
}
