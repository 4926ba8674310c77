package io.graft.jit.spi;

import java.util.Objects;

/**
 * One device of a {@link Backend}, with what OpenCL C generation needs to know about it.
 *
 * @param id           a stable name, {@code <backend>:B:D}, e.g. {@code tornado:0:0} or {@code opencl:0:0}
 * @param backend      the backend's {@link Backend#name()}
 * @param name         a readable name (device and platform)
 * @param fp64         whether it computes in double precision ({@code cl_khr_fp64})
 * @param maxWorkGroup the largest work-group it runs
 * @param localMemBytes its local memory per work-group
 * @param cpu          whether it is a CPU device ({@code CL_DEVICE_TYPE_CPU}, e.g. PoCL): it then gets the kernels
 *                     written for CPUs (register-blocked and packed products, serial column sums), not the GPU's tiles
 */
public record BackendDevice(String id, String backend, String name, boolean fp64, long maxWorkGroup, long localMemBytes,
                            boolean cpu) {
  /** Validates. */
  public BackendDevice {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(backend, "backend is null");
    Objects.requireNonNull(name, "name is null");
    if (maxWorkGroup < 1) throw new IllegalArgumentException("device " + id + ": maxWorkGroup must be at least 1, got " + maxWorkGroup);
  }

  @Override public String toString() { return id + " (" + name + ")"; }
}
