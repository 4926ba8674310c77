package io.graft.benchmarks.peers;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.graft.benchmarks.Inputs;
import io.graft.benchmarks.W3MlpStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Peer (profile {@code jvm-peers} only): W3 on DJL 0.36.0 with PyTorch 2.7.1 CPU (eager libtorch through JNI): the
 * MLP 784 -> 1024 relu -> 1024 relu -> 10, mean softmax cross-entropy ({@code -mean(sum(logSoftmax(logits) * onehot,
 * -1))}) over the batch of 256, gradients from PyTorch's autograd (a DJL {@link GradientCollector}), then plain SGD
 * with lr 0.01 in place on each parameter ({@code p -= lr * grad}, outside the collector, so no graph is recorded)
 * and the gradients zeroed for the next step. Inputs and initial parameters are {@link W3MlpStep}'s (same seeds and
 * bounds through {@link Inputs}). Each step's intermediates live in a sub-manager closed at the end of the step.
 * {@code @Setup} runs three steps and checks their losses against Graft's ({@link W3MlpStep#checkPeerLosses}); the
 * timed steps then keep training. Run offline like {@link DjlPyTorchPeer}. Figure: ms per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Dai.djl.offline=true"})
public class DjlPyTorchW3Peer {
  private NDManager manager;
  private NDArray x, labels;
  private NDArray[] params;

  @Setup public void setup() {
    int batch = W3MlpStep.BATCH, in = W3MlpStep.IN, hidden = W3MlpStep.HIDDEN, classes = W3MlpStep.CLASSES;
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    x = manager.create(Inputs.uniformFloats(5, batch * in, 0, 1), new Shape(batch, in));
    labels = manager.create(W3MlpStep.oneHotLabels(batch), new Shape(batch, classes));
    params = new NDArray[] {weight(10, in, hidden), manager.zeros(new Shape(hidden)), weight(11, hidden, hidden),
        manager.zeros(new Shape(hidden)), weight(12, hidden, classes), manager.zeros(new Shape(classes))};
    for (NDArray p : params) p.setRequiresGradient(true);
    double[] first = new double[3];
    for (int s = 0; s < first.length; s++) first[s] = w3TrainStep();
    W3MlpStep.checkPeerLosses("DJL PyTorch", first);
  }

  /** A weight {@code f32[rows, cols]} uniform in ±1/sqrt(rows) from stream {@code seed}, as W3MlpStep's. */
  private NDArray weight(long seed, int rows, int cols) {
    double a = 1 / Math.sqrt(rows);
    return manager.create(Inputs.uniformFloats(seed, rows * cols, -a, a), new Shape(rows, cols));
  }

  @TearDown public void tearDown() { manager.close(); }

  /** One train step: forward and autograd in the collector, then the SGD update; returns the loss before it. */
  @Benchmark public float w3TrainStep() {
    try (NDManager step = manager.newSubManager()) {
      x.tempAttach(step);    // results follow their first operand's manager: every intermediate lands in step
      float loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray h1 = x.matMul(params[0]).add(params[1]).maximum(0f);
        NDArray h2 = h1.matMul(params[2]).add(params[3]).maximum(0f);
        NDArray logits = h2.matMul(params[4]).add(params[5]);
        NDArray l = logits.logSoftmax(1).mul(labels).sum(new int[] {1}).mean().neg();
        gc.backward(l);
        loss = l.getFloat();
      }
      for (NDArray p : params) {
        try (NDArray g = p.getGradient(); NDArray delta = g.mul(W3MlpStep.LR)) {
          p.subi(delta);
          g.muli(0f);          // zero the accumulated gradient in place for the next step
        }
      }
      return loss;
    }
  }
}
