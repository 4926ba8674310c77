package io.graft.jit.cpu;

import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
/**
 * What a SIMD row evaluator needs to know about its kernel, computed once per compiled kernel: per input the row
 * stride, whether it is read in place (stride 1 in the compute dtype) and whether the body reads it at all, and the
 * scratch layout (expression slots, then one slot per input, then a result block and a lane dump).
 */
final class SimdPlan {
  final Expr body;
  final Reduction reduction;
  final FusedLoop tail;
  final int[] stride;
  final boolean[] direct, used;
  final int inSlot, tmpSlot, slots;

  SimdPlan(Kernel k, LoopNest nest, FusedLoop tail) {
    this.body = k.body();
    this.reduction = k.reduction();
    this.tail = tail;
    int n = k.inputs().size();
    this.stride = new int[n];
    this.direct = new boolean[n];
    this.used = new boolean[n];
    Expr.markInputs(body, used);
    for (int i = 0; i < n; i++) {
      stride[i] = nest.innerStride(i);
      direct[i] = stride[i] == 1 && k.inputs().get(i).dtype() == k.dtype();
    }
    this.inSlot = 3 * Expr.depth(body) + 1;
    this.tmpSlot = inSlot + n;
    this.slots = tmpSlot + 2;
  }
}
