package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.Value;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.LinearArg;
import io.graft.trace.prim.TransposeError;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The elementwise family's rules beyond the generic laws of {@code RuleProperties}: JAX's conventions at ties and
 * kinks (where finite differences say nothing), exact graphs of transformed functions, batching that keeps the batch
 * axis in place, and compositions of transforms.
 */
class ElementwiseRulesTest {
  private static final Array X = Array.of(new double[] {0.3, -1.2, 2.0});

  private static void near(double[] expected, Array got, double tol) {
    assertArrayEquals(expected, got.toDoubleArray(), tol);
  }

  private static double[] map(Array x, DoubleUnaryOperator f) {
    double[] d = x.toDoubleArray();
    for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(d[i]);
    return d;
  }

  @Test void maxAndMinSplitTheGradientAtTies() {
    Array x = Array.of(new double[] {1, 2, 3}), y = Array.of(new double[] {1, 5, 0});
    Tuple2<Array, Array> max = Graft.grad((Array a, Array b) -> Np.maximum(a, b).sum(), Argnums.ALL).apply(x, y);
    near(new double[] {0.5, 0, 1}, max._1, 0);
    near(new double[] {0.5, 1, 0}, max._2, 0);
    Tuple2<Array, Array> min = Graft.grad((Array a, Array b) -> Np.minimum(a, b).sum(), Argnums.ALL).apply(x, y);
    near(new double[] {0.5, 1, 0}, min._1, 0);
    near(new double[] {0.5, 0, 1}, min._2, 0);
  }

  /** {@code relu(x) = maximum(x, 0.0)}: JAX's derivative at 0 is 0.5 (a tie with the literal). */
  @Test void reluThroughMaximumHasDerivativeOneHalfAtZero() {
    Array x = Array.of(new double[] {-1, 0, 2});
    near(new double[] {0, 0.5, 1}, Graft.grad(a -> Np.maximum(a, 0.0).sum()).apply(x), 0);
  }

  @Test void kinksFollowJax() {
    Array x = Array.of(new double[] {-1, 0, 2});
    near(new double[] {-1, 1, 1}, Graft.grad(a -> a.abs().sum()).apply(x), 0);                   // abs'(0) = 1
    near(new double[] {0, 0, 0}, Graft.grad(a -> a.sign().add(a.floor()).add(a.round()).sum()).apply(x), 0);
    Array lo = Array.scalar(0.0), hi = Array.scalar(2.0);                                        // clamp: 0 at the bounds
    near(new double[] {0, 0, 0}, Graft.grad(a -> Lax.clamp(lo, a, hi).sum()).apply(x), 0);
    near(new double[] {0, 1, 0}, Graft.grad(a -> Lax.clamp(lo, a, hi).sum()).apply(Array.of(new double[] {-1, 1, 3})), 0);
    // pow: d/dy at x = 0 uses log(1) = 0, so no NaN; d/dx at y = 1 is 1
    Array zero = Array.of(new double[] {0, 0}), y = Array.of(new double[] {1, 2});
    Tuple2<Array, Array> g = Graft.grad((Array a, Array b) -> a.pow(b).sum(), Argnums.ALL).apply(zero, y);
    near(new double[] {1, 0}, g._1, 0);
    near(new double[] {0, 0}, g._2, 0);
  }

  @Test void stopGradientAndComparisonsHaveZeroTangents() {
    Function<Array, Array> f = a -> Lax.stopGradient(a).mul(a).add(Np.where(a.gt(0.0), a, a.mul(2.0)));
    Array t = Array.of(new double[] {1, 1, 1});
    near(new double[] {0.3 + 1, -1.2 + 2, 2.0 + 1}, Graft.jvp(f, X, t)._2, 1e-15);
  }

  @Test void gradOfSinSumGraph() {
    assertEquals("""
        { lambda ; a:f64[3]. let
            b:f64[3] = sin a
            c:f64[3] = cos a
            d:f64[] = reduce_sum[axes=(0,)] b
            e:f64[3] = broadcast_in_dim[shape=(3,) broadcast_dimensions=()] 1.0:f64[]
            f:f64[3] = mul e c
          in (f) }""", Graft.makeGraph(Graft.grad(x -> x.sin().sum())).apply(X).toString());
  }

