package io.graft.jit.mpi;

/**
 * An MPI call that returned an error: names the call, the error class's C name ({@code MPI_ERR_COUNT}, ...) and the
 * library's own message ({@code MPI_Error_string}) where it gave one. Open MPI's default handler
 * ({@code MPI_ERRORS_ARE_FATAL}) aborts the job before most errors return; this is what the others become.
 */
public final class MpiError extends RuntimeException {
  private final String call;
  private final int code;

  /** An error of {@code call} with return code {@code code} and the library's {@code detail} (empty: none). */
  public MpiError(String call, int code, String detail) {
    super(call + " failed with " + MpiCode.name(code) + (detail == null || detail.isBlank() ? "" : ": " + detail.strip()));
    this.call = call;
    this.code = code;
  }

  /** The MPI function that failed, e.g. {@code MPI_Allreduce}. */
  public String call() { return call; }

  /** Its return code. */
  public int code() { return code; }

  /** The code's C name, e.g. {@code MPI_ERR_TYPE}. */
  public String codeName() { return MpiCode.name(code); }
}
