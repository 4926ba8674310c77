package io.graft.jit.cpu;

import static io.graft.jit.cpu.KernelCases.broadcast;
import static io.graft.jit.cpu.KernelCases.contiguous;
import static io.graft.jit.cpu.KernelCases.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.MultiKernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Short rows with a repeated row input (a bias over channels-last activations) are widened: which kernels widen and
 * by how much, and that every element keeps its bits on both backends, alone and in a multi-output pass.
 */
class RowWideningTest {
  private static final Expr X = new Input(0), B = new Input(1);

  /** {@code x + b > 0 ? x + b : 0}: the CNN's bias + ReLU. */
  private static Expr biasRelu() {
    Expr s = new Binary(BinaryFn.ADD, X, B);
    return new Select(new Binary(BinaryFn.GT, s, new Constant(0)), s, new Constant(0));
  }

  private static KernelCases.Case nhwc(DType dt, Shape sp, long seed) {
    int last = sp.rank() - 1;
    return KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(dt, sp, 0, (1 << last) - 1)), biasRelu(),
        Reduction.NONE, Ints.of(), dt, seed);
  }

  @Test void aChannelsLastBiasWidensItsRowsOf16To896() {
    Kernel k = nhwc(DType.F32, Shape.of(2, 28, 28, 16), 1).kernel();
    RowWidening w = RowWidening.of(k, LoopNest.of(k));
    assertNotNull(w);
    assertEquals(56, w.factor(), "1568 rows of 16: the largest divisor m of 1568 with 16m <= 1024");
    assertEquals(Shape.of(28, 896), w.kernel().space());
    assertEquals(Ints.of(896, 1), w.kernel().inputs().get(0).strides());
    assertEquals(Ints.of(0, 1), w.kernel().inputs().get(1).strides());
  }

  @Test void longRowsTransposedReadsAndPerRowInputsAreLeftAlone() {
    DType f = DType.F32;
    Kernel wide = nhwc(f, Shape.of(8, 512), 2).kernel();
    assertNull(RowWidening.of(wide, LoopNest.of(wide)), "rows of 512 are long enough");
    Shape sp = Shape.of(64, 16);
    Kernel transposedX = KernelCases.build(f, sp, List.of(transposed(f, sp, new int[] {1, 0}), broadcast(f, sp, 0, 1)),
        biasRelu(), Reduction.NONE, Ints.of(), f, 3).kernel();
    assertNull(RowWidening.of(transposedX, LoopNest.of(transposedX)), "x does not merge across rows");
    Kernel perRow = KernelCases.build(f, sp, List.of(contiguous(f, sp), broadcast(f, sp, 0, 2)), biasRelu(),
        Reduction.NONE, Ints.of(), f, 4).kernel();
    assertNull(RowWidening.of(perRow, LoopNest.of(perRow)), "a column input (one value per row) is not one repeated row");
    Kernel sum = KernelCases.build(f, sp, List.of(contiguous(f, sp), broadcast(f, sp, 0, 1)), biasRelu(),
        Reduction.SUM, Ints.of(1), f, 5).kernel();
    assertNull(RowWidening.of(sum, LoopNest.of(sum)), "folds keep their rows");
    assertEquals(1, RowWidening.factor(67, 16), "67 rows (prime, more than 1024 / 16) have no factor");
    assertEquals(13, RowWidening.factor(13, 16), "13 rows of 16 become one");
  }

  @Test void widenedKernelsKeepEveryBitOnBothBackends() {
    long seed = 10;
    for (DType dt : List.of(DType.F32, DType.F64))
      for (Shape sp : List.of(Shape.of(1, 28, 28, 16), Shape.of(3, 7, 5, 3), Shape.of(2, 9, 9, 64), Shape.of(97, 17),
          Shape.of(4, 1, 6, 32))) {
        KernelCases.Case c = nhwc(dt, sp, seed++);
        Checks.verify(c, false);
        Checks.verify(c, true);
      }
  }

  @Test void aBoolMaskAndAScalarRowAreTiledOrBroadcast() {
    DType f = DType.F32;
    Shape sp = Shape.of(40, 12);
    Expr body = new Select(new Input(1), new Binary(BinaryFn.MUL, X, new Input(2)), X);
    KernelCases.Case c = KernelCases.build(f, sp, List.of(contiguous(f, sp), broadcast(DType.BOOL, sp, 0, 1),
        broadcast(f, sp, 0, 3)), body, Reduction.NONE, Ints.of(), f, 20);
    assertNotNull(RowWidening.of(c.kernel(), LoopNest.of(c.kernel())));
    Checks.verify(c, false);
    Checks.verify(c, true);
  }

  /**
   * One compiled kernel keeps its last tiled copy of the repeated row and reuses it only while the row has the same
   * bits: a call with another row, or with the same store written in between, tiles again.
   */
  @Test void aKeptTiledRowIsReusedOnlyWhileTheRowIsUnchanged() {
    DType f = DType.F32;
    Shape sp = Shape.of(2, 9, 9, 64);
    KernelCases.Case c = nhwc(f, sp, 40);
    CompiledKernel once = FusedKernels.compileUncached(c.kernel(), true);
    NdArray x = c.inputs()[0];
    float[] row = ((float[]) c.inputs()[1].store()).clone();
    float[] other = row.clone();
    for (int j = 0; j < other.length; j++) other[j] = -other[j] + 0.25f;
    float[] nan = row.clone();
    nan[3] = Float.intBitsToFloat(0x7fc00001);           // a NaN payload other than the canonical one
    for (float[] b : List.of(row, other, row, nan, row)) {
      NdArray bias = NdArray.wrapStore(f, c.inputs()[1].shape(), b.clone());
      float[] got = (float[]) once.apply(x, bias).store();
      float[] want = (float[]) FusedKernels.compileUncached(c.kernel(), true).apply(x, bias).store();
      assertArrayEquals(want, got);
      for (int i = 0; i < got.length; i++) assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]));
    }
    float[] shared = row.clone();                         // one store, written between calls
    NdArray bias = NdArray.wrapStore(f, c.inputs()[1].shape(), shared);
    once.apply(x, bias);
    shared[5] += 1f;
    float[] want = (float[]) FusedKernels.compileUncached(c.kernel(), true).apply(x, bias).store();
    assertArrayEquals(want, (float[]) once.apply(x, bias).store());
    assertNotNull(RowWidening.of(c.kernel(), LoopNest.of(c.kernel())), "the case widens");
  }

  @Test void aMultiOutputPassWidensLikeItsParts() {
    DType f = DType.F32;
    Shape sp = Shape.of(3, 30, 30, 16);
    KernelCases.Case c = nhwc(f, sp, 30);
    Kernel relu = c.kernel();
    Kernel scaled = new Kernel(f, sp, relu.inputs(), new Binary(BinaryFn.MUL, X, B), Reduction.NONE, Ints.of(), f);
    NdArray[] both = FusedKernels.compile(new MultiKernel(List.of(relu, scaled))).apply(c.inputs());
    assertArrayEquals((float[]) FusedKernels.compileUncached(relu, true).apply(c.inputs()).store(), (float[]) both[0].store());
    assertArrayEquals((float[]) FusedKernels.compileUncached(scaled, false).apply(c.inputs()).store(), (float[]) both[1].store());
    Checks.verify(new KernelCases.Case(scaled, c.inputs()), true);
  }
}
