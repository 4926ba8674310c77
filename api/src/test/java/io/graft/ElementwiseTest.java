package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The elementwise family through the user facades: values, golden graphs, graph evaluation and null checks. */
class ElementwiseTest {
  private static final Array X = Array.of(new float[] {-1.5f, 0, 2.5f});

  private static void same(float[] want, Array got) { assertArrayEquals(want, got.toFloatArray(), 1e-6f); }

  private static void same(boolean[] want, Array got) {
    assertEquals(DType.BOOL, got.dtype());
    assertArrayEquals(want, got.toBooleanArray());
  }

  private static String graph(Function<Array, ?> f, Array x) { return Graft.makeGraph(f).apply(x).toString(); }

  @Test void roundingAndSigns() {
    same(new float[] {1.5f, 0, 2.5f}, X.abs());
    same(new float[] {-1, 0, 1}, X.sign());
    same(new float[] {-2, 0, 2}, X.floor());
    same(new float[] {-1, 0, 3}, X.ceil());
    same(new float[] {-2, 0, 2}, X.round());                 // half to even, as jnp.round
    same(new float[] {-2, 0, 3}, Lax.round(X));             // half away from zero, as lax.round
    same(new float[] {-2, 0, 2}, Lax.roundNearestEven(X));
    same(new float[] {-2, 0, 2}, Np.round(X));
    same(new float[] {1.5f, -0f, -2.5f}, Np.negative(X));
  }

  @Test void powersAndRoots() {
    same(new float[] {2.25f, 0, 6.25f}, X.square());
    same(new float[] {2.25f, 0, 6.25f}, X.pow(2));
    same(new float[] {2.25f, 0, 6.25f}, X.pow(2.0));
    same(new float[] {-3.375f, 0, 15.625f}, X.integerPow(3));
    same(new float[] {-3.375f, 0, 15.625f}, Np.power(X, 3));
    Array four = Array.of(new float[] {4, 9});
    same(new float[] {2, 3}, four.sqrt());
    same(new float[] {0.5f, 1 / 3f}, four.rsqrt());
    same(new float[] {0.25f, 1 / 9f}, four.reciprocal());
    same(new float[] {0.25f, 1 / 9f}, four.integerPow(-1));
    same(new float[] {16, 81}, four.pow(Array.of(new float[] {2, 2})));
    same(new float[] {2, 3}, Np.cbrt(Array.of(new float[] {8, 27})));
    assertArrayEquals(new int[] {8, -27}, Array.of(new int[] {2, -3}).pow(3).toIntArray());
    assertEquals(DType.F32, Array.of(new int[] {4}).sqrt().dtype());
    assertEquals(DType.F32, Array.of(new int[] {2}).reciprocal().dtype());
    same(new float[] {0.5f}, Array.of(new int[] {2}).pow(-1));
  }

