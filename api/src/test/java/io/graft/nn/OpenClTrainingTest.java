package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.Array;
import io.graft.Device;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.graft.Random;
import io.graft.Tree;
import io.graft.TreeFn;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Training steps jitted onto an OpenCL device (PoCL in CI) against the same steps jitted on the CPU: SmallCnn's Adam
 * step (convolutions, max pools and their gradients), an embedding model (gather, scatter-add) and an average-pooled
 * convolution (windows with padding).
 */
class OpenClTrainingTest {
  record CnnState(SmallCnn model, OptState.Chain opt) {}

  record Bag(Embedding embed, Dense out) {}

  private static Device device() {
    List<Device> all = Graft.devices();
    if (all.size() < 2) {
      System.err.println("SKIPPED (no OpenCL platform): Graft.devices() is " + all + "; install one, e.g. pocl-opencl-icd");
      assumeTrue(false, "no OpenCL platform: Graft.devices() is " + all);
    }
    return all.get(1);
  }

  private static void assertClose(Object want, Object got, Device d, double tol) {
    var w = Tree.leaves(want);
    var g = Tree.leaves(got);
    assertEquals(w.size(), g.size());
    for (int k = 0; k < w.size(); k++) {
      assertEquals(d, g.get(k).device(), "leaf " + k + " stays on the device");
      float[] a = w.get(k).toFloatArray(), b = g.get(k).toFloatArray();
      assertEquals(a.length, b.length, "leaf " + k);
      for (int i = 0; i < a.length; i++)
        assertTrue(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(a[i])), "leaf " + k + " element " + i + ": cpu " + a[i] + ", opencl " + b[i]);
    }
  }

  @Test void smallCnnAdamStepsJittedOnTheDeviceMatchTheCpuJit() {
    Device d = device();
    Array images = Random.normal(Random.key(100), 4, 12, 12, 1);
    Array labels = Random.randint(Random.key(101), new int[] {4}, 0, 4);
    GradientTransformation<OptState.Chain> opt = Optim.adam(1e-2);
    Function<CnnState, Tuple2<CnnState, Array>> step = s -> {
      Tuple2<Array, SmallCnn> lg = Graft.valueAndGrad(
          (SmallCnn m) -> Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(images), labels).mean()).apply(s.model());
      Update<SmallCnn, OptState.Chain> u = opt.update(lg._2, s.opt(), s.model());
      return Tuple.of(new CnnState(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1);
    };
    Jitted<CnnState, Tuple2<CnnState, Array>> cpu = Graft.jit(step), dev = Graft.jit(step).on(d);
    SmallCnn m0 = SmallCnn.init(Random.key(7), 12, 12, 1, 4, 8, 16, 4);
    CnnState a = new CnnState(m0, opt.init(m0)), b = Graft.devicePut(a, d);
    for (int i = 0; i < 3; i++) {
      Tuple2<CnnState, Array> x = cpu.apply(a), y = dev.apply(b);
      assertClose(x, y, d, 1e-4);
      a = x._1;
      b = y._1;
    }
    assertTrue(dev.lower(b).contains("void select_and_scatter_add("), "the max-pool gradient runs as its own kernel");
  }

  @Test void embeddingModelGradientJittedOnTheDeviceMatchesTheCpuJit() {
    Device d = device();
    Bag m = new Bag(Embedding.init(Random.key(3), 10, 6), Dense.init(Random.key(4), 6, 3));
    Array ids = Array.of(new int[] {1, 3, 1, 7, 3, 3, 0, 9}, 4, 2);   // repeated ids accumulate in the gradient
    Array target = Random.normal(Random.key(5), 4, 3);
    TreeFn<Bag> loss = b -> b.out().apply(b.embed().apply(ids).mean(1)).sub(target).square().mean();
    Jitted<Bag, Bag> grad = Graft.jit(Graft.grad(loss));
    assertClose(grad.apply(m), grad.on(d).apply(m), d, 1e-5);
    Bag onDev = Graft.devicePut(m, d);
    assertClose(grad.apply(m), grad.apply(onDev), d, 1e-5);
  }

  @Test void averagePooledConvolutionGradientJittedOnTheDeviceMatchesTheCpuJit() {
    Device d = device();
    Conv conv = Conv.init(Random.key(9), 2, 3, 3, 3);
    AvgPool pool = AvgPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.SAME);
    Array x = Random.normal(Random.key(10), 2, 7, 7, 2);
    TreeFn<Conv> loss = c -> Np.tanh(pool.apply(c.apply(x))).sum();
    Jitted<Conv, Conv> grad = Graft.jit(Graft.grad(loss));
    assertClose(grad.apply(conv), grad.on(d).apply(conv), d, 1e-4);
  }
}
