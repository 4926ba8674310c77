/* The C side of the MPI all-reduce benchmark (benchmarks/run_mpi.sh): MPI_Allreduce(MPI_IN_PLACE, MPI_FLOAT,
 * MPI_SUM, MPI_COMM_WORLD) of N floats (argv[1], default 4M), WARMUP untimed then ITERS timed calls, each between
 * barriers; rank 0 prints the median and minimum milliseconds, as io.graft.benchmarks.MpiAllReduce does from Java. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  long n = argc > 1 ? atol(argv[1]) : 4L << 20;
  int warmup = 5, iters = argc > 2 ? atoi(argv[2]) : 30;
  float *buf = malloc(n * sizeof(float));
  double *ms = malloc(iters * sizeof(double));
  for (long i = 0; i < n; i++) buf[i] = (float) (rank + i % 7);
  for (int k = 0; k < warmup + iters; k++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    MPI_Allreduce(MPI_IN_PLACE, buf, (int) n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double t = MPI_Wtime() - t0;
    if (k >= warmup) ms[k - warmup] = t * 1e3;
  }
  qsort(ms, iters, sizeof(double), cmp);
  if (rank == 0) printf("c processes=%d floats=%ld median_ms=%.4f min_ms=%.4f iters=%d\n", size, n, ms[iters / 2], ms[0], iters);
  free(buf);
  free(ms);
  MPI_Finalize();
  return 0;
}
