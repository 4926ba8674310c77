package io.graft.benchmarks.peers;

import io.graft.benchmarks.AverageTimeWorkload;
import io.graft.benchmarks.Inputs;
import io.graft.benchmarks.W3MlpStep;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.*;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.types.TFloat32;

/**
 * Peer (profile {@code jvm-peers} only): W3 on TensorFlow-Java 1.1.0, CPU, as one TensorFlow graph run by a
 * {@link Session}: the MLP 784 -> 1024 relu -> 1024 relu -> 10 with its parameters in variables, mean softmax
 * cross-entropy ({@code -mean(sum(logSoftmax(logits) * onehot, -1))}) over the batch of 256, the gradients from
 * TensorFlow's graph autodiff ({@code tf.gradients}) and plain SGD with lr 0.01 ({@code ApplyGradientDescent} on each
 * variable), all in one {@code Session.run} per step that fetches the loss. Inputs and initial parameters are
 * {@link W3MlpStep}'s (same seeds and bounds through {@link Inputs}); the batch and labels are fed as placeholders so
 * nothing is constant-folded. {@code xla=on} runs the session with XLA auto-clustering ({@code GlobalJitLevel.ON_1};
 * on the CPU it needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit} in the environment, which run_jvm_peers.sh sets),
 * {@code off} with TensorFlow's own kernels. {@code @Setup} runs three steps and checks their losses against Graft's
 * ({@link W3MlpStep#checkPeerLosses}); the timed steps then keep training. Figure: ms per step.
 */
public class TensorFlowW3Peer extends AverageTimeWorkload {
  /** XLA auto-clustering of the session's graph: {@code on} or {@code off}. */
  @Param({"off", "on"})
  public String xla;

  private Graph graph;
  private Session session;
  private Placeholder<TFloat32> x, labels;
  private Operand<TFloat32> loss;
  private final List<org.tensorflow.op.Op> updates = new ArrayList<>();
  private TFloat32 tx, tlabels;

  @Setup public void setup() {
    int batch = W3MlpStep.BATCH, in = W3MlpStep.IN, hidden = W3MlpStep.HIDDEN, classes = W3MlpStep.CLASSES;
    graph = new Graph();
    Ops tf = Ops.create(graph);
    x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, in)));
    labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, classes)));
    Variable<TFloat32> w1 = weight(tf, 10, in, hidden), b1 = zeros(tf, hidden);
    Variable<TFloat32> w2 = weight(tf, 11, hidden, hidden), b2 = zeros(tf, hidden);
    Variable<TFloat32> w3 = weight(tf, 12, hidden, classes), b3 = zeros(tf, classes);
    Operand<TFloat32> h1 = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, w1), b1));
    Operand<TFloat32> h2 = tf.nn.relu(tf.math.add(tf.linalg.matMul(h1, w2), b2));
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(h2, w3), b3);
    loss = tf.math.neg(tf.math.mean(tf.sum(tf.math.mul(tf.nn.logSoftmax(logits), labels), tf.constant(1)),
        tf.constant(0)));
    List<Variable<TFloat32>> params = List.of(w1, b1, w2, b2, w3, b3);
    Gradients grads = tf.gradients(loss, params);
    Operand<TFloat32> lr = tf.constant((float) W3MlpStep.LR);
    for (int i = 0; i < params.size(); i++)
      updates.add(tf.train.applyGradientDescent(params.get(i), lr, grads.<TFloat32>dy(i)));
    OptimizerOptions.GlobalJitLevel jit = switch (xla) {
      case "on" -> OptimizerOptions.GlobalJitLevel.ON_1;
      case "off" -> OptimizerOptions.GlobalJitLevel.OFF;
      default -> throw new IllegalArgumentException("TensorFlowW3Peer: xla must be on or off, got " + xla);
    };
    session = new Session(graph, ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder()
        .setOptimizerOptions(OptimizerOptions.newBuilder().setGlobalJitLevel(jit))).build());
    session.initialize();
    tx = TFloat32.tensorOf(Shape.of(batch, in), DataBuffers.of(Inputs.uniformFloats(5, batch * in, 0, 1)));
    tlabels = TFloat32.tensorOf(Shape.of(batch, classes), DataBuffers.of(W3MlpStep.oneHotLabels(batch)));
    double[] first = new double[3];
    for (int s = 0; s < first.length; s++) first[s] = w3TrainStep();
    W3MlpStep.checkPeerLosses("TensorFlow-Java (xla " + xla + ")", first);
  }

  /** A weight variable {@code f32[rows, cols]} uniform in ±1/sqrt(rows) from stream {@code seed}, as W3MlpStep's. */
  private static Variable<TFloat32> weight(Ops tf, long seed, int rows, int cols) {
    double a = 1 / Math.sqrt(rows);
    return tf.variable(tf.constant(Shape.of(rows, cols), DataBuffers.of(Inputs.uniformFloats(seed, rows * cols, -a, a))));
  }

  private static Variable<TFloat32> zeros(Ops tf, int n) {
    return tf.variable(tf.constant(Shape.of(n), DataBuffers.of(new float[n])));
  }

  @TearDown public void tearDown() {
    tx.close();
    tlabels.close();
    session.close();
    graph.close();
  }

  /** One train step: forward, gradients and the SGD update in one run; returns the loss before the update. */
  @Benchmark public float w3TrainStep() {
    Session.Runner runner = session.runner().feed(x, tx).feed(labels, tlabels).fetch(loss);
    for (org.tensorflow.op.Op u : updates) runner.addTarget(u);
    try (Result r = runner.run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
