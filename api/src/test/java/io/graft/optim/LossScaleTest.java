package io.graft.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import io.graft.nn.Policy;
import io.graft.numerics.DType;
import org.junit.jupiter.api.Test;

/** Dynamic loss scaling: unscaled updates on finite steps, skipped steps and a halved scale on Inf/NaN, growth after N good steps. */
class LossScaleTest {
  record P(Array w, Array b) {}

  private static final P PARAMS = new P(Array.of(new float[] {1, 2}), Array.of(new float[] {0.5f}));

  @Test void finiteGradientsAreUnscaledAndTheScaleGrowsAfterPeriodGoodSteps() {
    var opt = Optim.dynamicLossScale(Optim.sgd(0.1), 8, 2, 2);
    OptState.LossScale s = opt.init(PARAMS);
    P scaledGrads = new P(Array.of(new float[] {8, -16}), Array.of(new float[] {4}));      // gradients of 8 · loss
    Update<P, OptState.LossScale> u = opt.update(scaledGrads, s, PARAMS);
    assertArrayEquals(new float[] {-0.1f, 0.2f}, u.updates().w().toFloatArray(), 1e-7f);
    assertArrayEquals(new float[] {-0.05f}, u.updates().b().toFloatArray(), 1e-7f);
    assertEquals(8f, u.state().scale().item());
    assertEquals(1, u.state().goodSteps().item());
    u = opt.update(scaledGrads, u.state(), PARAMS);
    assertEquals(16f, u.state().scale().item(), "doubled after 2 good steps");
    assertEquals(0, u.state().goodSteps().item());
  }

  @Test void infOrNanGradientsSkipTheStepAndHalveTheScale() {
    var opt = Optim.dynamicLossScale(Optim.adam(0.1), 1024, 3, 2);
    OptState.LossScale s = opt.init(PARAMS);
    s = opt.update(new P(Array.of(new float[] {1, 1}), Array.of(new float[] {1})), s, PARAMS).state();   // one good step
    for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
      Update<P, OptState.LossScale> u = opt.update(new P(Array.of(new float[] {1, bad}), Array.of(new float[] {1})), s, PARAMS);
      assertArrayEquals(new float[] {0, 0}, u.updates().w().toFloatArray(), "skipped: no update at all");
      assertArrayEquals(new float[] {0}, u.updates().b().toFloatArray());
      assertEquals(512f, u.state().scale().item(), "halved");
      assertEquals(0, u.state().goodSteps().item());
      var before = (OptState.Chain) s.inner();
      var after = (OptState.Chain) u.state().inner();
      assertEquals(((OptState.Adam) before.states().get(0)).count().item(), ((OptState.Adam) after.states().get(0)).count().item(),
          "the inner state did not advance");
    }
    OptState.LossScale floor = new OptState.LossScale(Np.ones(Np.float32), Np.zeros(Np.int32), s.inner());
    assertEquals(1f, opt.update(new P(Array.of(new float[] {Float.NaN, 0}), Array.of(new float[] {1})), floor, PARAMS)
        .state().scale().item(), "never below 1");
    assertThrows(IllegalArgumentException.class, () -> Optim.dynamicLossScale(Optim.sgd(1), 0.5, 10, 2));
  }

  /** f16 compute: a loss scaled past f16's range overflows in the backward pass, the step is skipped, the scale drops. */
  @Test void f16TrainingRecoversFromOverflowAndKeepsLearning() {
    Policy policy = Policy.parse("params=f32,compute=f16,output=f32");
    Array x = Array.of(new float[] {1, 2, 3, 4, -1, -2, 0.5f, 3}, 4, 2), y = Array.of(new float[] {3, 7, -3, 4}, 4, 1);
    P p = new P(Np.zeros(2, 1), Np.zeros(1));
    var opt = Optim.dynamicLossScale(Optim.sgd(0.02), 65536.0 * 16, 1000, 2);   // 2^20: far past f16's 65504
    OptState.LossScale s = opt.init(p);
    double first = Double.NaN, last = Double.NaN;
    int skipped = 0;
    for (int i = 0; i < 40; i++) {
      OptState.LossScale st = s;
      Array loss = Graft.valueAndGrad((P q) -> {
        P c = policy.castToCompute(q);
        Array pred = policy.castToOutput(policy.castToCompute(x).matmul(c.w()).add(c.b()));
        return pred.sub(y).square().mean();
      }).apply(p)._1;
      P g = Graft.grad((P q) -> {
        P c = policy.castToCompute(q);
        Array pred = policy.castToCompute(x).matmul(c.w()).add(c.b());
        return Optim.scaleLoss(policy.castToOutput(pred.sub(policy.castToCompute(y)).square().mean()).astype(DType.F16), st);
      }).apply(p);
      Update<P, OptState.LossScale> u = opt.update(g, s, p);
      if (u.state().scale().item().floatValue() < s.scale().item().floatValue()) skipped++;
      p = Optim.applyUpdates(p, u.updates());
      s = u.state();
      if (i == 0) first = loss.item().doubleValue();
      last = loss.item().doubleValue();
    }
    assertTrue(skipped >= 5, "the scale came down from 2^20 through skipped steps: " + skipped);
    assertTrue(s.scale().item().floatValue() < 65504, "scale now " + s.scale().item());
    assertTrue(last < 0.5 * first, "loss fell from " + first + " to " + last);
    assertEquals(DType.F32, p.w().dtype());
  }
}
