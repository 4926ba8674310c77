package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code Graft.jit(f)(x)} has the bits of eager {@code f(x)} for programs of elementwise operations (unary,
 * binary, integer_pow, clamp, comparison, select, conversion; f32 and f64), and an element's value depends only on its inputs: never on
 * its position in the array, the array's length (full vectors, tails, rows shorter than a vector, chunks of the
 * parallel split) or the kernel that computed it; and for reductions of such programs (sum, max, min, prod over one
 * axis, several axes and all axes, at sizes around the sums' block boundaries: 2048-element runs, 128-row passes,
 * the parallel grain), whose fused sums take the eager sums' blocks. All NaNs count as one value; nothing else is
 * tolerated. The class also runs in the api module's no-vector-api surefire execution, where every kernel is scalar.
 */
class JitBitwiseProperties {
  /** Unary ops; the first ones fuse into jit kernels, the last ones run their eager kernel inside jit. */
  private static final List<String> UNARY = List.of("neg", "sign", "floor", "ceil", "exp", "log", "log1p", "expm1", "tanh",
      "logistic", "sin", "cos", "sqrt", "rsqrt", "abs", "square", "tan", "atan", "sinh", "cbrt", "erf", "ipow-2", "ipow-1",
      "ipow2", "ipow3");
  private static final List<String> BINARY = List.of("add", "sub", "mul", "div", "max", "min", "pow", "atan2", "mulc", "addc",
      "clamp");
  private static final List<String> COMPARE = List.of("lt", "le", "gt", "ge", "eq", "ne");

  /** One node: its op, operands (node indices) and dtype. */
  private record Node(String op, int a, int b, int c, DType dtype) {
    @Override public String toString() { return op + "(" + a + (b >= 0 ? ", " + b : "") + (c >= 0 ? ", " + c : "") + "): " + dtype; }
  }

  /** A random program over two inputs of one float dtype and length n, returning its last node and one other. */
  private record Program(DType dtype, int n, List<Node> nodes, int extra, long valueSeed) {
    @Override public String toString() {
      StringBuilder s = new StringBuilder("\nprogram over x0, x1: " + dtype + "[" + n + "] (values seed " + valueSeed + ")\n");
      for (int i = 2; i < nodes.size(); i++) s.append("  n").append(i).append(" = ").append(nodes.get(i)).append('\n');
      return s.append("  outputs n").append(nodes.size() - 1).append(", n").append(extra).toString();
    }

    List<Array> run(List<Array> xs) {
      List<Array> v = values(xs);
      return List.of(v.getLast(), v.get(extra));
    }

    /** Every node's value, the inputs first. */
    List<Array> values(List<Array> xs) {
      List<Array> v = new ArrayList<>(xs);
      for (int i = 2; i < nodes.size(); i++) v.add(eval(nodes.get(i), v));
      return v;
    }
  }

  private static Array eval(Node n, List<Array> v) {
    Array a = v.get(n.a());
    Array b = n.b() >= 0 ? v.get(n.b()) : null;
    return switch (n.op()) {
      case "neg" -> Lax.neg(a);
      case "sign" -> Lax.sign(a);
      case "floor" -> Lax.floor(a);
      case "ceil" -> Lax.ceil(a);
      case "exp" -> Lax.exp(a);
      case "log" -> Lax.log(a);
      case "log1p" -> Lax.log1p(a);
      case "expm1" -> Lax.expm1(a);
      case "tanh" -> Lax.tanh(a);
      case "logistic" -> Lax.logistic(a);
      case "sin" -> Lax.sin(a);
      case "cos" -> Lax.cos(a);
      case "sqrt" -> Lax.sqrt(a);
      case "rsqrt" -> Lax.rsqrt(a);
      case "abs" -> Lax.abs(a);
      case "square" -> Lax.square(a);
      case "tan" -> Lax.tan(a);
      case "atan" -> Lax.atan(a);
      case "sinh" -> Lax.sinh(a);
      case "cbrt" -> Lax.cbrt(a);
      case "erf" -> Lax.erf(a);
      case "add" -> Lax.add(a, b);
      case "sub" -> Lax.sub(a, b);
      case "mul" -> Lax.mul(a, b);
      case "div" -> Lax.div(a, b);
      case "max" -> Lax.max(a, b);
      case "min" -> Lax.min(a, b);
      case "pow" -> Lax.pow(a, b);
      case "atan2" -> Lax.atan2(a, b);
      case "mulc" -> a.mul(3.0);
      case "addc" -> a.add(-0.5);
      case "clamp" -> Lax.clamp(Lax.min(a, b), a, Lax.max(a, b));
      case "ipow-2" -> Lax.integerPow(a, -2);
      case "ipow-1" -> Lax.integerPow(a, -1);
      case "ipow2" -> Lax.integerPow(a, 2);
      case "ipow3" -> Lax.integerPow(a, 3);
      case "lt" -> Lax.lt(a, b);
      case "le" -> Lax.le(a, b);
      case "gt" -> Lax.gt(a, b);
      case "ge" -> Lax.ge(a, b);
      case "eq" -> Lax.eq(a, b);
      case "ne" -> Lax.ne(a, b);
      case "select" -> Lax.selectN(a, b, v.get(n.c()));
      case "convert" -> Lax.convertElementType(a, n.dtype());
      default -> throw new AssertionError("unknown op " + n.op());
    };
  }

