package io.graft.jit.mpi;

/**
 * MPI's error classes (MPI 3.1 §8.4, the values in Open MPI's {@code mpi.h}): {@link #name(int)} gives a return code's
 * C name, e.g. {@code 3 -> MPI_ERR_TYPE}.
 */
enum MpiCode {
  MPI_SUCCESS, MPI_ERR_BUFFER, MPI_ERR_COUNT, MPI_ERR_TYPE, MPI_ERR_TAG, MPI_ERR_COMM, MPI_ERR_RANK, MPI_ERR_REQUEST,
  MPI_ERR_ROOT, MPI_ERR_GROUP, MPI_ERR_OP, MPI_ERR_TOPOLOGY, MPI_ERR_DIMS, MPI_ERR_ARG, MPI_ERR_UNKNOWN,
  MPI_ERR_TRUNCATE, MPI_ERR_OTHER, MPI_ERR_INTERN, MPI_ERR_IN_STATUS, MPI_ERR_PENDING;

  /** The C name of {@code code} (its ordinal here), or {@code MPI error code N} past the classes listed. */
  static String name(int code) {
    MpiCode[] all = values();
    return code >= 0 && code < all.length ? all[code].name() : "MPI error code " + code;
  }
}
