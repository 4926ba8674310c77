package io.graft.jit.kernel;

import java.util.Objects;

/** An elementwise expression of the kernel IR (grammar in {@code package-info}). */
public sealed interface Expr {
  /** Input {@code index}'s element at the current index of the space, read through its {@link Access}. */
  record Input(int index) implements Expr {
    public Input {
      if (index < 0) throw new IllegalArgumentException("Input: index must be >= 0, got " + index);
    }
  }

  /** A literal, rounded to the kernel dtype where it is used. */
  record Constant(double value) implements Expr {}

  /** {@code fn(x)}. */
  record Unary(UnaryFn fn, Expr x) implements Expr {
    public Unary {
      Objects.requireNonNull(fn, "fn is null");
      Objects.requireNonNull(x, "x is null");
    }
  }

  /** {@code fn(a, b)}. */
  record Binary(BinaryFn fn, Expr a, Expr b) implements Expr {
    public Binary {
      Objects.requireNonNull(fn, "fn is null");
      Objects.requireNonNull(a, "a is null");
      Objects.requireNonNull(b, "b is null");
    }
  }

  /** {@code cond != 0 ? ifTrue : ifFalse}, elementwise; both branches are evaluated. */
  record Select(Expr cond, Expr ifTrue, Expr ifFalse) implements Expr {
    public Select {
      Objects.requireNonNull(cond, "cond is null");
      Objects.requireNonNull(ifTrue, "ifTrue is null");
      Objects.requireNonNull(ifFalse, "ifFalse is null");
    }
  }

  /** Largest input index used plus one (0 when no input is read). */
  static int arity(Expr e) {
    return switch (e) {
      case Input(var i) -> i + 1;
      case Constant c -> 0;
      case Unary(var fn, var x) -> arity(x);
      case Binary(var fn, var a, var b) -> Math.max(arity(a), arity(b));
      case Select(var c, var t, var f) -> Math.max(arity(c), Math.max(arity(t), arity(f)));
    };
  }

  /** Sets {@code used[i]} for every input {@code i} that {@code e} reads. */
  static void markInputs(Expr e, boolean[] used) {
    switch (e) {
      case Input(var i) -> used[i] = true;
      case Constant c -> { }
      case Unary(var fn, var x) -> markInputs(x, used);
      case Binary(var fn, var a, var b) -> { markInputs(a, used); markInputs(b, used); }
      case Select(var c, var t, var f) -> { markInputs(c, used); markInputs(t, used); markInputs(f, used); }
    }
  }

  /** {@code e} with every {@code Input(i)} replaced by {@code Input(index[i])} (to read another input list). */
  static Expr renumber(Expr e, int[] index) {
    return switch (e) {
      case Input(var i) -> new Input(index[i]);
      case Constant c -> c;
      case Unary(var fn, var x) -> new Unary(fn, renumber(x, index));
      case Binary(var fn, var a, var b) -> new Binary(fn, renumber(a, index), renumber(b, index));
      case Select(var c, var t, var f) -> new Select(renumber(c, index), renumber(t, index), renumber(f, index));
    };
  }

  /** Depth of the tree (a leaf has depth 1). */
  static int depth(Expr e) {
    return switch (e) {
      case Input i -> 1;
      case Constant c -> 1;
      case Unary(var fn, var x) -> 1 + depth(x);
      case Binary(var fn, var a, var b) -> 1 + Math.max(depth(a), depth(b));
      case Select(var c, var t, var f) -> 1 + Math.max(depth(c), Math.max(depth(t), depth(f)));
    };
  }
}
