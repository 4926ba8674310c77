package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import org.junit.jupiter.api.Test;

/** The mixed-precision policy: parsing, casts of pytrees, and a 20-step bf16 training run whose loss falls. */
class PolicyTest {
  record Batch(Array x, Array labels) {}

  @Test void parsesJmpSpecsAndPrintsThemBack() {
    Policy p = Policy.parse("params=f32,compute=bf16,output=f32");
    assertEquals(new Policy(DType.F32, DType.BF16, DType.F32), p);
    assertEquals(p, Policy.parse(p.toString()));
    assertEquals(new Policy(DType.F32, DType.F16, DType.F32), Policy.parse("p=float32, c=float16, o=float32"));
    assertEquals(new Policy(DType.F32, DType.BF16, DType.F32), Policy.parse("compute=bfloat16"));     // others default to f32
    var bad = assertThrows(IllegalArgumentException.class, () -> Policy.parse("params=f32,compute=f8"));
    assertEquals("Policy.parse(\"params=f32,compute=f8\"): unknown dtype 'f8'; use f32, bf16, f16 or f64 (or float32, "
        + "bfloat16, float16, float64)", bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("weights=f32"));
    assertThrows(IllegalArgumentException.class, () -> Policy.parse("params"));
    assertThrows(DTypeError.class, () -> new Policy(DType.F32, DType.I32, DType.F32));
  }

  @Test void castsFloatingLeavesOnly() {
    Policy p = Policy.parse("params=f32,compute=bf16,output=f32");
    Batch b = new Batch(Np.ones(2, 3), Array.of(new int[] {1, 0}));
    Batch c = p.castToCompute(b);
    assertEquals(DType.BF16, c.x().dtype());
    assertEquals(DType.I32, c.labels().dtype());
    assertEquals(DType.F32, p.castToOutput(c).x().dtype());
    assertEquals(DType.F32, p.castToParam(c).x().dtype());
  }

  /** Params in f32, forward and backward in bf16, loss in f32: the gradients arrive in f32 and the loss falls. */
  @Test void twentyBf16StepsReduceTheLoss() {
    Policy policy = Policy.parse("params=f32,compute=bf16,output=f32");
    Array key = Random.key(3);
    Mlp model = Mlp.init(key, Activation.RELU, 8, 32, 4);
    Array x = Random.normal(Random.foldIn(key, 1), 64, 8);
    Array w = Random.normal(Random.foldIn(key, 2), 8, 4);
    Array labels = Np.argmax(x.matmul(w), 1);                              // a learnable 4-class problem
    GradientTransformation<OptState.Chain> opt = Optim.adam(1e-2);
    record State(Mlp model, OptState.Chain opt) {}
    Jitted<State, Tuple2<State, Array>> step = Graft.jit((State s) -> {
      Tuple2<Array, Mlp> lg = Graft.valueAndGrad((Mlp m) -> {
        Array logits = policy.castToOutput(policy.castToCompute(m).apply(policy.castToCompute(x)));
        return Losses.softmaxCrossEntropyWithIntegerLabels(logits, labels).mean();
      }).apply(s.model());
      Update<Mlp, OptState.Chain> u = opt.update(lg._2, s.opt(), s.model());
      return Tuple.of(new State(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1);
    });
    State s = new State(model, opt.init(model));
    double first = 0, last = 0;
    for (int i = 0; i < 20; i++) {
      Tuple2<State, Array> r = step.apply(s);
      assertEquals(DType.F32, r._2.dtype());
      if (i == 0) first = r._2.item().doubleValue();
      last = r._2.item().doubleValue();
      s = r._1;
    }
    assertEquals(DType.F32, s.model().layers().get(0).kernel().dtype(), "params stay f32");
    assertTrue(last < 0.6 * first, "loss fell from " + first + " to " + last);
  }
}
