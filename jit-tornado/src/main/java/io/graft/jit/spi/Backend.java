package io.graft.jit.spi;

import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.vavr.collection.Vector;
import java.util.ServiceLoader;

/**
 * A device backend: {@code compile(device, g)} is an executable computing {@code g} on {@code device}, whose
 * {@link Compiler.Executable#run} takes and returns host arrays and keeps the device buffers it needs (constants,
 * intermediates) on the device across calls. Implementations have a public no-argument constructor, do no device work
 * until {@link #devices()} is first called, and are listed in {@code META-INF/services/io.graft.jit.spi.Backend}.
 * <pre>{@code
 * Backend tornado = Backend.find("tornado").get();      // present when built with -Ptornado and run with its argfile
 * Compiler.Executable exe = tornado.compile(tornado.devices().get(0), graph);
 * Vector<NdArray> ys = exe.run(xs);
 * }</pre>
 */
public interface Backend {
  /** Its name, as {@code -Dgraft.backend} spells it: {@code tornado}, {@code opencl}. */
  String name();

  /** The devices it can run on; empty (never an error) when its runtime finds none. */
  Vector<BackendDevice> devices();

  /**
   * {@code g} compiled for {@code device}, every kernel built now: an equation the device cannot run is an
   * {@link io.graft.jit.opencl.OpenClUnsupportedError} here, not at run time.
   */
  Compiler.Executable compile(BackendDevice device, Graph g);

  /** The backends registered with {@link ServiceLoader} on this JVM's class and module paths, in load order. */
  static Vector<Backend> available() {
    return Vector.ofAll(ServiceLoader.load(Backend.class, Backend.class.getClassLoader()));
  }

  /** The registered backend called {@code name}, if any. */
  static io.vavr.control.Option<Backend> find(String name) {
    return available().find(b -> b.name().equals(name));
  }
}
