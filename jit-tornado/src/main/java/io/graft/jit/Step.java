package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.jit.cpu.CompiledKernel;
import io.graft.trace.Eqn;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * One step of a compiled program (the program-level kernel IR of the CPU backend), run in order by the
 * {@link Executor}. Operands are slots of the run's environment ({@code -1}: the literal at the same position).
 *
 * <pre>
 * Step ::= Call(eqn)                        a primitive's own tuned kernel (dot_general, conv, gather, …)
 *        | Fused(members, kernel)           one generated loop nest computing a fusion group
 * </pre>
 * Structured control flow (cond, while, scan: the next issue) adds steps holding sub-programs — a branch choosing
 * one of several step lists, a loop re-running one with its carried slots — which the executor's one exhaustive
 * switch then runs; a GPU backend lowers the same steps.
 */
sealed interface Step {
  /** Operand slots, {@code -1} where {@link #literals()} holds the operand. */
  int[] inSlots();

  /** Literal operands (null where a slot is read). */
  NdArray[] literals();

  /** Result slots. */
  int[] outSlots();

  /**
   * Runs {@code eqn}'s primitive on its operands.
   *
   * @param index the equation's position in the graph
   */
  record Call(int index, Eqn eqn, int[] inSlots, NdArray[] literals, int[] outSlots) implements Step {}

  /**
   * Runs one generated loop nest.
   *
   * @param members the fused equations' positions (the root last)
   * @param kernel  the compiled loop
   * @param out     the result's type (shape and dtype of the buffer the loop fills)
   * @param inPlace operand positions whose buffer may be overwritten by the result when nothing else holds it
   */
  record Fused(Vector<Integer> members, CompiledKernel kernel, int[] inSlots, NdArray[] literals, int[] outSlots,
               ShapedType out, int[] inPlace) implements Step {}
}
