package io.graft.benchmarks;

import io.graft.Array;
import io.graft.dist.Distributed;
import io.graft.jit.mpi.Mpi;
import io.graft.jit.mpi.MpiOp;
import io.graft.numerics.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of the MPI all-reduce benchmark ({@code benchmarks/run_mpi.sh}; JMH cannot launch {@code mpirun}):
 * the same in-place {@code MPI_Allreduce} of N floats ({@code args[0]}, default 4M) as {@code peers/mpi_allreduce.c},
 * 5 untimed then {@code args[1]} (default 30) timed calls between barriers, through Graft's FFM binding
 * ({@code binding}: a native buffer) and through {@link Distributed#allReduceSum} of an {@code f32[N]} array
 * ({@code tree}: the copy in and out of the array included). Rank 0 prints median and minimum milliseconds.
 */
public final class MpiAllReduce {
  private MpiAllReduce() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 4L << 20;
    int warmup = 5, iters = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (Distributed dist = Distributed.init(); Arena arena = Arena.ofConfined()) {
      Mpi mpi = Mpi.init();   // the instance Distributed started; it is idle between Distributed's calls
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_FLOAT, n);
      for (long i = 0; i < n; i++) buf.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (dist.rank() + i % 7));
      double[] binding = new double[iters];
      for (int k = 0; k < warmup + iters; k++) {
        mpi.barrier();
        double t0 = mpi.wtime();
        mpi.allReduce(buf, n, DType.F32, MpiOp.SUM);
        if (k >= warmup) binding[k - warmup] = (mpi.wtime() - t0) * 1e3;
      }
      float[] host = new float[(int) n];
      for (int i = 0; i < host.length; i++) host[i] = dist.rank() + i % 7;
      List<Array> tree = List.of(Array.of(host));
      double[] viaTree = new double[iters];
      for (int k = 0; k < warmup + iters; k++) {
        dist.barrier();
        double t0 = mpi.wtime();
        tree = dist.allReduceSum(tree);
        if (k >= warmup) viaTree[k - warmup] = (mpi.wtime() - t0) * 1e3;
      }
      if (dist.rank() == 0) {
        print("binding", dist.size(), n, binding);
        print("tree", dist.size(), n, viaTree);
      }
    }
  }

  private static void print(String what, int size, long n, double[] ms) {
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "graft-%s processes=%d floats=%d median_ms=%.3f min_ms=%.3f iters=%d%n", what, size, n, ms[ms.length / 2], ms[0], ms.length);
  }
}
