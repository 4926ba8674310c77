package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.testing.ArrayArbitraries;
import io.graft.testing.GradCheck;
import io.vavr.Tuple;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TestingKitTest {
  @Provide Arbitrary<Array> inputs() { return ArrayArbitraries.arrays(Np.float64, ArrayArbitraries.shapes(2, 3), -2, 2); }

  @Property(tries = 30) void checkGradsAcceptsCorrectDerivatives(@ForAll("inputs") Array x) {
    GradCheck.checkGrads((Array v) -> v.sin().mul(v).add(v.exp().log1p()), x, 2);
  }

  @Property(tries = 30) void generatedShapesAreInRange(@ForAll("inputs") Array x) {
    assertTrue(x.ndim() <= 2);
    for (int d : x.shape()) assertTrue(d >= 0 && d <= 3);
    for (double v : x.toDoubleArray()) assertTrue(v >= -2 && v <= 2);
  }

  @Test void checkGradsCatchesAWrongRule() {
    Function<Array, Array> wrong = Graft.customJvp((Array v) -> v.sin(), (v, t) -> Tuple.of(v.sin(), t.mul(v.cos()).mul(1.1)));
    var e = assertThrows(AssertionError.class, () -> GradCheck.checkGrads(wrong, Array.of(new double[] {0.3, 0.7}), 1));
    assertTrue(e.getMessage().contains("finite differences"), e.getMessage());
  }

  @Test void checkGradsCatchesAWrongBackwardRule() {
    Function<Array, Array> wrong = Graft.customVjp((Array v) -> v.mul(v), v -> Tuple.of(v.mul(v), v),
        (Array res, Array ct) -> ct.mul(res).mul(3.0));
    assertThrows(AssertionError.class, () -> GradCheck.checkGrads(wrong, Array.of(new double[] {0.3, 0.7}), 1));
  }

  record Params(Array w, Array b) {}

  @Test void checkGradsOverPytrees() {
    Params p = new Params(Array.of(new double[] {0.1, -0.2}), Array.scalar(0.3));
    GradCheck.checkGrads((Params q) -> q.w().mul(q.b()).tanh(), p, 3);
    assertEquals("order must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> GradCheck.checkGrads((Array v) -> v, Array.scalar(1.0), 0)).getMessage().replace("checkGrads: ", ""));
  }
}
