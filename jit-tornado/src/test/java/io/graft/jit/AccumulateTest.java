package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import org.junit.jupiter.api.Test;

/** Which epilogue loops a product can run by adding itself to an operand's buffer: {@code x ± s·p}, in any operand order. */
class AccumulateTest {
  private static final Expr P = new Expr.Input(1), X = new Expr.Input(0);

  private static Expr bin(BinaryFn fn, Expr a, Expr b) { return new Expr.Binary(fn, a, b); }

  private static Expr c(double v) { return new Expr.Constant(v); }

  @Test void anSgdUpdate() {
    assertEquals(new Accumulate(0, true, 0.01), Accumulate.match(bin(BinaryFn.SUB, X, bin(BinaryFn.MUL, P, c(0.01))), 1));
    assertEquals(new Accumulate(0, true, 0.01), Accumulate.match(bin(BinaryFn.SUB, X, bin(BinaryFn.MUL, c(0.01), P)), 1));
  }

  @Test void sumsInEitherOrderAndUnitScales() {
    assertEquals(new Accumulate(0, false, 2.0), Accumulate.match(bin(BinaryFn.ADD, bin(BinaryFn.MUL, P, c(2)), X), 1));
    assertEquals(new Accumulate(0, false, 1.0), Accumulate.match(bin(BinaryFn.ADD, X, P), 1));
    assertEquals(new Accumulate(0, false, 1.0), Accumulate.match(bin(BinaryFn.ADD, P, X), 1));
    assertEquals(new Accumulate(0, true, 1.0), Accumulate.match(bin(BinaryFn.SUB, X, P), 1));
  }

  @Test void otherLoopsAreNot() {
    assertNull(Accumulate.match(bin(BinaryFn.SUB, P, X), 1), "p - x negates x");
    assertNull(Accumulate.match(bin(BinaryFn.SUB, X, bin(BinaryFn.MUL, P, new Expr.Input(2))), 1), "a scale read from an operand");
    assertNull(Accumulate.match(bin(BinaryFn.ADD, P, P), 1), "x must be another operand");
    assertNull(Accumulate.match(bin(BinaryFn.MUL, X, P), 1));
    assertNull(Accumulate.match(bin(BinaryFn.ADD, X, bin(BinaryFn.MUL, P, c(2))), 0), "p is operand 0 here");
    assertNull(Accumulate.match(new Expr.Unary(io.graft.jit.kernel.UnaryFn.NEG, bin(BinaryFn.ADD, X, P)), 1));
  }
}
