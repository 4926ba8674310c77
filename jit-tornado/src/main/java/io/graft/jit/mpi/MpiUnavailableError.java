package io.graft.jit.mpi;

/**
 * MPI was asked for but cannot be used here: the message says what is missing (the library, a symbol, or an
 * {@code MPI_Init_thread} that failed) and how to get it — on Debian or Ubuntu
 * {@code apt-get install -y openmpi-bin libopenmpi-dev}, then launch with {@code mpirun}.
 */
public final class MpiUnavailableError extends IllegalStateException {
  /** The error for {@code reason}, as {@link Mpi.Availability.Missing} gave it. */
  public MpiUnavailableError(String reason) { super("MPI is not available: " + reason); }
}
