package io.graft.jit.opencl;

import java.util.Optional;

/**
 * An OpenCL call that returned an error status: names the call, the status's C name ({@link ClCode#name}) and, for
 * a program build, the device's build log. Thrown by every binding in {@link OpenCl}; a missing library or platform
 * is not an error but an {@link OpenCl.Availability.Missing} answer.
 */
public final class OpenClError extends RuntimeException {
  private final String call;
  private final int code;
  private final String log;

  /** An error of {@code call} with status {@code code} and an optional build {@code log} (null: none). */
  public OpenClError(String call, int code, String log) {
    super(call + " failed with " + ClCode.name(code) + (log == null || log.isBlank() ? "" : "; build log:\n" + log.strip()));
    this.call = call;
    this.code = code;
    this.log = log;
  }

  /** The OpenCL function that failed, e.g. {@code clBuildProgram}. */
  public String call() { return call; }

  /** Its status code (negative). */
  public int code() { return code; }

  /** The status's C name, e.g. {@code CL_BUILD_PROGRAM_FAILURE}. */
  public String codeName() { return ClCode.name(code); }

  /** The build log of a failed {@code clBuildProgram}, if any. */
  public Optional<String> buildLog() { return Optional.ofNullable(log); }
}
