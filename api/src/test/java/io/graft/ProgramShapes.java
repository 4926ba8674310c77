package io.graft;

import java.util.ArrayList;
import java.util.List;

/** Shape arithmetic for {@link RandomProgramBuilder}: NumPy broadcasting, reshapes, permutations, reductions, matmul. */
final class ProgramShapes {
  private ProgramShapes() {}

  /** Whether NumPy broadcasting accepts {@code a} with {@code b} (aligned from the right, equal or one is 1). */
  static boolean broadcastable(List<Integer> a, List<Integer> b) {
    for (int i = 1; i <= Math.min(a.size(), b.size()); i++) {
      int x = a.get(a.size() - i), y = b.get(b.size() - i);
      if (x != y && x != 1 && y != 1) return false;
    }
    return true;
  }

  /** The broadcast shape of {@code a} and {@code b}, e.g. {@code [3,1] , [4] -> [3,4]}. */
  static List<Integer> broadcast(List<Integer> a, List<Integer> b) {
    int r = Math.max(a.size(), b.size());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      int x = i < r - a.size() ? 1 : a.get(i - (r - a.size()));
      int y = i < r - b.size() ? 1 : b.get(i - (r - b.size()));
      out.add(x == 1 ? y : x);
    }
    return out;
  }

  /** A shape of {@code size} elements chosen by {@code choice}: {@code [n]}, {@code [n/d, d]} or {@code [d, 1, n/d]}. */
  static List<Integer> refactor(int size, int choice) {
    if (size == 0) return Math.floorMod(choice, 2) == 0 ? List.of(0) : List.of(2, 0);
    List<Integer> divisors = new ArrayList<>();
    for (int d = 1; d <= size; d++) if (size % d == 0) divisors.add(d);
    int d = divisors.get(Math.floorMod(choice / 3, divisors.size()));
    return switch (Math.floorMod(choice, 3)) {
      case 0 -> List.of(size);
      case 1 -> List.of(size / d, d);
      default -> List.of(d, 1, size / d);
    };
  }

  /** The {@code choice}-th permutation of {@code 0..rank-1} (cyclically, in Lehmer order). */
  static List<Integer> permutation(int rank, int choice) {
    List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < rank; i++) pool.add(i);
    List<Integer> perm = new ArrayList<>();
    int c = Math.floorMod(choice, factorial(rank));
    for (int i = rank; i > 0; i--) {
      int f = factorial(i - 1);
      perm.add(pool.remove(c / f));
      c %= f;
    }
    return perm;
  }

  private static int factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }

  /** A nonempty subset of the axes of a rank-{@code rank} array chosen by the bits of {@code mask}; negative if asked. */
  static List<Integer> axes(int rank, int mask, boolean negative) {
    List<Integer> axes = new ArrayList<>();
    int m = rank == 0 ? 0 : Math.floorMod(mask, 1 << rank);
    for (int i = 0; i < rank; i++) if (m == 0 || (m & (1 << i)) != 0) axes.add(negative ? i - rank : i);
    return axes;
  }

  private static boolean reducesAxis(List<Integer> axes, int axis, int rank) {
    return axes.contains(axis) || axes.contains(axis - rank);
  }

  /** How many elements each output element of a reduction over {@code axes} combines. */
  static int reducedSize(List<Integer> shape, List<Integer> axes) {
    int n = 1;
    for (int i = 0; i < shape.size(); i++) if (reducesAxis(axes, i, shape.size())) n *= shape.get(i);
    return n;
  }

  /** The shape after reducing {@code axes}, keeping them as 1s if {@code keepdims}. */
  static List<Integer> reduced(List<Integer> shape, List<Integer> axes, boolean keepdims) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < shape.size(); i++) {
      if (!reducesAxis(axes, i, shape.size())) out.add(shape.get(i));
      else if (keepdims) out.add(1);
    }
    return out;
  }

  /** NumPy matmul's result shape for {@code x [..., m, k] @ y [k] / [k, n] / [..., k, n]} (vectors promoted, then dropped). */
  static List<Integer> matmul(List<Integer> x, List<Integer> y) {
    List<Integer> xs = x.size() == 1 ? List.of(1, x.getFirst()) : x;
    List<Integer> ys = y.size() == 1 ? List.of(y.getFirst(), 1) : y;
    List<Integer> out = new ArrayList<>(broadcast(xs.subList(0, xs.size() - 2), ys.subList(0, ys.size() - 2)));
    if (x.size() > 1) out.add(xs.get(xs.size() - 2));
    if (y.size() > 1) out.add(ys.getLast());
    return out;
  }
}