  @Test void transcendentals() {
    Array z = Array.of(new double[] {0, 1});
    assertArrayEquals(new double[] {0, Math.log1p(1)}, z.log1p().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, Math.expm1(1)}, z.expm1().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0.5, 1 / (1 + Math.exp(-1))}, z.logistic().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, Math.tan(1)}, z.tan().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, 0.8427007929497149}, z.erf().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0, 0.4769362762044699}, Lax.erfInv(Array.of(new double[] {0, 0.5})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3, 3}, Np.log2(Array.of(new double[] {8, 8})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3}, Np.log10(Array.of(new double[] {1000})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {8}, Np.exp2(Array.of(new double[] {3})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {Math.PI / 2}, Np.arcsin(Array.of(new double[] {1})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {Math.PI / 4}, Np.arctan2(Array.of(new double[] {1}), Array.of(new double[] {1})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {1}, Np.arccosh(Array.of(new double[] {Math.cosh(1)})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {0.5}, Np.arctanh(Array.of(new double[] {Math.tanh(0.5)})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {2}, Np.arcsinh(Array.of(new double[] {Math.sinh(2)})).toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {Math.nextUp(1.0)}, Lax.nextafter(Array.scalar(1.0), Array.scalar(2.0)).toDoubleArray(), 0);
  }

  @Test void remaindersFollowTheirSign() {
    Array a = Array.of(new int[] {7, -7, 7}), b = Array.of(new int[] {3, 3, -3});
    assertArrayEquals(new int[] {1, -1, 1}, a.rem(b).toIntArray());
    assertArrayEquals(new int[] {1, -1, 1}, Np.fmod(a, b).toIntArray());
    assertArrayEquals(new int[] {1, 2, -2}, Np.remainder(a, b).toIntArray());
    assertArrayEquals(new int[] {1, -1, 1}, a.rem(3).toIntArray());
    same(new float[] {0.5f}, Np.remainder(Array.of(new float[] {-7.5f}), Array.of(new float[] {2})));
    same(new float[] {-1.5f}, Array.of(new float[] {-7.5f}).rem(2.0));
    assertArrayEquals(new int[] {2, -3, -3}, Np.floorDivide(a, b).toIntArray());
    same(new float[] {-4}, Np.floorDivide(Array.of(new float[] {-7.5f}), Array.of(new float[] {2})));
    Array q = Np.divide(a, b);
    assertEquals(DType.F32, q.dtype());
    same(new float[] {7 / 3f, -7 / 3f, -7 / 3f}, q);
  }

  @Test void extremaAndClipping() {
    same(new float[] {0, 0, 2.5f}, X.maximum(0.0));
    same(new float[] {-1.5f, 0, 0}, X.minimum(0));
    same(new float[] {-1, 0, 1}, X.clip(-1, 1));
    same(new float[] {-1, 0, 1}, Np.clip(X, -1, 1));
    same(new float[] {-1, 0, 0}, Np.clip(X, Array.of(new float[] {-1, -1, -1}), Array.scalar(0f)));
    same(new float[] {0, 0, 1}, Lax.clamp(Array.scalar(0f), X, Array.scalar(1f)));
    same(new float[] {-1.5f, 1, 2.5f}, Np.maximum(X, Array.of(new float[] {-2, 1, 0})));
    assertTrue(Double.isNaN(Array.of(new double[] {Double.NaN}).maximum(1.0).toDoubleArray()[0]));
  }

  @Test void comparisons() {
    same(new boolean[] {false, false, true}, X.gt(0.0));
    same(new boolean[] {false, true, true}, X.ge(0));
    same(new boolean[] {false, true, false}, X.eq(0.0));
    same(new boolean[] {true, false, true}, X.ne(0L));
    same(new boolean[] {true, false, false}, X.lt(Array.scalar(0f)));
    same(new boolean[] {true, true, false}, X.le(0.0));
    same(new boolean[] {true, true, false}, Np.lessEqual(X, Array.scalar(0f)));
    same(new boolean[] {false, true, false}, Np.equal(X, Array.of(new int[] {1, 0, 1})));
    same(new boolean[] {true}, Array.of(new double[] {Double.NaN}).ne(Double.NaN));
    same(new boolean[] {true, false, false}, Array.of(new double[] {1, Double.POSITIVE_INFINITY, Double.NaN}).isFinite());
    same(new boolean[] {false, false, true}, Np.isNan(Array.of(new double[] {1, Double.POSITIVE_INFINITY, Double.NaN})));
    same(new boolean[] {true, true}, Np.isFinite(Array.of(new int[] {1, 2})));
  }

  @Test void logicAndBits() {
    Array t = Array.of(new boolean[] {true, true, false, false}), u = Array.of(new boolean[] {true, false, true, false});
    same(new boolean[] {true, false, false, false}, t.and(u));
    same(new boolean[] {true, true, true, false}, t.or(u));
    same(new boolean[] {false, true, true, false}, t.xor(u));
    same(new boolean[] {false, false, true, true}, t.not());
    Array six = Array.of(new int[] {6}), three = Array.of(new int[] {3});
    assertArrayEquals(new int[] {2}, six.and(three).toIntArray());
    assertArrayEquals(new int[] {7}, Np.bitwiseOr(six, three).toIntArray());
    assertArrayEquals(new int[] {5}, Np.bitwiseXor(six, three).toIntArray());
    assertArrayEquals(new int[] {-7}, six.not().toIntArray());
    Array ints = Array.of(new int[] {0, 2, 0, -1}), floats = Array.of(new float[] {0, 0, 0.5f, 1});
    same(new boolean[] {false, false, false, true}, Np.logicalAnd(ints, floats));
    same(new boolean[] {false, true, true, true}, Np.logicalOr(ints, floats));
    same(new boolean[] {false, true, true, false}, Np.logicalXor(ints, floats));
    same(new boolean[] {true, false, true, false}, Np.logicalNot(ints));
    assertThrows(DTypeError.class, () -> floats.and(floats));
  }

  @Test void whereAndSelect() {
    same(new float[] {0, 0, 2.5f}, Np.where(X.gt(0.0), X, 0.0));
    same(new float[] {9, 9, 2.5f}, Np.where(X.gt(0.0), X, Array.scalar(9f)));
    same(new float[] {-1.5f, 7, 7}, Np.where(X.lt(0.0), X, 7.0));
    same(new float[] {1, 0, 1}, Np.where(Array.of(new int[] {5, 0, -1}), 1.0, 0.0));
    Array grid = Np.where(Array.of(new boolean[] {true, false}, 2, 1), Array.of(new float[] {1, 2, 3}), 0.0);
    assertArrayEquals(new int[] {2, 3}, grid.shape());
    same(new float[] {1, 2, 3, 0, 0, 0}, grid);
    Array which = Array.of(new int[] {2, 0, 1});
    same(new float[] {7, 2, 6}, Lax.selectN(which, Array.of(new float[] {1, 2, 3}), Array.of(new float[] {4, 5, 6}), Array.scalar(7f)));
    same(new float[] {4, 2}, Lax.selectN(Array.of(new boolean[] {true, false}), Array.of(new float[] {1, 2}), Array.of(new float[] {4, 5})));
  }

  @Test void stopGradientAndConversion() {
    same(new float[] {-1.5f, 0, 2.5f}, X.stopGradient());
    same(new float[] {-1.5f, 0, 2.5f}, Lax.stopGradient(X));
    assertArrayEquals(new int[] {-1, 0, 2}, Lax.convertElementType(X, DType.I32).toIntArray());
    assertEquals(DType.I32, Lax.convertElementType(X, Np.int32).dtype());
  }

  @Test void laxIsStrict() {
    assertThrows(DTypeError.class, () -> Lax.add(X, Array.of(new int[] {1, 2, 3})));
    var e = assertThrows(ShapeError.class, () -> Lax.mul(X, Array.of(new float[] {1, 2})));
    assertTrue(e.getMessage().contains("f32[3], f32[2]"), e.getMessage());
    assertThrows(DTypeError.class, () -> Lax.sin(Array.of(new int[] {1})));
    assertThrows(DTypeError.class, () -> Lax.integerPow(Array.of(new int[] {2}), -1));
    same(new float[] {-0.5f, 1, 3.5f}, Lax.add(X, Array.scalar(1f)));
    assertArrayEquals(new int[] {3, 0}, Lax.div(Array.of(new int[] {7, 7}), Array.of(new int[] {2, 0})).toIntArray());
    assertArrayEquals(new int[] {1, 7}, Lax.rem(Array.of(new int[] {7, 7}), Array.of(new int[] {2, 0})).toIntArray());
    assertArrayEquals(new int[] {-8}, Lax.not(Array.of(new int[] {7})).toIntArray());
  }

  @Test void boolArithmeticIsRejectedWithAHint() {
    Array b = Array.of(new boolean[] {true, false});
    var e = assertThrows(DTypeError.class, () -> b.add(b));
    assertTrue(e.getMessage().contains("add: does not accept bool[2], bool[2]"), e.getMessage());
    assertTrue(e.getMessage().contains("logicalOr"), e.getMessage());
    same(new boolean[] {true, false}, Np.maximum(b, b));
  }

  @Test void goldenGraphs() {
    assertEquals("{ lambda ; a:f32[3]. let b:bool[3] = gt a 0.0:f32[]; c:f32[3] = select_n b 0.0:f32[] a in (c) }",
        graph(a -> Np.where(a.gt(0.0), a, 0.0), X));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = integer_pow[y=3] a; c:f32[3] = pow a 2.0:f32[]; d:f32[3] = add b c in (d) }",
        graph(a -> a.pow(3).add(a.pow(2.0)), X));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = max 0.0:f32[] a; c:f32[3] = min 6.0:f32[] b in (c) }",
        graph(a -> Np.clip(a, 0, 6), X));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = round[rounding_method=1] a in (b) }", graph(Array::round, X));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = round[rounding_method=0] a in (b) }", graph(Lax::round, X));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = log a; c:f32[] = log 2.0:f32[]; d:f32[3] = div b c in (d) }",
        graph(Np::log2, X));
    assertEquals("{ lambda ; a:i32[3]. let b:bool[3] = ne a 0:i32[]; c:bool[3] = not b in (c) }",
        graph(Np::logicalNot, Array.of(new int[] {1, 0, 2})));
    assertEquals("{ lambda ; a:i32[3]. let b:f32[3] = convert_element_type[new_dtype=f32 weak_type=False] a; c:f32[3] = sqrt b in (c) }",
        graph(Array::sqrt, Array.of(new int[] {1, 4, 9})));
    assertEquals("{ lambda ; a:f32[3]. let\n"
        + "    b:f32[3] = clamp 0.0:f32[] a 1.0:f32[]\n"
        + "    c:f32[3] = stop_gradient b\n"
        + "    d:bool[3] = is_finite c\n"
        + "  in (d) }", graph(a -> Lax.clamp(Array.scalar(0f), a, Array.scalar(1f)).stopGradient().isFinite(), X));
  }

  @Test void evaluatingGraphsMatchesCallingTheFunction() {
    Array x = Array.of(new double[] {-2, -0.5, 0, 0.25, 3});
    java.util.List<Function<Array, Array>> fs = java.util.List.of(
        a -> Np.where(a.gt(0.0), a.sqrt(), a.square()),
        a -> Np.clip(a, -1, 1).erf().add(Np.remainder(a, Array.scalar(0.75))),
        a -> Np.logicalAnd(a.ge(-1), a.lt(1)).not().astype(DType.F64).mul(a.logistic()),
        a -> Lax.selectN(a.gt(0.0).astype(DType.I32), a.expm1(), a.log1p().stopGradient()),
        a -> a.pow(3).sub(a.pow(0.5)).rem(2.0));
    for (Function<Array, Array> f : fs) {
      Graph g = Graft.makeGraph(f).apply(x);
      assertArrayEquals(f.apply(x).toDoubleArray(), Graft.evalGraph(g, x).head().toDoubleArray(), 0, g.toString());
    }
  }

  private static void npe(String name, Executable body) {
    assertEquals(name + " is null", assertThrows(NullPointerException.class, body).getMessage());
  }

  @Test void nullArgumentsAreReported() {
    npe("y", () -> X.pow((Array) null));
    npe("y", () -> X.maximum((Array) null));
    npe("y", () -> X.eq((Array) null));
    npe("y", () -> X.and(null));
    npe("cond", () -> Np.where(null, X, X));
    npe("x", () -> Np.where(X, null, 0.0));
    npe("y", () -> Np.where(X, 0.0, null));
    npe("x", () -> Np.abs(null));
    npe("x", () -> Np.clip(null, 0, 1));
    npe("hi", () -> Np.clip(X, X, null));
    npe("x", () -> Lax.sin(null));
    npe("y", () -> Lax.add(X, null));
    npe("which", () -> Lax.selectN(null, X));
    npe("cases[i]", () -> Lax.selectN(X, (Array) null));
    npe("lo", () -> Lax.clamp(null, X, X));
    npe("dtype", () -> Lax.convertElementType(X, null));
  }

  @Test void weakLiteralsStayWeakOnlyWithoutStrongOperands() {
    assertTrue(Array.of(new int[] {1}).add(0.5).value().type().weak());
    assertFalse(X.maximum(0.0).value().type().weak());
    assertFalse(X.gt(0.0).value().type().weak());
  }
}
