package io.graft.benchmarks.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.graft.Array;
import io.graft.benchmarks.W7ResNet;
import io.graft.nn.ResNet;
import io.vavr.Tuple2;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Peer (profile {@code jvm-peers} only): W7 on DJL 0.36.0 with PyTorch 2.7.1 CPU (eager libtorch through JNI), the way
 * DJL trains: {@link W7ResNet}'s ResNet-18 built from DJL blocks (7×7/2 stem {@link Conv2d} without bias,
 * {@link BatchNorm}, relu, 3×3/2 max pool with padding 1, BasicBlocks [2, 2, 2, 2] as {@link ParallelBlock}s of the
 * two-conv path and the identity or 1×1/2 conv + BatchNorm projection, global average pool, {@link Linear} 10), NCHW
 * (PyTorch's layout), PyTorch's padding ({@code k / 2}), BatchNorm in training mode (momentum 0.9 in DJL's sense,
 * PyTorch's 0.1; {@code ε = 1e-5}), on {@link W7ResNet}'s batch of 32 images {@code 3×32×32}, f32; a {@link Trainer}
 * with {@link Loss#softmaxCrossEntropyLoss()} (mean over the batch, integer labels) and {@link Optimizer#adam()} (lr
 * 1e-3 fixed, β = 0.9, 0.999, ε = 1e-8): {@code trainer.forward}, the loss and {@code backward} in a
 * {@link GradientCollector} (PyTorch's autograd), then {@code trainer.step()} (DJL's Adam, libtorch's fused update).
 * Each step's intermediates live in a sub-manager closed at the end of the step.
 * <p>The parameters start as {@link W7ResNet#initialModel()}'s (HWIO kernels transposed to OIHW, the fc kernel to
 * {@code [out, in]}), set as each parameter's initializer before {@code trainer.initialize}. {@code @Setup} checks the
 * trainable parameter count and the first three losses against Graft's ({@link W7ResNet#checkPeer}); the timed steps
 * then keep training. Run offline like {@link DjlPyTorchPeer} (no libtorch download: it loads pytorch-native-cpu from
 * the class path). Figure: ms per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Dai.djl.offline=true"})
public class DjlPyTorchW7Peer {
  private Model model;
  private Trainer trainer;
  private NDManager manager;
  private NDArray x, labels;
  /** (block, parameter name, Graft's values in DJL's layout): the initializers set before trainer.initialize. */
  private final List<Object[]> inits = new ArrayList<>();

  @Setup public void setup() {
    int batch = W7ResNet.BATCH, size = W7ResNet.SIZE;
    ResNet graft = W7ResNet.initialModel();
    Tuple2<Array, Array> xy = W7ResNet.inputs(batch);
    SequentialBlock net = new SequentialBlock();
    net.add(convNorm(graft.stem())).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    for (ResNet.BasicBlock b : graft.blocks()) {
      SequentialBlock main = new SequentialBlock().add(convNorm(b.a())).add(Activation.reluBlock()).add(convNorm(b.b()));
      Block shortcut = b.projection().isDefined() ? convNorm(b.projection().get()) : Blocks.identityBlock();
      net.add(new ParallelBlock(list -> new NDList(Activation.relu(list.get(0).singletonOrThrow()
          .add(list.get(1).singletonOrThrow()))), List.of(main, shortcut)));
    }
    Linear fc = Linear.builder().setUnits(W7ResNet.CLASSES).build();
    inits.add(new Object[] {fc, "weight", graft.fc().kernel().transpose().toFloatArray()});
    inits.add(new Object[] {fc, "bias", graft.fc().bias().toFloatArray()});
    net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()).add(fc);

    model = Model.newInstance("w7-resnet18", Device.cpu(), "PyTorch");
    model.setBlock(net);
    trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) W7ResNet.LR)).optBeta1(0.9f)
            .optBeta2(0.999f).optEpsilon(1e-8f).build())
        .optDevices(new Device[] {Device.cpu()}));
    for (Object[] in : inits) {    // after newTrainer, which sets the config's default initializers
      float[] values = (float[]) in[2];
      ((Block) in[0]).getParameters().get((String) in[1]).setInitializer((m, shape, type) -> m.create(values, shape));
    }
    trainer.initialize(new Shape(batch, 3, size, size));
    manager = trainer.getManager();
    x = manager.create(xy._1.transpose(0, 3, 1, 2).toFloatArray(), new Shape(batch, 3, size, size));
    int[] y = xy._2.toIntArray();
    long[] ly = new long[y.length];
    for (int i = 0; i < y.length; i++) ly[i] = y[i];
    labels = manager.create(ly, new Shape(batch));

    long count = 0;
    for (Pair<String, Parameter> p : net.getParameters())
      if (p.getValue().requiresGradient()) count += p.getValue().getArray().getShape().size();
    double[] first = new double[3];
    for (int s = 0; s < first.length; s++) first[s] = w7TrainStep();
    W7ResNet.checkPeer("DJL PyTorch", count, first, W7ResNet.referenceLosses(first.length));
  }

  /** Conv (no bias, PyTorch's padding) + BatchNorm, its kernel queued to start as Graft's (HWIO -> OIHW). */
  private Block convNorm(ResNet.ConvNorm c) {
    int[] s = c.kernel().shape();    // [k, k, in, out]
    int k = s[0], stride = c.strides().get(0);
    Conv2d conv = Conv2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
        .optPadding(new Shape(k / 2, k / 2)).setFilters(s[3]).optBias(false).build();
    BatchNorm bn = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    inits.add(new Object[] {conv, "weight", c.kernel().transpose(3, 2, 0, 1).toFloatArray()});
    inits.add(new Object[] {bn, "gamma", c.norm().scale().toFloatArray()});
    inits.add(new Object[] {bn, "beta", c.norm().bias().toFloatArray()});
    return new SequentialBlock().add(conv).add(bn);
  }

  @TearDown public void tearDown() {
    trainer.close();
    model.close();
  }

  /** One train step: forward, loss and autograd in the collector, then the Adam update; returns the loss before it. */
  @Benchmark public float w7TrainStep() {
    try (NDManager step = manager.newSubManager()) {
      x.tempAttach(step);    // results follow their first operand's manager: every intermediate lands in step
      float loss;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray l = trainer.getLoss().evaluate(new NDList(labels), trainer.forward(new NDList(x)));
        gc.backward(l);
        loss = l.getFloat();
      }
      trainer.step();
      return loss;
    }
  }
}
