/**
 * The OpenCL backend through the FFM API (no jar, no JNI): {@link io.graft.jit.opencl.OpenCl} finds the devices of
 * {@code libOpenCL.so.1} (or says why there are none), {@link io.graft.jit.opencl.ClRuntime} holds a device's
 * context, queue and program cache, {@link io.graft.jit.opencl.ClBuffer} is the device buffer type, and
 * {@link io.graft.jit.opencl.OpenClC} generates OpenCL C from the kernel IR. Every failing call is an
 * {@link io.graft.jit.opencl.OpenClError} naming the call, the status code's name and, for builds, the log.
 */
package io.graft.jit.opencl;
