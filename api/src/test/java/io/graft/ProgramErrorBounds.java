package io.graft;

import io.graft.RandomProgram.Node;
import io.graft.RandomProgram.Op;
import io.graft.numerics.DType;
import java.util.List;

/**
 * A first-order bound on how far any correct evaluation of each node of a {@link RandomProgram} may lie from the
 * eager one, from the eager values themselves: each operation adds its own rounding ({@code u} of its dtype times
 * the magnitude it produces, 4 ulps for transcendental functions) to its operands' errors scaled by its Lipschitz
 * constant on the values seen. Sums and contractions of {@code n} terms add {@code u (sqrt(n)·|result| + n·|term|)},
 * which covers any summation order. Exact nodes get 0. Example: {@code add} of two exact f32 inputs of magnitude
 * ≤ 4 gets {@code 2^-24 · 8}.
 */
final class ProgramErrorBounds {
  private static final double ULPS = 4;

  private ProgramErrorBounds() {}

  /** The error bound of every node, given the eager value of every node. */
  static double[] of(RandomProgram p, List<Array> values) {
    double[] e = new double[p.nodes().size()];
    double[] m = new double[e.length];
    for (int i = 0; i < e.length; i++) {
      m[i] = maxAbs(values.get(i));
      Node n = p.nodes().get(i);
      e[i] = n.exact() ? 0 : bound(n, p.nodes(), e, m, m[i], unit(n.dtype()));
    }
    return e;
  }

  /** The unit roundoff of {@code dtype}'s arithmetic (0 for integers and bools). */
  static double unit(DType dtype) {
    return dtype == DType.F64 ? 0x1p-53 : dtype == DType.F32 ? 0x1p-24 : 0;
  }

  private static double bound(Node node, List<Node> nodes, double[] e, double[] m, double mo, double u) {
    return switch (node.op()) {
      case Op.Input _ -> 0;
      case Op.Unary(var k, var x) -> unary(k, e[x], m[x], mo, u);
      case Op.Binary(var k, var x, var y) -> binary(k, e[x], m[x], e[y], m[y], mo, u);
      case Op.Compare _ -> 0;
      case Op.Select(var c, var x, var y) -> Math.max(e[x], e[y]);
      case Op.Convert(var to, var x) -> e[x] + (to == DType.F32 && nodes.get(x).dtype() == DType.F64 ? unit(DType.F32) * m[x] : 0);
      case Op.BroadcastTo(var s, var x) -> e[x];
      case Op.Reshape(var s, var x) -> e[x];
      case Op.Transpose(var perm, var x) -> e[x];
      case Op.ExpandDims(var a, var x) -> e[x];
      case Op.Reduce(var k, var axes, var keep, var x) -> {
        int n = ProgramShapes.reducedSize(nodes.get(x).shape(), axes);
        yield switch (k) {
          case MAX, MIN -> e[x];
          case SUM -> n * e[x] + u * (Math.sqrt(n) * mo + n * m[x]);
          case MEAN -> n == 0 ? 0 : e[x] + u * (Math.sqrt(n) * mo + m[x] + mo);
        };
      }
      case Op.Matmul(var x, var y) -> {
        int k = nodes.get(x).shape().getLast();
        yield k * (e[x] * m[y] + m[x] * e[y] + e[x] * e[y]) + u * (Math.sqrt(k) * mo + k * m[x] * m[y]);
      }
    };
  }

  private static double unary(RandomProgram.UnaryKind k, double ex, double mx, double mo, double u) {
    return switch (k) {
      case NEG, ABS, FLOOR -> ex;
      case EXP -> mo * ex + ULPS * u * mo;
      case LOG_ABS_PLUS_1 -> ex + u * (mx + 1) + ULPS * u * mo;
      case TANH, SIN, COS, LOGISTIC -> ex + ULPS * u;
      case SQRT_ABS -> Math.sqrt(ex) + ULPS * u * mo;
      case SQRT_ABS_PLUS_1 -> 0.5 * (ex + u * (mx + 1)) + ULPS * u * mo;
      case SQUARE -> 2 * mx * ex + ex * ex + u * mo;
      case RECIPROCAL_GUARDED -> 4 * (ex + u * (mx + 0.5)) + ULPS * u * mo;
    };
  }

  private static double binary(RandomProgram.BinaryKind k, double ex, double mx, double ey, double my, double mo, double u) {
    return switch (k) {
      case ADD, SUB -> ex + ey + u * mo;
      case MUL -> my * ex + mx * ey + ex * ey + u * mo;
      case DIV_GUARDED -> 2 * ex + 4 * mx * (ey + u * (my + 0.5)) + ULPS * u * mo;
      case MAX, MIN -> Math.max(ex, ey);
      case POW_POSITIVE_BASE -> {
        double lnBase = Math.max(Math.log(2), Math.log(mx + 0.5));
        double eBase = ex + u * (mx + 0.5);
        yield mo * (lnBase * ey + 2 * my * eBase + ULPS * u * (1 + my * lnBase));
      }
    };
  }

  /** The largest finite magnitude in {@code a} (0 if none). */
  static double maxAbs(Array a) {
    double m = 0;
    for (double v : a.toDoubleArray()) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
    return m;
  }
}
