package io.graft.benchmarks.peers;

import io.graft.benchmarks.AverageTimeWorkload;

import io.graft.Array;
import io.graft.benchmarks.W7ResNet;
import io.graft.nn.ResNet;
import io.vavr.Tuple2;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.*;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Peer (profile {@code jvm-peers} only): W7 on TensorFlow-Java 1.1.0, CPU, as one TensorFlow graph run by a
 * {@link Session}: {@link W7ResNet}'s ResNet-18 (7×7/2 stem, 3×3/2 max pool, BasicBlocks [2, 2, 2, 2] with projection
 * shortcuts, global average pool, fc 10) on its batch of 32 images {@code 32×32×3}, channels last (TensorFlow's CPU
 * layout), f32. Convolutions are {@code Conv2D} without bias, each followed by {@code FusedBatchNormV3} in training mode
 * (batch statistics; the running statistics updated with factor 0.1, PyTorch's momentum, {@code ε = 1e-5}); the loss
 * is softmax cross-entropy, {@code -mean(sum(logSoftmax(logits) * onehot(labels), -1))} (the C++ gradient registry that
 * graph gradients use has no gradient for {@code SparseSoftmaxCrossEntropyWithLogits}); the gradients come from TensorFlow's graph autodiff
 * ({@code tf.gradients}) and Adam (lr 1e-3, β = 0.9, 0.999, ε = 1e-8) is {@code ApplyAdam} on each parameter variable,
 * the β powers advanced after them: forward, backward and update in one {@code Session.run} per step that fetches the
 * loss. Padding is PyTorch's ({@code k / 2} on every side): stride-1 convolutions use {@code SAME} (the same thing),
 * the stride-2 ones and the max pool pad explicitly then run {@code VALID} (TensorFlow's {@code SAME} would pad
 * asymmetrically; Keras' ResNets do the same; the pool pads zeros, which equal −∞ padding after the relu). The updates
 * wait for every gradient (a control dependency), so no update races a backward op still reading the old weights.
 * <p>The parameters start as {@link W7ResNet#initialModel()}'s (HWIO kernels, TensorFlow's filter layout), the inputs
 * are {@link W7ResNet#inputs}' fed as placeholders (nothing constant-folded). {@code xla=on} runs the session with XLA
 * auto-clustering ({@code GlobalJitLevel.ON_1}; on the CPU it needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit},
 * which run_jvm_peers.sh sets). {@code @Setup} checks the trainable parameter count and the first three losses
 * against Graft's ({@link W7ResNet#checkPeer}); the timed steps then keep training (as Graft's W7 does). Figure: ms per
 * step.
 */
public class TensorFlowW7Peer extends AverageTimeWorkload {
  /** XLA auto-clustering of the session's graph: {@code on} or {@code off}. */
  @Param({"off", "on"})
  public String xla;

  private Graph graph;
  private Session session;
  private Placeholder<TFloat32> x;
  private Placeholder<TInt32> labels;
  private Operand<TFloat32> loss;
  private final List<Op> targets = new ArrayList<>();
  private TFloat32 tx;
  private TInt32 tlabels;
  /** The trainable variables, in the order they were made. */
  private final List<Variable<TFloat32>> params = new ArrayList<>();
  /** The running-statistics assignments of the BatchNorms (targets of every step). */
  private final List<Op> statUpdates = new ArrayList<>();

  @Setup public void setup() {
    int batch = W7ResNet.BATCH, size = W7ResNet.SIZE;
    ResNet model = W7ResNet.initialModel();
    Tuple2<Array, Array> xy = W7ResNet.inputs(batch);
    graph = new Graph();
    Ops tf = Ops.create(graph);
    x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, size, size, 3)));
    labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(batch)));
    Operand<TFloat32> h = tf.nn.relu(convNorm(tf, model.stem(), x));
    // 3×3/2 max pool, padding 1: zeros (h >= 0 after the relu) then VALID
    h = tf.nn.maxPool(tf.pad(h, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f)),
        tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    for (ResNet.BasicBlock b : model.blocks()) {
      Operand<TFloat32> a = tf.nn.relu(convNorm(tf, b.a(), h));
      Operand<TFloat32> out = convNorm(tf, b.b(), a);
      Operand<TFloat32> shortcut = b.projection().isDefined() ? convNorm(tf, b.projection().get(), h) : h;
      h = tf.nn.relu(tf.math.add(out, shortcut));
    }
    Operand<TFloat32> pooled = tf.math.mean(h, tf.constant(new int[] {1, 2}));
    Variable<TFloat32> fcKernel = param(tf, model.fc().kernel()), fcBias = param(tf, model.fc().bias());
    Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(pooled, fcKernel), fcBias);
    // -mean(sum(logSoftmax(logits) * onehot(labels), -1)): TensorFlow's C++ gradient registry (the one graph
    // gradients use) has no gradient for SparseSoftmaxCrossEntropyWithLogits; it has LogSoftmax's
    Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(W7ResNet.CLASSES), tf.constant(1f), tf.constant(0f));
    loss = tf.math.neg(tf.math.mean(tf.sum(tf.math.mul(tf.nn.logSoftmax(logits), onehot), tf.constant(1)),
        tf.constant(0)));
    Gradients grads = tf.gradients(loss, params);
    List<Op> allGrads = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) allGrads.add(grads.dy(i));
    Ops after = tf.withControlDependencies(allGrads);
    float b1 = 0.9f, b2 = 0.999f;
    Variable<TFloat32> b1Power = tf.variable(tf.constant(b1)), b2Power = tf.variable(tf.constant(b2));
    List<Op> adam = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Variable<TFloat32> p = params.get(i);
      Variable<TFloat32> m = tf.variable(tf.zerosLike(p)), v = tf.variable(tf.zerosLike(p));
      adam.add(after.train.applyAdam(p, m, v, b1Power, b2Power, tf.constant((float) W7ResNet.LR), tf.constant(b1),
          tf.constant(b2), tf.constant(1e-8f), grads.<TFloat32>dy(i)));
    }
    Ops afterAdam = tf.withControlDependencies(adam);
    targets.addAll(adam);
    targets.addAll(statUpdates);
    targets.add(afterAdam.assign(b1Power, afterAdam.math.mul(b1Power, tf.constant(b1))));
    targets.add(afterAdam.assign(b2Power, afterAdam.math.mul(b2Power, tf.constant(b2))));
    tx = TFloat32.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(xy._1.toFloatArray()));
    tlabels = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(xy._2.toIntArray()));

    long count = 0;
    for (Variable<TFloat32> p : params) count += p.shape().size();
    double[] first = new double[3];
    openSession();
    for (int s = 0; s < first.length; s++) first[s] = w7TrainStep();
    W7ResNet.checkPeer("TensorFlow-Java (xla " + xla + ")", count, first, W7ResNet.referenceLosses(first.length));
  }

  private void openSession() {
    OptimizerOptions.GlobalJitLevel jit = switch (xla) {
      case "on" -> OptimizerOptions.GlobalJitLevel.ON_1;
      case "off" -> OptimizerOptions.GlobalJitLevel.OFF;
      default -> throw new IllegalArgumentException("TensorFlowW7Peer: xla must be on or off, got " + xla);
    };
    session = new Session(graph, ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder()
        .setOptimizerOptions(OptimizerOptions.newBuilder().setGlobalJitLevel(jit))).build());
    session.initialize();
  }

  /** A trainable variable holding {@code a}'s values and shape (a conv kernel is HWIO, TensorFlow's filter layout). */
  private Variable<TFloat32> param(Ops tf, Array a) {
    long[] shape = new long[a.ndim()];
    for (int i = 0; i < shape.length; i++) shape[i] = a.shape()[i];
    Variable<TFloat32> v = tf.variable(tf.constant(Shape.of(shape), DataBuffers.of(a.toFloatArray())));
    params.add(v);
    return v;
  }

  /** {@code BN(conv(x))} in training mode, PyTorch's padding; queues the running statistics' update. */
  private Operand<TFloat32> convNorm(Ops tf, ResNet.ConvNorm c, Operand<TFloat32> in) {
    int k = c.kernel().shape()[0];
    long stride = c.strides().get(0);
    Variable<TFloat32> w = param(tf, c.kernel());
    Operand<TFloat32> conv;
    if (stride == 1 || k == 1) {
      conv = tf.nn.conv2d(in, w, List.of(1L, stride, stride, 1L), k == 1 ? "VALID" : "SAME");
    } else {
      int p = k / 2;
      Operand<TFloat32> padded = tf.pad(in, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(0f));
      conv = tf.nn.conv2d(padded, w, List.of(1L, stride, stride, 1L), "VALID");
    }
    Variable<TFloat32> gamma = param(tf, c.norm().scale()), beta = param(tf, c.norm().bias());
    int features = c.kernel().shape()[3];
    Variable<TFloat32> mean = tf.variable(tf.constant(Shape.of(features), DataBuffers.of(new float[features])));
    float[] ones = new float[features];
    java.util.Arrays.fill(ones, 1f);
    Variable<TFloat32> var = tf.variable(tf.constant(Shape.of(features), DataBuffers.of(ones)));
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(conv, gamma, beta, mean, var,
        FusedBatchNorm.epsilon(1e-5f), FusedBatchNorm.exponentialAvgFactor(0.1f), FusedBatchNorm.isTraining(true));
    statUpdates.add(tf.assign(mean, bn.batchMean()));
    statUpdates.add(tf.assign(var, bn.batchVariance()));
    return bn.y();
  }

  @TearDown public void tearDown() {
    tx.close();
    tlabels.close();
    session.close();
    graph.close();
  }

  /** One train step: forward, gradients and the Adam update in one run; returns the loss before the update. */
  @Benchmark public float w7TrainStep() {
    Session.Runner runner = session.runner().feed(x, tx).feed(labels, tlabels).fetch(loss);
    for (Op t : targets) runner.addTarget(t);
    try (Result r = runner.run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
