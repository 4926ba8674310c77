package io.graft.jit.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * One OpenCL C source built for one device ({@code cl_program}), with its kernels created on first use. Built by
 * {@link ClRuntime#program}, which caches programs per device by source text, so equal generated kernels compile once
 * per JVM. Setting arguments and enqueueing is serialised per kernel object (OpenCL kernels hold their arguments).
 */
public final class ClProgram {
  private final ClRuntime runtime;
  private final String source;
  private final MemorySegment program;
  private final Map<String, MemorySegment> kernels = new HashMap<>();

  ClProgram(ClRuntime runtime, String source, MemorySegment program) {
    this.runtime = runtime;
    this.source = source;
    this.program = program;
  }

  /** The OpenCL C source it was built from. */
  public String source() { return source; }

  /** The {@code cl_kernel} named {@code name} (created once; guarded by this program's monitor). */
  synchronized MemorySegment kernel(String name) {
    MemorySegment k = kernels.get(name);
    if (k != null) return k;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment err = arena.allocate(ValueLayout.JAVA_INT);
      k = runtime.cl.createKernel(program, arena.allocateFrom(name), err);
      Cl.check("clCreateKernel(" + name + ")", err.get(ValueLayout.JAVA_INT, 0));
    }
    kernels.put(name, k);
    return k;
  }
}
