/**
 * Data-parallel training across processes and hosts over MPI (Open MPI through the FFM API, no jar or JNI):
 * {@link io.graft.dist.Distributed} starts MPI in a process launched by {@code mpirun}, tells it its rank and the
 * number of processes, all-reduces pytrees of gradients in buckets, broadcasts parameters from a root and checks that
 * every rank holds the same parameters by a hash.
 * <pre>{@code
 * try (Distributed dist = Distributed.init()) {      // MpiUnavailableError without Open MPI
 *   params = dist.broadcast(params, 0);                // every rank starts from rank 0's parameters
 *   Grads g = dist.allReduceMean(grad.apply(params, myShard));
 *   // or, with buckets all-reduced while the jitted backward pass still runs:
 *   Grads g2 = dist.startAllReduceMean(grad, params, myShard).await();
 *   dist.checkReplicas(params, "epoch " + epoch);      // ReplicaMismatchError if the ranks diverged
 * }
 * }</pre>
 * Launch: {@code mpirun -np 2 java --enable-native-access=io.graft.jit ...}; see the section "Distributed training
 * over MPI" of {@code docs/architecture.md} for one host, several hosts (a hostfile), root and Spark barrier stages.
 */
package io.graft.dist;
