package io.graft.jit.opencl;

/**
 * A graph holds a primitive (or a form of one) that the OpenCL backend has no kernel for; raised when the function
 * is compiled for the device, never in the middle of a run. The message names the equation, the primitive and the
 * way out (run it on the CPU device).
 */
public final class OpenClUnsupportedError extends UnsupportedOperationException {
  /** An error with {@code message}. */
  public OpenClUnsupportedError(String message) { super(message); }
}
