package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.jit.cpu.CompiledKernel;
import io.graft.jit.cpu.CompiledMultiKernel;
import io.graft.trace.Eqn;
import io.graft.trace.ShapedType;
import io.graft.trace.Compiler;
import io.graft.trace.prim.ControlFlow;
import io.vavr.collection.Vector;

/**
 * One step of a compiled program (the program-level kernel IR of the CPU backend), run in order by the
 * {@link Executor}. Operands are slots of the run's environment ({@code -1}: the literal at the same position).
 *
 * <pre>
 * Step ::= Call(eqn)                        a primitive's own tuned kernel (dot_general, conv, gather, …)
 *        | Fused(members, kernel)           one generated loop nest computing a fusion group
 *        | MultiFused(parts, kernel)        one pass over a space computing several sibling groups' outputs
 *        | Control(eqn, subs)                 cond / while / scan running its sub-graphs' compiled programs
 * </pre>
 * A control step holds one executable per sub-graph, compiled once with the program: a cond runs the chosen branch's,
 * a loop re-runs the body's per iteration (never re-traced, never unrolled), recycling the carry's buffers
 * ({@link CarryLoops}); a GPU backend lowers the same steps.
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

  /**
   * Runs one multi-output loop nest: sibling fusion groups over one iteration space that read common operands
   * (Program merges them), each writing its own result slot.
   *
   * @param members per output, its group's equation positions (the root last)
   * @param kernel  the compiled loop nest with one part per output, reading {@code inSlots} (the parts' union)
   * @param outs    per output, the result's type (shape and dtype of the buffer its part fills)
   * @param inPlace per output, operand positions whose buffer it may overwrite when nothing else holds it (only when
   *                every part is elementwise: each part reads such an operand where the outputs are written)
   */
  record MultiFused(Vector<Vector<Integer>> members, CompiledMultiKernel kernel, int[] inSlots, NdArray[] literals,
                    int[] outSlots, Vector<ShapedType> outs, int[][] inPlace) implements Step {}

  /**
   * Runs a control-flow primitive ({@link ControlFlow}) with its sub-graphs' compiled executables.
   *
   * @param index the equation's position in the graph
   * @param subs  one executable per sub-graph ({@link ControlFlow#graphs()}), compiled once with the program
   */
  record Control(int index, Eqn eqn, ControlFlow prim, Vector<Compiler.Executable> subs, int[] inSlots, NdArray[] literals,
                 int[] outSlots) implements Step {}
}
