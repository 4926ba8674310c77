package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.vavr.Tuple2;
import org.openjdk.jmh.annotations.*;

/**
 * W1 as {@code jit(matmul)} of two n×n f32 matrices on the first OpenCL device ({@link #openClJit}: operands placed
 * once, the product left on the device; the 16×16 local-memory tiled kernel of {@code OpenClC.matmul}) against the
 * CPU jit ({@link #cpuJit}: Graft's GEMM / OpenBLAS) in the same run. On PoCL (a CPU OpenCL device) this measures the
 * generated kernel's quality on the same cores. Setup fails with the reason when no OpenCL device is found.
 */
public class W1OpenCl extends AverageTimeWorkload {
  /** The matrices' side. */
  @Param({"256"})
  public int n;

  private Tuple2<Array, Array> onHost, onDevice;
  private Jitted<Tuple2<Array, Array>, Array> jitted;

  @Setup public void setup() {
    onHost = new Tuple2<>(Inputs.uniform(1, -1, 1, n, n), Inputs.uniform(2, -1, 1, n, n));
    onDevice = Graft.devicePut(onHost, Inputs.openClDevice("W1OpenCl"));
    jitted = Graft.jit((Tuple2<Array, Array> t) -> t._1.matmul(t._2));
  }

  @Benchmark public Array cpuJit() { return jitted.apply(onHost); }

  @Benchmark public Array openClJit() { return jitted.apply(onDevice); }
}
