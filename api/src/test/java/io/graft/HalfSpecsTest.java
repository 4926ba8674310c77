package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.AllSpecs;
import io.graft.trace.prim.Spec;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive on bf16 and f16 operands, eagerly: each spec of every family (the coverage test's list) with its
 * floating operands rounded to the 16-bit dtype gives, within the 16-bit tolerance, the result of the same primitive
 * run in f64 on exactly those (widened) values; non-float results (comparisons, argmax, sort indices) are equal.
 * The dtype-generic rules (JVP, transpose, batching) are exercised on 16-bit values by {@code HalfPrecisionTest}
 * and {@code HalfRuleProperties}.
 */
class HalfSpecsTest {
  /** A few ulps of the 16-bit result: the inputs are identical, so only f32 arithmetic and the final rounding differ. */
  private static double tolerance(DType d) { return d == DType.BF16 ? 0x1p-6 : 0x1p-9; }

  @TestFactory Stream<DynamicTest> everySpecMatchesF64OnTheSameValues() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType d : new DType[] {DType.BF16, DType.F16})
      for (Spec s : AllSpecs.all()) {
        if (s.args().stream().noneMatch(a -> a.dtype().isFloating())) continue;
        // Higher-order specs hold sub-graphs traced at f64 (HalfPrecisionTest runs them traced in bf16/f16); a bitcast
        // spec names a 32- or 64-bit target that a 16-bit operand cannot be reinterpreted as.
        if (s.prim() instanceof io.graft.trace.prim.HigherOrder || s.prim() instanceof io.graft.trace.prim.BitcastConvertType) continue;
        if (s.prim() instanceof io.graft.trace.prim.Collective) continue;   // meaningful only under a named vmap: CollectivesTest
        tests.add(DynamicTest.dynamicTest(d + " " + s.prim().name() + "[" + s.prim().params() + "] #" + tests.size(),
            () -> ScopedValue.where(io.graft.trace.prim.DebugPrint.SINK, line -> {}).call(() -> { check(s, d); return null; })));
      }
    return tests.stream();
  }

  private static void check(Spec s, DType d) {
    Vector<Value> half = Vector.empty(), wide = Vector.empty();
    for (NdArray a : s.args()) {
      NdArray h = a.dtype().isFloating() ? a.astype(d) : a;
      half = half.append(Const.of(h));
      wide = wide.append(Const.of(a.dtype().isFloating() ? h.astype(DType.F64) : a));
    }
    Vector<Value> got = Bind.bind(s.prim(), half), want = Bind.bind(s.prim(), wide);
    for (int k = 0; k < got.size(); k++) {
      NdArray g = ((Const) got.get(k)).array(), w = ((Const) want.get(k)).array();
      assertEquals(w.shape(), g.shape(), "result " + k + " shape");
      if (!w.dtype().isFloating()) {
        assertEquals(w.dtype(), g.dtype(), "result " + k + " dtype");
        for (int i = 0; i < g.size(); i++) assertEquals(w.getDouble(i), g.getDouble(i), "result " + k + " element " + i);
        continue;
      }
      if (g.dtype() != DType.F64) assertEquals(d, g.dtype(), "a float result keeps the operands' 16-bit dtype");
      double tol = tolerance(d) * Math.max(1, scale(w));
      for (int i = 0; i < g.size(); i++) {
        double x = g.getDouble(i), y = w.getDouble(i);
        if (Double.isNaN(y) || Double.isInfinite(y) || Math.abs(y) > 6e4 && d == DType.F16) continue;  // past f16's range
        if (Math.abs(x - y) > tol * (1 + Math.abs(y)))
          fail("result " + k + " element " + i + ": f64 gives " + y + ", " + d + " gives " + x + "\n" + d + ": " + g + "\nf64: " + w);
      }
    }
  }

  /** The largest magnitude in {@code a} over its typical one: sums of cancelling terms are compared at that scale. */
  private static double scale(NdArray a) {
    double m = 0;
    for (int i = 0; i < a.size(); i++) if (Double.isFinite(a.getDouble(i))) m = Math.max(m, Math.abs(a.getDouble(i)));
    return Math.min(m, 1e3);
  }
}
