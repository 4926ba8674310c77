package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.graft.trace.UnboundAxisError;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every primitive (and every op-table row) has a spec, and every spec's eval agrees with its type rule. */
class PrimitiveCoverageTest {
  /** All families' specs; a new family adds its list here. */
  static List<Spec> allSpecs() {
    List<Spec> all = new ArrayList<>();
    all.addAll(CoreSpecs.specs());
    all.addAll(ElementwiseSpecs.specs());
    all.addAll(StructuralSpecs.specs());
    all.addAll(IndexingSpecs.specs());
    all.addAll(ReductionSpecs.specs());
    all.addAll(LinalgSpecs.specs());
    all.addAll(HigherOrderSpecs.specs());
    all.addAll(CollectiveSpecs.specs());
    return all;
  }

  private static void leaves(Class<?> c, Set<Class<?>> out) {
    if (c.isInterface()) { for (Class<?> s : c.getPermittedSubclasses()) leaves(s, out); }
    else out.add(c);
  }

  @Test void everyPrimitiveHasASpec() {
    Set<Class<?>> records = new HashSet<>();
    leaves(Primitive.class, records);
    Set<Class<?>> covered = new HashSet<>();
    for (Spec s : allSpecs()) covered.add(s.prim().getClass());
    Set<Class<?>> missing = new HashSet<>(records);
    missing.removeAll(covered);
    assertTrue(missing.isEmpty(), "primitives without a spec: " + missing);
  }

  @Test void everyOpTableRowHasASpec() {
    Set<Object> rows = new HashSet<>();
    for (Spec s : allSpecs()) {
      for (var comp : s.prim().getClass().getRecordComponents()) {
        try {
          Object v = comp.getAccessor().invoke(s.prim());
          if (v instanceof Enum<?> e) rows.add(e);
        } catch (ReflectiveOperationException e) { throw new AssertionError(e); }
      }
    }
    Set<Class<?>> records = new HashSet<>();
    leaves(Primitive.class, records);
    for (Class<?> r : records) {
      for (var comp : r.getRecordComponents()) {
        if (comp.getType().isEnum() && comp.getType().getPackageName().equals(Primitive.class.getPackageName())) {
          for (Object row : comp.getType().getEnumConstants())
            assertTrue(rows.contains(row), r.getSimpleName() + ": op table row " + row + " has no spec");
        }
      }
    }
  }

  @Test void evalAgreesWithTheTypeRule() {
    ScopedValue.where(DebugPrint.SINK, line -> {}).run(() -> allSpecs().forEach(PrimitiveCoverageTest::evalAgrees));   // debug_print prints nowhere
  }

  private static void evalAgrees(Spec s) {
    Vector<ShapedType> in = Vector.ofAll(s.args()).map(a -> ShapedType.of(a.dtype(), a.shape()));
    Vector<ShapedType> types = s.prim().outTypes(in);
    if (s.prim() instanceof Collective c) {   // no group outside a vmap binding the axis: the kernel says so
      var e = assertThrows(UnboundAxisError.class, () -> c.impl(Vector.ofAll(s.args())), c.toString());
      assertTrue(e.getMessage().startsWith(c.name() + ": axis name '" + c.axisName() + "' is not bound"), e.getMessage());
      return;
    }
    Vector<NdArray> outs = s.prim().impl(Vector.ofAll(s.args()));
    assertEquals(types.size(), outs.size(), s.prim().toString());
    for (int i = 0; i < outs.size(); i++) {
      assertEquals(types.get(i).shape(), outs.get(i).shape(), s.prim() + " result shape");
      assertEquals(types.get(i).dtype(), outs.get(i).dtype(), s.prim() + " result dtype");
    }
  }
}
