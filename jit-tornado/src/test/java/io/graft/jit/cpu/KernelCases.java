package io.graft.jit.cpu;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.KernelText;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builders of test kernels: random accesses (contiguous, broadcast, transposed, scalar) and matching inputs. */
final class KernelCases {
  private KernelCases() {}

  /** An access of one of four layouts over {@code space}, with the input shape it reads. */
  record Layout(Access access, Shape inShape) {}

  static Layout contiguous(DType d, Shape space) { return new Layout(Access.contiguous(d, space), space); }

  /** Input of {@code space}'s shape with axis {@code a} made 1 (broadcast along it) for each set bit. */
  static Layout broadcast(DType d, Shape space, int oneMask, int dropMask) {
    List<Integer> dims = new ArrayList<>();
    List<Integer> ext = new ArrayList<>();
    for (int a = 0; a < space.rank(); a++) {
      if ((dropMask >> a & 1) != 0) continue;
      dims.add(a);
      ext.add((oneMask >> a & 1) != 0 ? 1 : space.dim(a));
    }
    Shape in = Shape.of(ext.stream().mapToInt(x -> x).toArray());
    return new Layout(Access.broadcast(d, in, Ints.of(dims.stream().mapToInt(x -> x).toArray()), space), in);
  }

  /** A row-major buffer of the permuted space {@code [space.dim(p[0]), ...]} read in the space's order. */
  static Layout transposed(DType d, Shape space, int[] p) {
    int[] dims = new int[p.length];
    for (int j = 0; j < p.length; j++) dims[j] = space.dim(p[j]);
    Shape in = Shape.of(dims);
    int[] rs = in.strides(), s = new int[p.length];
    for (int j = 0; j < p.length; j++) s[p[j]] = rs[j];
    return new Layout(new Access(d, Ints.of(s)), in);
  }

  static Layout random(Random r, DType d, Shape space) {
    int rank = space.rank();
    return switch (r.nextInt(4)) {
      case 0 -> contiguous(d, space);
      case 1 -> broadcast(d, space, r.nextInt(1 << rank), r.nextInt(1 << rank));
      case 2 -> {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        for (int i = rank - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
        yield transposed(d, space, p);
      }
      default -> broadcast(d, space, 0, (1 << rank) - 1);
    };
  }

  /** Random values for an input of {@code shape}: small floats with exact 0/±1 sprinkled in, small ints, bools. */
  static NdArray values(Random r, DType d, Shape shape) {
    int n = shape.size();
    return switch (d) {
      case F32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) value(r); yield NdArray.wrap(shape, a); }
      case F64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = value(r); yield NdArray.wrap(shape, a); }
      case I32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = r.nextInt(7) - 3; yield NdArray.wrap(shape, a); }
      case U32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = r.nextInt(7); yield NdArray.wrapU32(shape, a); }
      case I64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = r.nextInt(7) - 3; yield NdArray.wrap(shape, a); }
      case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = r.nextBoolean(); yield NdArray.wrap(shape, a); }
      case BF16, F16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = io.graft.numerics.Half.round(d, value(r)); yield NdArray.wrapHalf(d, shape, a); }
      case I8, U8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) (r.nextInt(7) - 3); yield NdArray.wrapBytes(d, shape, a); }
    };
  }

  private static double value(Random r) { return r.nextInt(10) == 0 ? r.nextInt(3) - 1 : (r.nextDouble() - 0.5) * 6; }

  /** A kernel and inputs that satisfy it. */
  record Case(Kernel kernel, NdArray[] inputs) {
    @Override public String toString() { return KernelText.render(kernel); }
  }

  static Case build(DType dt, Shape space, List<Layout> layouts, Expr body, Reduction red, Ints axes, DType out, long seed) {
    Random r = new Random(seed);
    List<Access> acc = new ArrayList<>();
    NdArray[] in = new NdArray[layouts.size()];
    for (int i = 0; i < in.length; i++) {
      acc.add(layouts.get(i).access());
      in[i] = values(r, layouts.get(i).access().dtype(), layouts.get(i).inShape());
    }
    return new Case(new Kernel(dt, space, acc, body, red, axes, out), in);
  }
}
