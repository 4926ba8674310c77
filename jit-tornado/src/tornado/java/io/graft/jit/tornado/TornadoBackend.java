package io.graft.jit.tornado;

import io.graft.jit.GraphCompiler;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.trace.Graph;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * TornadoVM as a Graft {@link Backend} ({@code tornado}): its devices are the OpenCL devices of TornadoVM's OpenCL
 * backend ({@code tornado:B:D}, TornadoVM's backend and device indices; other TornadoVM backends — PTX, SPIR-V — take
 * no OpenCL C and are not listed), and {@link #compile} plans the graph's kernels ({@link GraphCompiler#planFor})
 * and hands them to TornadoVM as one task graph of prebuilt tasks ({@link TornadoExecutable}).
 * <p>In a JVM started without TornadoVM's argfile its runtime cannot start; {@link #devices()} is then empty and
 * {@link #unavailable()} says why.
 */
public final class TornadoBackend implements Backend {
  private volatile Vector<Found> found;
  private volatile String unavailable;

  /** A device and the TornadoVM device behind it. */
  private record Found(BackendDevice device, TornadoDevice tornado) {}

  /** The backend; starts TornadoVM's runtime only when its devices are first asked for. */
  public TornadoBackend() {}

  @Override public String name() { return "tornado"; }

  @Override public Vector<BackendDevice> devices() { return found().map(Found::device); }

  /** Why TornadoVM's runtime could not start in this JVM (so {@link #devices()} is empty), if it could not. */
  public Option<String> unavailable() {
    found();
    return Option.of(unavailable);
  }

  private Vector<Found> found() {
    Vector<Found> f = found;
    if (f != null) return f;
    synchronized (this) {
      if (found != null) return found;
      try {
        found = scan(TornadoRuntimeProvider.getTornadoRuntime());
      } catch (Throwable t) {   // no argfile: the runtime's classes or JVMCI are missing (a LinkageError, an ISE)
        unavailable = "TornadoVM's runtime did not start (" + t + "); run the JVM with @$TORNADOVM_HOME/tornado-argfile";
        found = Vector.empty();
      }
      return found;
    }
  }

  private static Vector<Found> scan(TornadoRuntime rt) {
    Vector<Found> out = Vector.empty();
    for (int b = 0; b < rt.getNumBackends(); b++) {
      var backend = rt.getBackend(b);
      if (backend.getBackendType() != TornadoVMBackendType.OPENCL) continue;
      for (int d = 0; d < backend.getNumDevices(); d++) {
        TornadoDevice td = backend.getDevice(d);
        String name = td.getPhysicalDevice().getDeviceName().strip();
        long[] group = td.getPhysicalDevice().getDeviceMaxWorkGroupSize();
        out = out.append(new Found(new BackendDevice("tornado:" + b + ":" + d, "tornado",
            name + ", " + td.getPlatformName().strip() + " via TornadoVM", fp64(name), group.length == 0 ? 1 : group[0],
            td.getDeviceLocalMemorySize(), td.getDeviceType() == TornadoDeviceType.CPU), td));
      }
    }
    return out;
  }

  /**
   * Whether the device named {@code name} computes in f64: TornadoVM's API does not report {@code cl_khr_fp64}, so
   * this asks the OpenCL platform (through FFM) about the device of that name; false (f32 kernels only) if none.
   */
  private static boolean fp64(String name) {
    try {
      return OpenCl.devices().stream().filter(c -> c.name().strip().equals(name)).anyMatch(ClDevice::fp64);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The TornadoVM device behind {@code device}, or an error listing this backend's devices. */
  TornadoDevice tornado(BackendDevice device) {
    return found().find(f -> f.device().id().equals(device.id())).map(Found::tornado)
        .getOrElseThrow(() -> new IllegalArgumentException("TornadoVM backend: " + device + " is not one of its devices "
            + devices() + unavailable().map(u -> " (" + u + ")").getOrElse("")));
  }

  @Override public TornadoExecutable compile(BackendDevice device, Graph g) {
    return new TornadoExecutable(new GraphCompiler().planFor(device, g), device, tornado(device));
  }

  @Override public String toString() { return "TornadoBackend"; }
}
