package io.graft.jit.cpu;

import static io.graft.jit.cpu.KernelCases.broadcast;
import static io.graft.jit.cpu.KernelCases.contiguous;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.GemmEpilogue;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledKernel#positions}, the form a product's epilogue runs: any split of the positions into ranges, run in
 * any order, writes the bits of {@link CompiledKernel#applyInto}, also in place over its first input.
 */
class KernelPositionsTest {
  private static Expr biasRelu() {
    Expr s = new Binary(BinaryFn.ADD, new Input(0), new Input(1));
    return new Select(new Binary(BinaryFn.GT, s, new Constant(0)), s, new Constant(0));
  }

  @Test void rangesInAnyOrderGiveTheWholeKernelsBits() {
    Random r = new Random(2);
    long seed = 50;
    for (DType dt : List.of(DType.F32, DType.F64))
      for (Shape sp : List.of(Shape.of(1, 8, 8, 64), Shape.of(256, 256), Shape.of(3, 5, 7, 3), Shape.of(1, 1, 1, 512))) {
        int last = sp.rank() - 1;
        KernelCases.Case c = KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(dt, sp, 0, (1 << last) - 1)),
            biasRelu(), Reduction.NONE, Ints.of(), dt, seed++);
        for (boolean simd : new boolean[] {false, true}) {
          CompiledKernel k = FusedKernels.compileUncached(c.kernel(), simd);
          NdArray want = k.apply(c.inputs());
          int n = (int) sp.size(), row = sp.dim(last);
          Object out = NdArray.newStore(dt, n);
          GemmEpilogue.Positions p = k.positions(out, c.inputs());
          int rows = n / row;
          for (int hi = rows; hi > 0; ) {              // row blocks from the end, of ragged sizes
            int lo = Math.max(0, hi - 1 - r.nextInt(7));
            p.run(lo * row, hi * row);
            hi = lo;
          }
          check(dt, want.store(), out, sp + " " + dt + (simd ? " simd" : ""));
          NdArray x = NdArray.wrapStore(dt, sp, copy(c.inputs()[0].store()));     // in place over the input it reads
          GemmEpilogue.Positions over = k.positions(x.store(), x, c.inputs()[1]);
          for (int lo = 0; lo < n; lo += 3 * row) over.run(lo, Math.min(n, lo + 3 * row));
          check(dt, want.store(), x.store(), sp + " " + dt + " in place");
        }
      }
  }

  @Test void aReductionHasNoPositions() {
    Shape sp = Shape.of(16, 32);
    KernelCases.Case c = KernelCases.build(DType.F32, sp, List.of(contiguous(DType.F32, sp), broadcast(DType.F32, sp, 0, 1)),
        biasRelu(), Reduction.SUM, Ints.of(1), DType.F32, 3);
    CompiledKernel k = FusedKernels.compileUncached(c.kernel(), true);
    assertThrows(IllegalArgumentException.class, () -> k.positions(new float[16], c.inputs()));
  }

  private static Object copy(Object store) {
    return store instanceof float[] f ? f.clone() : ((double[]) store).clone();
  }

  private static void check(DType dt, Object want, Object got, String what) {
    if (dt == DType.F32) assertArrayEquals((float[]) want, (float[]) got, what);
    else assertArrayEquals((double[]) want, (double[]) got, what);
  }
}
