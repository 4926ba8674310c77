/**
 * Collectives at run time: a compiled program's {@code psum}, {@code pmax}, {@code pmin}, {@code all_gather},
 * {@code psum_scatter} and {@code axis_index} equations executed across the members of a device group.
 *
 * <p>{@link io.graft.jit.collective.Communicator} is the seam: the exchanges a group offers (all-reduce, all-gather,
 * reduce-scatter over host buffers, and the member's rank and the group's size), shaped after MPI's
 * {@code MPI_Allreduce}, {@code MPI_Allgather} and {@code MPI_Reduce_scatter_block} so that an MPI binding can
 * implement it for a group of processes. {@link io.graft.jit.collective.LocalGroup} implements it for the local CPU
 * devices of one JVM (threads meeting at a phaser). {@link io.graft.jit.collective.DeviceCollectives} maps each
 * collective primitive onto the communicator the running thread is bound to ({@link
 * io.graft.jit.collective.DeviceCollectives#on}); the CPU executor calls it for every collective equation.
 */
package io.graft.jit.collective;
