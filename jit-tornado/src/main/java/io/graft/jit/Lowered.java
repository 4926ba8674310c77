package io.graft.jit;

import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import java.util.Objects;

/**
 * What one primitive is in a fused loop nest, as {@link Lowering#lower} classifies it: the one answer that fusion
 * ({@link Fusion}: may it join a loop, and where do its operands' indices come from) and kernel building
 * ({@link KernelBuilder}: what it computes, which reduction the loop does) read, each by an exhaustive switch.
 * <pre>
 * Lowered ::= Elementwise(Expr body, Fit fit)   body over the operands (operand k is Input(k)); anywhere in a loop
 *           | Broadcast(Shape shape, Ints dims)  broadcast_in_dim, or a reshape/squeeze of size-1 dimensions: the
 *                                                loop's index map does the work; anywhere
 *           | Permute(Ints permutation)          transpose: the loop's index map does the work; anywhere
 *           | Fold(Reduction op, Ints axes)      a reduction the loop performs; only as a loop's root
 *           | OwnKernel()                        not in a loop: the primitive runs its own kernel
 * </pre>
 */
sealed interface Lowered {
  /** The answer for every primitive that runs its own kernel. */
  Lowered OWN_KERNEL = new OwnKernel();

  /** Which dtypes an elementwise lowering accepts in a loop computing in {@code d}. */
  enum Fit {
    /** The result is computed in {@code d}: the result dtype is {@code d}. */
    RESULT,
    /** The result is a value the loop holds: its dtype is {@code d} or bool (held as 0 or 1). */
    VALUE,
    /** The first operand is in {@code d} (comparisons: a bool result from {@code d} operands). */
    OPERAND
  }

  /**
   * An elementwise computation.
   *
   * @param body the value computed, reading operand {@code k} as {@code Input(k)}
   * @param fit  the dtypes it accepts in a loop
   */
  record Elementwise(Expr body, Fit fit) implements Lowered {
    /** Validates. */
    public Elementwise {
      Objects.requireNonNull(body, "body is null");
      Objects.requireNonNull(fit, "fit is null");
    }
  }

  /**
   * {@code broadcast_in_dim[shape, dims]}: operand dimension {@code j} follows result axis {@code dims[j]}; also a
   * reshape or squeeze that only inserts or drops size-1 dimensions, where {@code dims[j] = -1} marks a dropped
   * size-1 operand dimension (always read at index 0).
   */
  record Broadcast(Shape shape, Ints dims) implements Lowered {
    /** Validates. */
    public Broadcast {
      Objects.requireNonNull(shape, "shape is null");
      Objects.requireNonNull(dims, "dims is null");
    }
  }

  /** {@code transpose[permutation]}: result axis {@code i} is operand axis {@code permutation[i]}. */
  record Permute(Ints permutation) implements Lowered {
    /** Validates. */
    public Permute { Objects.requireNonNull(permutation, "permutation is null"); }
  }

  /** A reduction by {@code op} over the operand's {@code axes} (at least one), done by the loop itself. */
  record Fold(Reduction op, Ints axes) implements Lowered {
    /** Validates. */
    public Fold {
      Objects.requireNonNull(op, "op is null");
      Objects.requireNonNull(axes, "axes is null");
      if (op == Reduction.NONE || axes.size() == 0) {
        throw new IllegalArgumentException("Lowered.Fold: a fold needs SUM, MAX or MIN over at least one axis, got "
            + op + " over " + axes);
      }
    }
  }

  /** Not fusable: the primitive runs its own (tuned) kernel as a step of its own. */
  record OwnKernel() implements Lowered {}

  /** True for what may sit anywhere in a loop (elementwise, broadcast, transpose); a fold only roots one. */
  default boolean anywhere() {
    return switch (this) {
      case Elementwise _, Broadcast _, Permute _ -> true;
      case Fold _, OwnKernel _ -> false;
    };
  }

  /** True for data movement: the loop's index map does the work, so the operand can be read through. */
  default boolean movesData() {
    return switch (this) {
      case Broadcast _, Permute _ -> true;
      case Elementwise _, Fold _, OwnKernel _ -> false;
    };
  }
}