  @Provide Arbitrary<Integer> lengths() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 3000)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between((1 << 15) + 1, 70_000)));
  }

  @Property
  void jitHasTheBitsOfEager(@ForAll long seed, @ForAll("lengths") int n, @ForAll boolean f64, @ForAll @IntRange(min = 1, max = 12) int size) {
    Program p = program(new SplittableRandom(seed), f64 ? DType.F64 : DType.F32, n, size);
    List<Array> xs = inputs(p.dtype(), n, p.valueSeed());
    List<Array> eager = p.run(xs);
    Function<List<Array>, List<Array>> f = p::run;
    List<Array> jit = Graft.jit(f).apply(xs);
    for (int i = 0; i < eager.size(); i++) assertSameBits(eager.get(i), jit.get(i), p + "\noutput " + i);
  }

  /**
   * Multi-output programs: several nodes of a random program are results (so cheap ones are also recomputed by their
   * readers' loops, and sibling loops over the shared inputs become one multi-output step), next to two reductions
   * of nodes over the same axis of {@code [rows, n / rows]} (sibling folds); every result has eager's bits.
   */
  @Property
  void jitMultiOutputProgramsHaveTheBitsOfEager(@ForAll long seed, @ForAll("lengths") int n, @ForAll boolean f64,
      @ForAll @IntRange(min = 2, max = 12) int size, @ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 0, max = 1) int axis) {
    int m = Math.max(rows, n - n % rows);
    Program p = program(new SplittableRandom(seed), f64 ? DType.F64 : DType.F32, m, size);
    SplittableRandom r = new SplittableRandom(~seed);
    int nodes = p.nodes().size();
    int[] picks = r.ints(2 + r.nextInt(3), 2, nodes).toArray();
    int[] folded = {r.nextInt(nodes), r.nextInt(nodes)};
    String[] ops = {REDUCTIONS.get(r.nextInt(3)), REDUCTIONS.get(r.nextInt(3))};   // sum, max, min
    Function<List<Array>, List<Array>> f = xs -> {
      List<Array> v = p.values(xs), out = new ArrayList<>();
      for (int k : picks) out.add(v.get(k));
      for (int k = 0; k < 2; k++) {
        Array a = v.get(folded[k]);
        if (!a.dtype().isFloating()) a = Lax.convertElementType(a, p.dtype());
        out.add(reduce(ops[k], a.reshape(rows, m / rows), new int[] {axis}));
      }
      return out;
    };
    List<Array> xs = inputs(p.dtype(), m, p.valueSeed());
    List<Array> eager = f.apply(xs), jit = Graft.jit(f).apply(xs);
    String what = p + "\nresults: nodes " + java.util.Arrays.toString(picks) + ", " + ops[0] + "(n" + folded[0] + "), " + ops[1]
        + "(n" + folded[1] + ") over axis " + axis + " of [" + rows + ", " + m / rows + "]";
    for (int i = 0; i < eager.size(); i++) assertSameBits(eager.get(i), jit.get(i), what + "\noutput " + i);
  }

  private static final List<String> REDUCTIONS = List.of("sum", "max", "min", "prod");

  private static Array reduce(String op, Array a, int[] axes) {
    return switch (op) {
      case "sum" -> Lax.reduceSum(a, axes);
      case "max" -> Lax.reduceMax(a, axes);
      case "min" -> Lax.reduceMin(a, axes);
      case "prod" -> Lax.reduceProd(a, axes);
      default -> throw new AssertionError("unknown reduction " + op);
    };
  }

  /** A random program, then a random reduction of its last node (as a float) reshaped to {@code [rows, n / rows]}. */
  @Property
  void jitReductionsHaveTheBitsOfEager(@ForAll long seed, @ForAll("lengths") int n, @ForAll boolean f64,
      @ForAll @IntRange(min = 1, max = 6) int size, @ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 0, max = 3) int which) {
    int m = Math.max(rows, n - n % rows);
    Program p = program(new SplittableRandom(seed), f64 ? DType.F64 : DType.F32, m, size);
    int[][] axes = {{0, 1}, {0}, {1}, {0, 1}};
    String op = REDUCTIONS.get(Math.floorMod(seed, REDUCTIONS.size()));
    Function<List<Array>, Array> f = v -> {
      Array last = p.run(v).getFirst();
      if (!last.dtype().isFloating()) last = Lax.convertElementType(last, p.dtype());   // reductions of bool/int are exact anyway
      return reduce(op, last.reshape(rows, m / rows), axes[which]);
    };
    List<Array> xs = inputs(p.dtype(), m, p.valueSeed());
    assertSameBits(f.apply(xs), Graft.jit(f).apply(xs), p + "\nthen " + op + " over " + java.util.Arrays.toString(axes[which]) + " of [" + rows + ", " + m / rows + "]");
  }

  /**
   * sum, max, min and prod of fused bodies over every single axis, a pair of axes and all axes, f32 and f64, at shapes
   * around the block boundaries of the eager sums (runs of 2048 elements, passes of 128 rows) and past the parallel
   * grain; one body is all negative zeros (a row pass keeps -0, a run block starts at +0).
   */
  @Test void reductionsOfFusedBodiesAtBlockBoundaries() {
    int[][] shapes = {{1}, {15}, {16}, {17}, {2047}, {2048}, {2049}, {4097}, {3, 2049}, {2049, 3}, {127, 5}, {128, 7}, {129, 33},
        {257, 3}, {5, 130, 3}, {2, 3000, 2}, {3, 1, 4100}, {40_000}, {70_003}, {300, 300}};
    List<Function<List<Array>, Array>> bodies = List.of(
        v -> Lax.add(Lax.tanh(v.get(0)), v.get(1).mul(0.25)),
        v -> Lax.exp(v.get(0).mul(0.01)),
        v -> Lax.neg(Lax.abs(v.get(0))).mul(0.0));
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int[] shape : shapes) {
        int n = 1;
        for (int e : shape) n *= e;
        List<Array> flat = cleanInputs(d, n, 31L * n + shape.length);
        List<Array> xs = List.of(flat.get(0).reshape(shape), flat.get(1).reshape(shape));
        List<int[]> axesSets = new ArrayList<>();
        int[] all = new int[shape.length];
        for (int a = 0; a < shape.length; a++) { all[a] = a; axesSets.add(new int[] {a}); }
        axesSets.add(all);
        if (shape.length == 3) axesSets.add(new int[] {0, 2});
        for (int b = 0; b < bodies.size(); b++) {
          Function<List<Array>, Array> body = bodies.get(b);
          for (String op : REDUCTIONS) {
            if (op.equals("prod") && b == 0 && n > 4000) continue;   // underflows to 0 long before; covered at the smaller sizes
            for (int[] axes : axesSets) {
              Function<List<Array>, Array> f = v -> reduce(op, body.apply(v), axes);
              assertSameBits(f.apply(xs), Graft.jit(f).apply(xs),
                  op + " over " + java.util.Arrays.toString(axes) + " of body " + b + " on " + d + java.util.Arrays.toString(shape));
            }
          }
        }
      }
    }
  }

  /** Two arrays of values in [-4, 4] (no specials, so sums do not all become NaN or inf). */
  private static List<Array> cleanInputs(DType d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Array> out = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) v[i] = r.nextDouble(-4, 4);
      out.add(d == DType.F64 ? Array.of(v) : Array.of(floats(v)));
    }
    return out;
  }

  /** The example: equal inputs give equal outputs at every position, and eager's bits (f32 and f64). */
  @Test void sinOfSinGivesOneValuePerInputAtEveryPosition() {
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int n : new int[] {1, 3, 7, 8, 15, 17, 31, 33, 2000, 40_001}) {
        double[] pattern = {0.3, -1.7, 2.5, 100.25, -0.0, 7e5, 1e-3};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = pattern[i % pattern.length];
        Array x = d == DType.F64 ? Array.of(v) : Array.of(floats(v));
        ArrayFn f = a -> a.sin().mul(3.0).sin();
        double[] jit = Graft.jit(f).apply(x).toDoubleArray(), eager = f.apply(x).toDoubleArray();
        for (int i = 0; i < n; i++) {
          int first = i % pattern.length;
          assertEquals(Double.doubleToLongBits(jit[first]), Double.doubleToLongBits(jit[i]), d + "[" + n + "] position " + i + " vs " + first);
          assertEquals(Double.doubleToLongBits(eager[i]), Double.doubleToLongBits(jit[i]), d + "[" + n + "] jit vs eager at " + i);
        }
      }
    }
  }

  /**
   * Every unary and binary function followed by an add (so jit fuses a two-node kernel rather than calling the eager
   * kernel), at every length around the vector widths: jit's bits are eager's.
   */
  @Test void everyFusedFunctionAtEveryShortLength() {
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int n = 1; n <= 70; n++) {
        List<Array> xs = inputs(d, n, n);
        for (String op : UNARY) check(new Node(op, 0, -1, -1, d), xs);
        for (String op : BINARY) check(new Node(op, 0, 1, -1, d), xs);
      }
    }
  }

  private static void check(Node node, List<Array> xs) {
    Function<List<Array>, Array> f = v -> Lax.add(eval(node, v), v.get(0));
    assertSameBits(f.apply(xs), Graft.jit(f).apply(xs), node + " on " + xs.getFirst().dtype() + "[" + xs.getFirst().size() + "]");
  }

  private static void assertSameBits(Array eager, Array jit, String what) {
    assertEquals(eager.dtype(), jit.dtype(), what + ": dtype");
    assertArrayEquals(eager.shape(), jit.shape(), what + ": shape");
    double[] e = eager.toDoubleArray(), j = jit.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(j[i]))
        throw new AssertionError(what + ": element " + i + " of " + e.length + " is " + j[i] + " under jit, " + e[i] + " eager");
    }
  }

  /** {@code size} random nodes after the two inputs, each picking operands of the dtype it needs. */
  private static Program program(SplittableRandom r, DType dtype, int n, int size) {
    List<Node> nodes = new ArrayList<>(List.of(new Node("x0", -1, -1, -1, dtype), new Node("x1", -1, -1, -1, dtype)));
    for (int k = 0; k < size; k++) {
      int family = r.nextInt(10);
      DType other = dtype == DType.F32 ? DType.F64 : DType.F32;
      Node node = switch (family) {
        case 0, 1, 2, 3 -> { int a = pick(r, nodes, t -> t.isFloating()); yield new Node(UNARY.get(r.nextInt(UNARY.size())), a, -1, -1, nodes.get(a).dtype()); }
        case 4, 5, 6 -> {
          int a = pick(r, nodes, DType::isFloating);
          DType t = nodes.get(a).dtype();
          yield new Node(BINARY.get(r.nextInt(BINARY.size())), a, pick(r, nodes, u -> u == t), -1, t);
        }
        case 7 -> {
          int a = pick(r, nodes, DType::isFloating);
          DType t = nodes.get(a).dtype();
          yield new Node(COMPARE.get(r.nextInt(COMPARE.size())), a, pick(r, nodes, u -> u == t), -1, DType.BOOL);
        }
        case 8 -> {
          int c = pick(r, nodes, u -> u == DType.BOOL);
          if (c < 0) { int a = pick(r, nodes, DType::isFloating); yield new Node("gt", a, pick(r, nodes, u -> u == nodes.get(a).dtype()), -1, DType.BOOL); }
          int a = pick(r, nodes, DType::isFloating);
          DType t = nodes.get(a).dtype();
          yield new Node("select", c, a, pick(r, nodes, u -> u == t), t);
        }
        default -> {
          int a = pick(r, nodes, u -> true);
          DType from = nodes.get(a).dtype();
          DType to = from.isFloating() ? List.of(other, DType.I32, dtype).get(r.nextInt(3)) : dtype;
          yield new Node("convert", a, -1, -1, to);
        }
      };
      nodes.add(node);
    }
    return new Program(dtype, n, nodes, r.nextInt(nodes.size()), r.nextLong());
  }

  /** A random node index whose dtype passes {@code p}, or -1. */
  private static int pick(SplittableRandom r, List<Node> nodes, java.util.function.Predicate<DType> p) {
    List<Integer> fit = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) if (p.test(nodes.get(i).dtype())) fit.add(i);
    return fit.isEmpty() ? -1 : fit.get(r.nextInt(fit.size()));
  }

  /**
   * Two arrays: mostly values in [-4, 4], some in [-200, 200], some from a pool of repeated values (so equal inputs
   * sit at many positions), and a few specials (±0, ±inf, NaN, subnormals, huge arguments for sin and cos).
   */
  private static List<Array> inputs(DType d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] specials = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-40, -1e-310, 3e5, -2e7, 1e30, 88.9, -104.5};
    double[] pool = {0.7, -2.25, 1.5e3, 12.0};
    List<Array> out = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        int u = r.nextInt(100);
        v[i] = u < 70 ? r.nextDouble(-4, 4) : u < 85 ? r.nextDouble(-200, 200) : u < 95 ? pool[r.nextInt(pool.length)]
            : specials[r.nextInt(specials.length)];
      }
      out.add(d == DType.F64 ? Array.of(v) : Array.of(floats(v)));
    }
    return out;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }
}
