package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.cpu.CompiledKernel;
import io.graft.jit.cpu.FusedKernels;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.ShapedType;
import io.graft.trace.Var;
import io.graft.trace.prim.AllSpecs;
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.Primitive;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Squeeze;
import io.graft.trace.prim.Spec;
import io.graft.trace.prim.Transpose;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The lowering's classification on a sample application of every primitive ({@code AllSpecs}): every primitive
 * record has one (the compile-time guard is {@link Lowering#lower}'s exhaustive switch; this walks
 * {@code Primitive}'s permitted subclasses as a backstop), the fusable ones are the elementwise, movement and
 * reduction primitives, and a one-equation loop built from each fusable sample computes what the eager kernel does.
 */
class LoweringTest {
  /** The primitive records with a loop lowering; every other record runs its own kernel. */
  private static final Set<String> FUSABLE = Set.of("Unary", "Binary", "Compare", "IntegerPow", "SelectN", "Clamp",
      "ConvertElementType", "StopGradient", "BroadcastInDim", "Transpose", "Reduce", "Reshape", "Squeeze");

  private static void leaves(Class<?> c, Set<Class<?>> out) {
    if (c.isInterface()) { for (Class<?> s : c.getPermittedSubclasses()) leaves(s, out); }
    else out.add(c);
  }

  /** {@code spec} as a one-equation graph {@code y = prim(x...)} over fresh variables of its operands' types. */
  private static Graph graphOf(Spec spec) {
    Vector<Var> in = Vector.ofAll(spec.args()).map(a -> Var.fresh(ShapedType.of(a.dtype(), a.shape())));
    Vector<Var> out = spec.prim().outTypes(in.map(Var::type)).map(Var::fresh);
    Eqn e = new Eqn(spec.prim(), in.map(v -> (Atom) v), out);
    return new Graph(Vector.empty(), Vector.empty(), in, Vector.of(e), out.map(v -> (Atom) v));
  }

  @Test void everyPrimitiveRecordHasALoweringAndOnlyTheElementwiseMovementAndReductionOnesFuse() {
    Set<Class<?>> records = new HashSet<>();
    leaves(Primitive.class, records);
    Map<Class<?>, Set<Class<?>>> kinds = new HashMap<>();
    for (Spec s : AllSpecs.all()) {
      Lowered l = Lowering.lower(graphOf(s).eqns().head());
      kinds.computeIfAbsent(s.prim().getClass(), k -> new HashSet<>()).add(l.getClass());
    }
    for (Class<?> r : records) {
      Set<Class<?>> k = kinds.get(r);
      assertTrue(k != null, r.getSimpleName() + " has no sample in AllSpecs, so its lowering is untested");
      if (FUSABLE.contains(r.getSimpleName())) {
        assertTrue(k.stream().anyMatch(c -> c != Lowered.OwnKernel.class),
            r.getSimpleName() + " should lower into a loop for some sample, got " + k);
      } else {
        assertEquals(Set.of(Lowered.OwnKernel.class), k, r.getSimpleName() + " should run its own kernel");
      }
    }
    assertTrue(records.stream().map(Class::getSimpleName).collect(java.util.stream.Collectors.toSet()).containsAll(FUSABLE),
        "FUSABLE names a primitive that is no longer a record of Primitive: " + FUSABLE);
  }

  @Test void movementIsReadThroughAndOnlyFoldsAreRootOnly() {
    for (Spec s : AllSpecs.all()) {
      Lowered l = Lowering.lower(graphOf(s).eqns().head());
      boolean unitReshape = (s.prim() instanceof Reshape || s.prim() instanceof Squeeze) && Lowering.unitDims(
          s.args().get(0).shape(), graphOf(s).out().head().type().shape()).isDefined();
      boolean movement = s.prim() instanceof BroadcastInDim || s.prim() instanceof Transpose || unitReshape;
      assertEquals(movement, l.movesData(), s.prim().name() + ": " + l);
      assertEquals(!(l instanceof Lowered.Fold || l instanceof Lowered.OwnKernel), l.anywhere(), s.prim().name() + ": " + l);
    }
  }

  @Test void reshapesThatOnlyInsertOrDropUnitDimensionsAreIndexMaps() {
    assertEquals(Option.of(Ints.of(0)), Lowering.unitDims(Shape.of(128), Shape.of(128, 1)));
    assertEquals(Option.of(Ints.of(0, -1)), Lowering.unitDims(Shape.of(128, 1), Shape.of(128)));
    assertEquals(Option.of(Ints.of(-1, 1, -1, 3)), Lowering.unitDims(Shape.of(1, 4, 1, 5), Shape.of(1, 4, 1, 5)));
    assertEquals(Option.of(Ints.of(1, 2)), Lowering.unitDims(Shape.of(4, 5), Shape.of(1, 4, 5, 1)));
    assertEquals(Option.none(), Lowering.unitDims(Shape.of(4, 6), Shape.of(24)), "a regrouping reshape");
    assertEquals(Option.none(), Lowering.unitDims(Shape.of(4, 5), Shape.of(5, 4)), "not a permutation either");
    assertEquals(Option.none(), Lowering.unitDims(Shape.of(4, 5), Shape.of(4, 5, 2)), "nor a broadcast");
  }

  @Test void aLoopOfEachFusableSampleEqualsTheEagerKernel() {
    Set<Class<?>> checked = new HashSet<>();
    for (Spec s : AllSpecs.all()) {
      Graph g = graphOf(s);
      Vector<Fusion.Group> groups = Fusion.partition(g);
      Eqn e = g.eqns().head();
      boolean loop = Lowering.computeDType(e).map(d -> Lowering.inLoop(e, d).anywhere() || Lowering.inLoop(e, d) instanceof Lowered.Fold)
          .getOrElse(false);
      assertEquals(loop ? 1 : 0, groups.size(), s.prim().name() + ": " + groups);
      if (!loop) continue;
      KernelBuilder kb = new KernelBuilder(g, Map.of((Var) g.out().head(), 0), groups.head(), a -> true);
      CompiledKernel k = FusedKernels.compile(kb.kernel);
      NdArray[] inputs = new NdArray[kb.inputs.size()];
      for (int i = 0; i < inputs.length; i++) {
        Atom a = kb.inputs.get(i);
        inputs[i] = a instanceof Lit lit ? lit.value() : s.args().get(g.in().indexOf((Var) a));
      }
      NdArray want = s.prim().impl(Vector.ofAll(s.args())).head(), got = k.apply(inputs);
      assertEquals(want.shape(), got.shape(), k.text());
      assertEquals(want.dtype(), got.dtype(), k.text());
      double[] w = want.astype(DType.F64).f64(), o = got.astype(DType.F64).f64();
      for (int i = 0; i < w.length; i++) {
        boolean same = Double.compare(w[i], o[i]) == 0 || Double.isNaN(w[i]) && Double.isNaN(o[i])
            || Math.abs(w[i] - o[i]) <= 1e-6 * Math.max(1, Math.abs(w[i]));
        assertTrue(same, s.prim().name() + " element " + i + ": eager " + w[i] + ", loop " + o[i] + " in " + k.text());
      }
      checked.add(s.prim().getClass());
    }
    List<String> names = checked.stream().map(Class::getSimpleName).sorted().toList();
    assertEquals(FUSABLE, Set.copyOf(names), "fusable primitives whose samples were run as loops");
    assertFalse(checked.isEmpty());
  }
}
