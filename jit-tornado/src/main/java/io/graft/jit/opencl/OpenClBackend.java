package io.graft.jit.opencl;

import io.graft.jit.GraphCompiler;
import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.vavr.collection.Vector;

/**
 * The OpenCL runtime through FFM as a {@link Backend} ({@code opencl}): its devices are {@link OpenCl#devices()},
 * and {@link #compile} is {@link GraphCompiler#compileFor}. Registered with {@link java.util.ServiceLoader}, so
 * {@link Backend#available()} lists it beside optional backends.
 */
public final class OpenClBackend implements Backend {
  /** The backend; finds devices only when asked. */
  public OpenClBackend() {}

  @Override public String name() { return "opencl"; }

  /** {@code d} as a backend device (same id). */
  public static BackendDevice of(ClDevice d) {
    return new BackendDevice(d.id(), "opencl", d.name().strip() + ", " + d.platform().strip(), d.fp64(),
        d.maxWorkGroup(), d.localMemBytes(), d.cpu());
  }

  @Override public Vector<BackendDevice> devices() { return Vector.ofAll(OpenCl.devices()).map(OpenClBackend::of); }

  @Override public Compiler.Executable compile(BackendDevice device, Graph g) {
    ClDevice cl = Vector.ofAll(OpenCl.devices()).find(d -> d.id().equals(device.id()))
        .getOrElseThrow(() -> new IllegalArgumentException("OpenCL backend: " + device + " is not one of its devices "
            + devices() + "; pick one of OpenClBackend.devices()"));
    return new GraphCompiler().compileFor(cl, g);
  }

  @Override public String toString() { return "OpenClBackend"; }
}
