package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;

/**
 * The naive reference of a whole {@link Kernel}: every index of the space in row-major order, the body by
 * {@link FusedRef} (exact in the compute dtype, and in f64 with an error bound), then the fold over the reduced axes
 * in f64 in index order, or the conversion to the out dtype.
 */
final class NestRef {
  private NestRef() {}

  /** Per result element: the exact value, its bound, and for folds the sum of |values| and whether any is NaN. */
  record Result(double[] exact, double[] bound, double[] err, double[] absSum, int[] count) {}

  static Result eval(Kernel k, NdArray[] inputs) {
    Object[] in = new Object[inputs.length];
    for (int i = 0; i < in.length; i++) in[i] = inputs[i].store();
    int r = k.space().rank(), total = k.space().size(), rs = k.resultShape().size();
    boolean fold = k.reduction() != Reduction.NONE;
    double[] exact = new double[rs], bound = new double[rs], err = new double[rs], abs = new double[rs];
    double[] comp = new double[rs];   // Neumaier compensation of the SUM reference: the oracle must not add its own error
    int[] count = new int[rs];
    if (fold) {
      java.util.Arrays.fill(exact, k.reduction().identity());
      java.util.Arrays.fill(bound, k.reduction().identity());
    }
    int[] idx = new int[r], off = new int[in.length];
    for (int flat = 0; flat < total; flat++) {
      int rem = flat, o = 0, ostride = 1;
      for (int a = r - 1; a >= 0; a--) { idx[a] = rem % k.space().dim(a); rem /= k.space().dim(a); }
      for (int a = r - 1; a >= 0; a--) {
        if (k.reducedAxes().contains(a)) continue;
        o += idx[a] * ostride;
        ostride *= k.space().dim(a);
      }
      for (int i = 0; i < in.length; i++) {
        off[i] = 0;
        for (int a = 0; a < r; a++) off[i] += idx[a] * k.inputs().get(i).strides().get(a);
      }
      double x = FusedRef.exact(k.body(), k.dtype(), in, off);
      FusedRef.VE b = FusedRef.bounded(k.body(), k.dtype(), in, off);
      if (fold) {
        exact[o] = k.reduction().combine(exact[o], x);
        if (k.reduction() == Reduction.SUM) {
          double t = bound[o] + b.v();
          comp[o] += Math.abs(bound[o]) >= Math.abs(b.v()) ? (bound[o] - t) + b.v() : (b.v() - t) + bound[o];
          bound[o] = t;
        } else {
          bound[o] = k.reduction().combine(bound[o], b.v());
        }
        err[o] = k.reduction() == Reduction.SUM ? err[o] + b.e() : Math.max(err[o], b.e());
        abs[o] += Math.abs(b.v());
        count[o]++;
      } else {
        exact[o] = x;
        bound[o] = b.v();
        err[o] = b.e();
      }
    }
    for (int o = 0; o < rs; o++) if (Double.isFinite(bound[o]) && Double.isFinite(comp[o])) bound[o] += comp[o];
    return new Result(exact, bound, err, abs, count);
  }

  /** {@code v} converted to {@code d} and read back as a double (what the kernel's result store must hold). */
  static double convert(double v, DType d) {
    return switch (d) {
      case F32 -> (float) v;
      case F64 -> v;
      case I32 -> (int) v;
      case I64 -> (long) v;
      case BOOL -> v != 0 ? 1 : 0;
      case U32 -> throw new AssertionError("u32 never leaves a fused loop");
      case I8, U8 -> throw new AssertionError("8-bit integers never enter a fused loop");
      case BF16, F16 -> io.graft.numerics.Half.value(d, io.graft.numerics.Half.round(d, v));
    };
  }
}
