package io.graft.jit.mpi;

/**
 * A predefined reduction: {@code MPI_SUM} (x + y), {@code MPI_MAX} (max(x, y)), {@code MPI_MIN} (min(x, y)),
 * elementwise over the ranks' buffers. Each is the address of an object Open MPI exports ({@link #symbol()}).
 */
public enum MpiOp {
  /** {@code MPI_SUM}: the elementwise sum over ranks. */
  SUM("ompi_mpi_op_sum"),
  /** {@code MPI_MAX}: the elementwise maximum over ranks. */
  MAX("ompi_mpi_op_max"),
  /** {@code MPI_MIN}: the elementwise minimum over ranks. */
  MIN("ompi_mpi_op_min");

  private final String symbol;

  MpiOp(String symbol) { this.symbol = symbol; }

  /** The Open MPI object whose address is this op's handle, e.g. {@code ompi_mpi_op_sum}. */
  public String symbol() { return symbol; }
}
