package io.graft.jit.passes;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.ShapedType;
import io.graft.trace.Var;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.ConvGeneralDilated;
import io.graft.trace.prim.ConvertElementType;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Rev;
import io.graft.trace.prim.StopGradient;
import io.graft.trace.prim.Transpose;
import io.graft.trace.prim.Unary;
import io.graft.trace.prim.UnaryOp;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Algebraic simplification: {@code x*1 = 1*x = x}, {@code x+0 = 0+x = x - 0 = x}, {@code neg(neg x) = x}, and
 * reshape to the same shape, transpose by the identity permutation and conversion to the same dtype are {@code x}.
 * An identity applies only when {@code x} already has the result's shape and dtype (so {@code 1*x} with a scalar
 * {@code x} and an array {@code 1} stays). NB: like XLA, {@code x+0 = x} ignores the sign of zero ({@code -0+0 = +0}).
 */
public final class Simplify {
  private Simplify() {}

  public static Graph run(Graph g) {
    Subst s = new Subst();
    Map<Var, Eqn> def = new HashMap<>();      // pass-local: defining equation of each result
    Map<Var, NdArray> consts = new HashMap<>();
    for (int i = 0; i < g.constVars().size(); i++) consts.put(g.constVars().get(i), g.consts().get(i));
    Map<Var, Integer> uses = new HashMap<>();
    for (Eqn e : g.eqns()) for (Atom a : e.in()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    for (Atom a : g.out()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    List<Eqn> eqns = new ArrayList<>();
    for (Eqn e0 : g.eqns()) {
      Eqn e = reversedKernel(transposedDot(s.apply(e0), def, uses), def);
      Atom same = identity(e, def, consts);
      if (same != null) { s.put(e.out().head(), same); continue; }
      eqns.add(e);
      for (Var v : e.out()) def.put(v, e);
    }
    return Rebuild.graph(g, g.constVars().asJava(), g.consts().asJava(), eqns, g.out().map(s::apply));
  }

  /** The atom {@code e}'s single result equals, or {@code null}. */
  private static Atom identity(Eqn e, Map<Var, Eqn> def, Map<Var, NdArray> consts) {
    Vector<Atom> in = e.in();
    ShapedType out = e.out().head().type();
    Atom x = switch (e.prim()) {
      case Binary(BinaryOp op) when op == BinaryOp.MUL ->
          isAll(in.get(1), 1, consts) ? in.get(0) : isAll(in.get(0), 1, consts) ? in.get(1) : null;
      case Binary(BinaryOp op) when op == BinaryOp.ADD ->
          isAll(in.get(1), 0, consts) ? in.get(0) : isAll(in.get(0), 0, consts) ? in.get(1) : null;
      case Binary(BinaryOp op) when op == BinaryOp.SUB -> isAll(in.get(1), 0, consts) ? in.get(0) : null;
      case Unary(UnaryOp op) when op == UnaryOp.NEG && in.head() instanceof Var v && def.get(v) != null
          && def.get(v).prim() instanceof Unary(UnaryOp inner) && inner == UnaryOp.NEG -> def.get(v).in().head();
      case Reshape r -> in.head();
      case Transpose(var perm) -> isIdentity(perm.toArray()) ? in.head() : null;
      case ConvertElementType c -> in.head();
      case StopGradient z -> in.head();   // an identity once transforms are done
      default -> null;
    };
    return x != null && sameType(x.type(), out) ? x : null;
  }

  /** {@code dot_general b a} for {@code transpose[(1, 0)] (dot_general a b)} as described above, else {@code e}. */
  private static Eqn transposedDot(Eqn e, Map<Var, Eqn> def, Map<Var, Integer> uses) {
    if (!(e.prim() instanceof Transpose(var perm)) || !perm.equals(Ints.of(1, 0))
        || !(e.in().head() instanceof Var v) || uses.getOrDefault(v, 0) != 1 || def.get(v) == null) return e;
    Eqn dot = def.get(v);
    if (!(dot.prim() instanceof DotGeneral d) || d.lhsBatch().size() != 0 || d.lhsContracting().size() != 1
        || dot.in().get(0).type().rank() != 2 || dot.in().get(1).type().rank() != 2) return e;
    DotGeneral swapped = new DotGeneral(d.rhsContracting(), d.lhsContracting(), d.rhsBatch(), d.lhsBatch(), d.preferredElementType());
    return new Eqn(swapped, Vector.of(dot.in().get(1), dot.in().get(0)), e.out());
  }

  /**
   * {@code conv_general_dilated[window_reversal=R] x w} for {@code conv_general_dilated x (rev[dims] w)} when every
   * reversed axis is a kernel spatial axis ({@code R} = the rest of the convolution's own reversal, toggled by those);
   * else {@code e}.
   */
  private static Eqn reversedKernel(Eqn e, Map<Var, Eqn> def) {
    if (!(e.prim() instanceof ConvGeneralDilated c) || !(e.in().get(1) instanceof Var v) || def.get(v) == null
        || !(def.get(v).prim() instanceof Rev(var dims)) || dims.size() == 0) return e;
    Ints rs = c.dimensionNumbers().rhsSpec();
    int spatial = rs.size() - 2;
    boolean[] flip = new boolean[spatial];
    for (int j = 0; j < dims.size(); j++) {
      int i = rs.indexOf(dims.get(j)) - 2;
      if (i < 0) return e;                                // a feature axis: not a window reversal
      flip[i] = true;
    }
    int[] r = new int[spatial];
    int n = 0;
    io.graft.numerics.kernels.ConvGeometry g = c.geometry();
    for (int i = 0; i < spatial; i++) if (flip[i] != g.reversed(i)) r[n++] = i;
    return new Eqn(c.withWindowReversal(Ints.of(java.util.Arrays.copyOf(r, n))), Vector.of(e.in().get(0), def.get(v).in().head()), e.out());
  }

  private static boolean sameType(ShapedType a, ShapedType b) { return a.shape().equals(b.shape()) && a.dtype() == b.dtype(); }

  private static boolean isIdentity(int[] perm) {
    for (int i = 0; i < perm.length; i++) if (perm[i] != i) return false;
    return true;
  }

  /** True when {@code a} is a literal or a (small) constant whose every element equals {@code value}. */
  private static boolean isAll(Atom a, double value, Map<Var, NdArray> consts) {
    NdArray arr = switch (a) {
      case Lit l -> l.value();
      case Var v -> consts.get(v);
    };
    if (arr == null || arr.size() > ConstantFold.MAX_ELEMENTS) return false;
    for (int i = 0; i < arr.size(); i++) if (arr.getDouble(i) != value) return false;
    return true;
  }
}
