/**
 * Open MPI through the FFM API (no jar, no JNI): {@link io.graft.jit.mpi.Mpi#availability()} finds
 * {@code libmpi.so.40} (or says what is missing), {@link io.graft.jit.mpi.Mpi#init()} starts MPI once per process
 * and gives {@code MPI_COMM_WORLD}'s collectives — all-reduce (blocking and non-blocking), all-gather,
 * reduce-scatter, broadcast, barrier — on native buffers of {@code f32}, {@code f64} or {@code i32}. Open MPI's
 * predefined handles ({@code MPI_COMM_WORLD}, {@code MPI_FLOAT}, {@code MPI_SUM}, ...) are the addresses of the
 * library's exported objects ({@code ompi_mpi_comm_world}, {@code ompi_mpi_float}, {@code ompi_mpi_op_sum}), looked
 * up like its functions. A failing call is an {@link io.graft.jit.mpi.MpiError} naming the call and the error
 * class's C name; an absent library is an {@link io.graft.jit.mpi.MpiUnavailableError} that says how to install it.
 * Users reach this through {@code io.graft.dist.Distributed}.
 */
package io.graft.jit.mpi;
