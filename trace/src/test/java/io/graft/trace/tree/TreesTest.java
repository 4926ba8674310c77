package io.graft.trace.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class TreesTest {
  record L(int id) implements Leaf {
    @Override public Value value() { return Const.of(NdArray.zeros(io.graft.numerics.DType.F32, Shape.of(id))); }
  }

  record Params(L w, L b) {}

  record Model(Params layer1, Vector<Params> rest, Option<L> extra) {}

  @Test void roundTripsEveryBuiltinContainer() {
    Object tree = Tuple.of(new Model(new Params(new L(1), new L(2)), Vector.of(new Params(new L(3), new L(4))), Option.of(new L(5))),
        List.of(new L(6)), HashMap.of("b", new L(8), "a", new L(7)), null, java.util.List.of(new L(9)),
        java.util.Map.of("k", new L(10)), Option.none());
    Trees.Flat flat = Trees.flatten(tree);
    assertEquals(10, flat.leaves().size());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), flat.leaves().map(l -> ((L) l).id()).toList());
    Object back = Trees.unflatten(flat.def(), flat.leaves());
    assertEquals(tree, back);
    assertEquals(flat.def(), Trees.flatten(back).def());
  }

  @Test void structuresCompareByShapeOfTree() {
    TreeDef a = Trees.flatten(new Params(new L(1), new L(2))).def();
    TreeDef b = Trees.flatten(new Params(new L(3), new L(4))).def();
    TreeDef c = Trees.flatten(Tuple.of(new L(3), new L(4))).def();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
    assertEquals("Params(*, *)", a.toString());
  }

  @Test void mapKeepsStructure() {
    Object out = Trees.map(new Params(new L(1), new L(2)), l -> new L(((L) l).id() * 10));
    assertEquals(new Params(new L(10), new L(20)), out);
  }

  @Test void nullIsAnEmptyNode() {
    Trees.Flat flat = Trees.flatten(new Params(new L(1), null));
    assertEquals(1, flat.leaves().size());
    assertNull(((Params) Trees.unflatten(flat.def(), flat.leaves())).b());
  }

  @Test void unknownTypesAndWrongLeafCountsAreClearErrors() {
    var e = assertThrows(NotATreeError.class, () -> Trees.flatten(Tuple.of(new L(1), "text")));
    assertTrue(e.getMessage().contains("tree[1] is a java.lang.String"), e.getMessage());
    TreeDef def = Trees.flatten(Tuple.of(new L(1), new L(2))).def();
    assertThrows(NotATreeError.class, () -> Trees.unflatten(def, Vector.of(new L(1))));
  }

  record Config(L w, Object lr) {}

  @Test void notATreePrintsThePathOnceAndSaysHowToKeepAValue() {
    var e = assertThrows(NotATreeError.class, () -> Trees.flatten(Tuple.of(new Config(new L(1), new java.io.File("adam")))));
    String m = e.getMessage();
    assertTrue(m.contains("not a pytree: tree[0].lr is a java.io.File;"), m);
    assertTrue(m.contains("@StaticField"), m);
    assertTrue(!m.contains("treetree"), m);
    assertTrue(m.contains("wrap it in Static.of(value)"), m);
    var top = assertThrows(NotATreeError.class, () -> Trees.flatten("adam"));
    assertTrue(top.getMessage().contains("not a pytree: tree is a java.lang.String;"), top.getMessage());
  }

  /** The paths named from a structure alone equal the paths named from the tree, for every builtin container. */
  @Test void pathsFromTheStructureEqualPathsFromTheTree() {
    java.util.function.UnaryOperator<L> id = x -> x;
    Object tree = Tuple.of(Tuple.of(new Model(new Params(new L(1), new L(2)), Vector.of(new Params(new L(3), new L(4))), Option.of(new L(5))),
        List.of(new L(6)), HashMap.of("b", new L(8), "a", new L(7)), null, java.util.List.of(new L(9)),
        java.util.Map.of("k", new L(10)), Option.none()), new Layer(new L(11), 0.5, 3, "d", Kind.RELU, id, 7L, new L(12)),
        new Masked(new L(13), new L(14)));
    Vector<String> fromTree = Trees.paths(tree);
    assertEquals(13, fromTree.size());
    assertTrue(fromTree.contains("[0][2]['a']") && fromTree.contains("[0][0].rest[0].b") && fromTree.contains("[0][5]['k']")
        && fromTree.contains("[1].b") && fromTree.contains("[2].w"), fromTree.toString());
    assertEquals(fromTree, Trees.paths(Trees.flatten(tree).def()));
  }

  enum Kind { RELU, TANH }

  record Layer(L w, double scale, int units, String name, Kind kind, java.util.function.UnaryOperator<L> fn, Object extra, L b) {}

  @Test void recordComponentsThatAreNotArraysAreStaticPartsOfTheStructure() {
    java.util.function.UnaryOperator<L> id = x -> x;
    Layer a = new Layer(new L(1), 0.5, 3, "dense", Kind.RELU, id, 7L, new L(2));
    Trees.Flat flat = Trees.flatten(a);
    assertEquals(List.of(1, 2), flat.leaves().map(l -> ((L) l).id()).toList());
    assertEquals(Vector.of(".w", ".b"), Trees.paths(a));
    assertEquals(a, Trees.unflatten(flat.def(), Vector.of(new L(1), new L(2))));
    assertTrue(flat.def().toString().startsWith("Layer(*, *; scale=0.5, units=3, name=dense, kind=RELU, fn="), flat.def().toString());
    // equal statics: equal structures (a cache hit); any static differing: another structure
    assertEquals(flat.def(), Trees.flatten(new Layer(new L(5), 0.5, 3, "dense", Kind.RELU, id, 7L, new L(6))).def());
    assertNotEquals(flat.def(), Trees.flatten(new Layer(new L(1), 0.25, 3, "dense", Kind.RELU, id, 7L, new L(2))).def());
    assertNotEquals(flat.def(), Trees.flatten(new Layer(new L(1), 0.5, 3, "dense", Kind.TANH, id, 7L, new L(2))).def());
    assertNotEquals(flat.def(), Trees.flatten(new Layer(new L(1), 0.5, 3, "dense", Kind.RELU, id, 8L, new L(2))).def());
    // a generic (Object) component is static when its value is a number or string, a child when it is a leaf
    Trees.Flat withLeaf = Trees.flatten(new Layer(new L(1), 0.5, 3, "dense", Kind.RELU, id, new L(9), new L(2)));
    assertEquals(List.of(1, 9, 2), withLeaf.leaves().map(l -> ((L) l).id()).toList());
    Object mapped = Trees.map(a, l -> new L(((L) l).id() * 10));
    assertEquals(new Layer(new L(10), 0.5, 3, "dense", Kind.RELU, id, 7L, new L(20)), mapped);
  }

  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
  @StaticMarker
  @interface Frozen {}

  record Masked(L w, @Frozen L mask) {}

  @Test void aMarkedAnnotationMakesALeafComponentStatic() {
    L mask = new L(4);
    Masked m = new Masked(new L(1), mask);
    Trees.Flat flat = Trees.flatten(m);
    assertEquals(1, flat.leaves().size());
    assertEquals(Vector.of(".w"), Trees.paths(m));
    Masked back = (Masked) Trees.unflatten(flat.def(), Vector.of(new L(3)));
    assertEquals(new Masked(new L(3), mask), back);
  }

  static final class Pair {
    final L left;
    final L right;

    Pair(L left, L right) { this.left = left; this.right = right; }

    @Override public boolean equals(Object o) { return o instanceof Pair p && p.left.equals(left) && p.right.equals(right); }

    @Override public int hashCode() { return left.hashCode() * 31 + right.hashCode(); }
  }

  @Test void userTypesRegister() {
    Trees.register(Trees.nodeType("Pair", Pair.class,
        p -> new Tuple2<>(Vector.of(p.left, p.right), "pair"),
        (aux, kids) -> new Pair((L) kids.get(0), (L) kids.get(1))));
    Pair p = new Pair(new L(1), new L(2));
    Trees.Flat flat = Trees.flatten(p);
    assertEquals(2, flat.leaves().size());
    assertEquals(p, Trees.unflatten(flat.def(), flat.leaves()));
  }

  record S(String v) implements StaticLeaf {}

  @Test void staticLeavesArePartOfTheStructureAndComeBackUnchanged() {
    S s = new S("relu");
    Trees.Flat flat = Trees.flatten(Tuple.of(new L(1), s));
    assertEquals(1, flat.leaves().size());
    assertTrue(flat.def().toString().endsWith("(*, S[v=relu])"), flat.def().toString());
    assertEquals(flat.def(), Trees.flatten(Tuple.of(new L(2), new S("relu"))).def());
    assertNotEquals(flat.def(), Trees.flatten(Tuple.of(new L(1), new S("tanh"))).def());
    assertTrue(((Tuple2<?, ?>) Trees.unflatten(flat.def(), flat.leaves()))._2 == s);
  }
}