  @Test void thirdDerivativeOfSinIsMinusCos() {
    ArrayFn d1 = Graft.grad(Array::sin);
    ArrayFn d2 = Graft.grad(d1);
    ArrayFn d3 = Graft.grad(d2);
    for (double v : X.toDoubleArray()) {
      Array s = Array.scalar(v);
      assertEquals(Math.cos(v), d1.apply(s).toDoubleArray()[0], 1e-15);
      assertEquals(-Math.sin(v), d2.apply(s).toDoubleArray()[0], 1e-15);
      assertEquals(-Math.cos(v), d3.apply(s).toDoubleArray()[0], 1e-15);
    }
  }

  /** A composite of many rows of the tables, differentiated per row by vmap and by a loop. */
  @Test void vmapOfGradEqualsALoop() {
    ArrayFn f = x -> x.tanh().mul(x.square().neg().exp())
        .add(Np.maximum(x, 0.3).mul(x).div(x.square().add(1.0)))
        .add(Np.where(x.gt(0.0), x.add(1.0).log(), x.sin().mul(x.cos())))
        .add(x.logistic().sqrt().pow(x.abs().add(0.5)))
        .add(Lax.clamp(Array.scalar(-0.5), x, Array.scalar(1.5)).integerPow(3))
        .sum();
    ArrayFn g = Graft.grad(f);
    Array xs = Array.of(new double[] {0.3, -1.2, 2.0, 0.7, -0.2, 1.1, 1.6, -0.9}, 2, 4);
    Array batched = Graft.vmap(g).apply(xs);
    for (int i = 0; i < 2; i++) near(g.apply(xs.get(i)).toDoubleArray(), batched.get(i), 1e-14);
    Array cols = Graft.vmap(g, 1, 1).apply(xs.transpose());
    near(batched.transpose().toDoubleArray(), cols, 1e-14);
  }

  @Test void gradWithRespectToABroadcastScalarSumsTheCotangent() {
    Array s = Array.scalar(3.0);
    Tuple2<Array, Array> g = Graft.grad((Array a, Array x) -> Lax.mul(a, x).add(Lax.sub(x, a)).div(a).sum(), Argnums.ALL).apply(s, X);
    double sum = 0;
    for (double v : X.toDoubleArray()) sum += v;
    // f = sum((a x + x - a) / a) = sum(x) + sum(x) / a - n
    assertEquals(-sum / 9, g._1.toDoubleArray()[0], 1e-15);
    near(map(X, v -> 1 + 1 / 3.0), g._2, 1e-15);
  }

  /** Operands batched along the same axis stay there: no transposes in the batched graph. */
  @Test void vmapKeepsAMatchingBatchAxis() {
    Function<Vector<Array>, Array> f = v -> Lax.mul(v.get(0).sin(), v.get(1)).add(Np.where(v.get(0).gt(v.get(1)), v.get(0), 2.0));
    Function<Vector<Array>, Array> batched = Graft.vmap(f, AxisSpec.tree(Vector.of(1, 1)), AxisSpec.of(1));
    Array a = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), b = Array.of(new double[] {6, 5, 4, 3, 2, 1}, 3, 2);
    String graph = Graft.makeGraph(batched).apply(Vector.of(a, b)).toString();
    assertFalse(graph.contains("transpose"), graph);
    Array got = batched.apply(Vector.of(a, b));
    for (int j = 0; j < 2; j++) {
      int col = j;
      Array want = f.apply(Vector.of(a, b).map(m -> m.transpose().get(col)));
      near(want.toDoubleArray(), got.transpose().get(j), 0);
    }
  }

  /** {@code div} is linear in its numerator only, {@code mul} in one operand at a time: other uses are typed errors. */
  @Test void transposeOnlyWhereLinear() {
    Value y = X.value();
    LinearArg known = new LinearArg.Known(y), linear = new LinearArg.Linear(y.type());
    Binary div = new Binary(BinaryOp.DIV), mul = new Binary(BinaryOp.MUL), max = new Binary(BinaryOp.MAX);
    near(map(X, v -> 1), new Array(div.transpose(y, Vector.of(linear, known)).get(0).get()), 1e-15);
    assertTrue(assertThrows(TransposeError.class, () -> div.transpose(y, Vector.of(known, linear))).getMessage().contains("div"));
    assertTrue(assertThrows(TransposeError.class, () -> mul.transpose(y, Vector.of(linear, linear))).getMessage().contains("mul"));
    assertTrue(assertThrows(TransposeError.class, () -> max.transpose(y, Vector.of(linear, known))).getMessage().contains("max"));
  }
}
