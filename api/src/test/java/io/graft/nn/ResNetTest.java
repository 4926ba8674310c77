package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Random;
import io.graft.Tree;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.vavr.Tuple2;
import org.junit.jupiter.api.Test;

/** ResNet-18: the reference architecture's parameter counts and shapes, BatchNorm state in train and eval, gradients. */
class ResNetTest {
  private static final ResNet CIFAR = ResNet.resnet18Cifar(Random.key(3), 10);
  private static final Array X = Random.normal(Random.key(4), 2, 16, 16, 3);
  private static final Array Y = Array.of(new int[] {1, 7});

  private static long leafElements(Object tree) {
    long n = 0;
    for (Array a : Tree.leaves(tree)) n += a.size();
    return n;
  }

  @Test void parameterCountsAreTorchvisionResNet18s() {
    ResNet imagenet = ResNet.resnet18(Random.key(0), 1000);
    assertEquals(11_689_512L, leafElements(imagenet), "torchvision resnet18(): BN gamma/beta counted, running stats not");
    assertEquals(11_689_512L, imagenet.parameterCount());
    assertEquals(11_173_962L, leafElements(CIFAR), "3x3 stem, 10 classes");
    assertEquals(11_173_962L, CIFAR.parameterCount());
    // the running statistics are state: 2 x (64 + 4 x 64 + 4 x 128 + 4 x 256 + 4 x 512 + 128 + 256 + 512) = 9600
    assertEquals(9600L, leafElements(CIFAR.initState()));
  }

  @Test void projectionShortcutsExactlyWhereTheShapeChanges() {
    for (int i = 0; i < 8; i++) {
      ResNet.BasicBlock b = CIFAR.blocks().get(i);
      boolean first = i % 2 == 0 && i > 0;
      assertEquals(first, b.projection().isDefined(), "block " + i);
      assertEquals(first ? 2 : 1, b.a().strides().get(0), "block " + i + " stride");
      if (first) assertArrayEquals(new int[] {1, 1, 32 << (i / 2), 64 << (i / 2)}, b.projection().get().kernel().shape());
    }
    assertArrayEquals(new int[] {3, 3, 3, 64}, CIFAR.stem().kernel().shape());
    assertArrayEquals(new int[] {7, 7, 3, 64}, ResNet.resnet18(Random.key(0), 5).stem().kernel().shape());
  }

  @Test void outputShapesOfBothVariants() {
    assertArrayEquals(new int[] {2, 10}, CIFAR.apply(X, CIFAR.initState(), false)._1.shape());
    ResNet imagenet = ResNet.resnet18(Random.key(1), 5);
    // 7x7/2 stem then 3x3/2 pool: 32 -> 16 -> 8, then 8, 4, 2, 1 through the stages (PyTorch's sizes)
    Tuple2<Array, ResNet.State> r = imagenet.apply(Random.normal(Random.key(2), 1, 32, 32, 3), imagenet.initState(), true);
    assertArrayEquals(new int[] {1, 5}, r._1.shape());
    assertThrows(ShapeError.class, () -> CIFAR.apply(Random.normal(Random.key(2), 16, 16, 3), CIFAR.initState(), false));
    assertThrows(IllegalStateException.class, () -> CIFAR.apply(X));
  }

  @Test void trainModeUpdatesRunningStatisticsAndEvalUsesThem() {
    ResNet.State s0 = CIFAR.initState();
    Tuple2<Array, ResNet.State> train = CIFAR.apply(X, s0, true);
    float[] stemMean = train._2.stem().mean().toFloatArray();
    // the running mean moved a tenth of the way toward the batch mean of the stem convolution's output
    Array conv = stemConv(CIFAR, X);
    float[] batchMean = conv.mean(0, 1, 2).toFloatArray();
    for (int c = 0; c < 64; c++) assertEquals(0.1 * batchMean[c], stemMean[c], 1e-5, "channel " + c);
    Tuple2<Array, ResNet.State> eval = CIFAR.apply(X, train._2, false);
    var before = Tree.leaves(train._2);
    var after = Tree.leaves(eval._2);
    for (int i = 0; i < before.size(); i++) assertSame(before.get(i), after.get(i), "evaluation keeps state leaf " + i);
    assertFalse(java.util.Arrays.equals(train._1.toFloatArray(), eval._1.toFloatArray()), "train and eval normalise differently");
    // evaluation is per example: the first example alone gives the same logits as in the batch
    float[] alone = CIFAR.apply(X.slice(0, 1), train._2, false)._1.toFloatArray();
    float[] inBatch = eval._1.toFloatArray();
    for (int k = 0; k < 10; k++) assertEquals(inBatch[k], alone[k], 1e-4, "logit " + k);
  }

  /** The stem convolution without its BatchNorm (what the stem's batch statistics are taken over). */
  private static Array stemConv(ResNet m, Array x) {
    ResNet.ConvNorm s = m.stem();
    return new Conv(s.kernel(), null, s.strides(), Pad.of(new int[] {1, 1}, new int[] {1, 1}), Ints.of(1, 1), 1).apply(x);
  }

  private static double loss(ResNet m) {
    return Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(X, m.initState(), true)._1, Y).mean().item().doubleValue();
  }

  @Test void gradientFlowsToEveryParameterAndMatchesFiniteDifferences() {
    ResNet g = Graft.grad((ResNet m) -> Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(X, m.initState(), true)._1, Y).mean())
        .apply(CIFAR);
    var leaves = Tree.leaves(g);
    assertEquals(Tree.leaves(CIFAR).size(), leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      double norm = leaves.get(i).square().sum().item().doubleValue();
      assertTrue(Double.isFinite(norm) && norm > 0, "leaf " + i + " has gradient norm² " + norm);
    }
    // d loss / d gamma_0 of the stem's BatchNorm, through all eight blocks, against a central difference
    double eps = 1e-2;
    float[] e = new float[64];
    e[0] = (float) eps;
    double fd = (loss(withStemScale(CIFAR, Array.of(e))) - loss(withStemScale(CIFAR, Array.of(e).neg()))) / (2 * eps);
    double ad = g.stem().norm().scale().toFloatArray()[0];
    assertEquals(fd, ad, 2e-2 * Math.max(1e-2, Math.abs(fd)) + 1e-3, "autodiff " + ad + " vs finite difference " + fd);
    assertNotEquals(0.0, ad);
  }

  private static ResNet withStemScale(ResNet m, Array delta) {
    ResNet.ConvNorm s = m.stem();
    BatchNorm n = s.norm();
    return new ResNet(new ResNet.ConvNorm(s.kernel(), s.strides(), new BatchNorm(n.scale().add(delta), n.bias(), n.momentum(),
        n.eps())), m.pool(), m.blocks(), m.fc());
  }
}
