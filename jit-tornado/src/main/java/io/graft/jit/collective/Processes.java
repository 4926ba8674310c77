package io.graft.jit.collective;

import java.util.Optional;

/**
 * The processes of a multi-process job, when one was started ({@code io.graft.dist.Distributed.init()} under
 * {@code mpirun -np N}, N > 1): a {@link Communicator} whose members are the processes. Like
 * {@code jax.distributed.initialize}, it is one per process: the job's world. {@code pmap} reads it to span its axis
 * over the processes' devices; nothing else does.
 */
public final class Processes {
  private static volatile Communicator world;

  private Processes() {}

  /** The job's processes, when this process is one of several; empty in a single-process run. */
  public static Optional<Communicator> world() { return Optional.ofNullable(world); }

  /** Records the job's processes ({@code null}: none, e.g. after MPI finished). */
  public static void set(Communicator processes) { world = processes; }
}
