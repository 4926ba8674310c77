package io.graft.benchmarks.peers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.graft.benchmarks.Inputs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Peer (profile {@code jvm-peers} only): DJL 0.36.0 on PyTorch 2.7.1 CPU (libtorch through JNI, eager: one native op
 * per call), W1 (matmul n = 1024) and W2 (sum(tanh(x)*y + exp(-x*x)), N = 2^22), inputs the same numbers as
 * Graft's ({@link Inputs}). Every intermediate is closed in the call that made it. Run offline: environment
 * {@code PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu DJL_OFFLINE=true}, and {@code -Dai.djl.offline=true} (passed to
 * the fork below). Figure: ms per call, its result read back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Dai.djl.offline=true"})
public class DjlPyTorchPeer {
  static final int N1 = 1024, N2 = 1 << 22;

  private NDManager manager;
  private NDArray a, b, x, y;

  @Setup public void setup() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    a = manager.create(Inputs.uniformFloats(1, N1 * N1, -1, 1), new Shape(N1, N1));
    b = manager.create(Inputs.uniformFloats(2, N1 * N1, -1, 1), new Shape(N1, N1));
    x = manager.create(Inputs.uniformFloats(3, N2, -1, 1), new Shape(N2));
    y = manager.create(Inputs.uniformFloats(4, N2, -1, 1), new Shape(N2));
  }

  @TearDown public void tearDown() { manager.close(); }

  /** W1 at n = 1024: C = A·B, returns C[0][0]. */
  @Benchmark public float w1MatMul1024() {
    try (NDArray c = a.matMul(b)) {
      return c.getFloat(0, 0);
    }
  }

  /** W2 at N = 2^22: the sum, six eager ops. */
  @Benchmark public float w2Fused() {
    try (NDArray t = x.tanh(); NDArray ty = t.mul(y); NDArray xx = x.mul(x); NDArray nx = xx.neg();
         NDArray e = nx.exp(); NDArray u = ty.add(e); NDArray s = u.sum()) {
      return s.getFloat();
    }
  }
}
