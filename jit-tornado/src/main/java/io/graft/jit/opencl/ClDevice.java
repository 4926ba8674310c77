package io.graft.jit.opencl;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One OpenCL device as the ICD loader reported it, with what code generation needs to know: whether it computes in
 * f64 ({@code cl_khr_fp64}), its largest work-group and its local memory. {@link OpenCl#runtime} gives its context,
 * queue and program cache.
 *
 * @param id          a stable name, {@code opencl:P:D} (platform and device index)
 * @param platform    the platform's name, e.g. {@code Portable Computing Language}
 * @param name        the device's name
 * @param version     its {@code CL_DEVICE_VERSION}
 * @param fp64        whether it has double precision
 * @param maxWorkGroup {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param localMemBytes {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param cpu         whether {@code CL_DEVICE_TYPE} says CPU (PoCL's, say): code generation then favours per-work-item
 *                    register blocks over {@code __local} tiles
 * @param platformHandle the {@code cl_platform_id}
 * @param handle      the {@code cl_device_id}
 */
public record ClDevice(String id, String platform, String name, String version, boolean fp64, long maxWorkGroup,
                       long localMemBytes, boolean cpu, MemorySegment platformHandle, MemorySegment handle) {
  public ClDevice {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(handle, "handle is null");
  }

  @Override public String toString() { return id + " (" + name.strip() + ", " + platform.strip() + ")"; }
}
