package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.tree.NotATreeError;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

class TreeMapNTest {
  record Layer(Array w, Array b) {}
  record Model(Vector<Layer> layers, Array scale) {}
  record Other(Array w, Array b) {}

  private static Model model(double base) {
    return new Model(Vector.of(new Layer(Array.of(new double[] {base, base + 1}), Array.of(new double[] {base + 2})),
        new Layer(Array.of(new double[] {base + 3}), Array.of(new double[] {base + 4}))), Array.of(new double[] {base + 5}));
  }

  @Test void mapNCombinesLeavesOfManyTreesInOrder() {
    Model a = model(0), b = model(10), c = model(100), d = model(1000);
    // f sees the leaves in argument order: 1000 * a + 100 * b + 10 * c + d
    Model out = Tree.mapN(xs -> xs.get(0).mul(1000.0).add(xs.get(1).mul(100.0)).add(xs.get(2).mul(10.0)).add(xs.get(3)), a, b, c, d);
    Vector<Array> leaves = Tree.leaves(out), la = Tree.leaves(a);
    assertEquals(5, leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      double[] x = la.get(i).toDoubleArray(), got = leaves.get(i).toDoubleArray();
      for (int j = 0; j < x.length; j++) assertEquals(1000 * x[j] + 100 * (x[j] + 10) + 10 * (x[j] + 100) + (x[j] + 1000), got[j], 1e-9);
    }
    assertEquals(Tree.flatten(a)._2, Tree.flatten(out)._2);
  }

  @Test void mapNOfOneTreeIsMap() {
    Model out = Tree.mapN(xs -> xs.get(0).neg(), model(1));
    assertArrayEquals(new double[] {-1, -2}, out.layers().get(0).w().toDoubleArray(), 0);
  }

  @Test void map3AndMap2StillWork() {
    Layer a = new Layer(Array.of(new double[] {1}), Array.of(new double[] {2}));
    Layer s = Tree.map3(a, a, a, (x, y, z) -> x.add(y).mul(z));
    assertArrayEquals(new double[] {8}, s.b().toDoubleArray(), 0);
    assertArrayEquals(new double[] {2}, Tree.map2(a, a, Array::add).w().toDoubleArray(), 0);
  }

  @Test void mismatchIsATypedErrorShowingBothStructures() {
    Model a = model(0);
    Model shorter = new Model(a.layers().take(1), a.scale());
    TreeMismatchError e = assertThrows(TreeMismatchError.class, () -> Tree.mapN(xs -> xs.get(0), a, a, shorter));
    assertTrue(e.getMessage().startsWith("Tree.mapN: tree 2 has structure "), e.getMessage());
    assertTrue(e.getMessage().contains(Tree.flatten(a)._2.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Tree.flatten(shorter)._2.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'.layers[1].w' vs '.scale'"), e.getMessage());
    assertEquals(Tree.flatten(shorter)._2, e.actual());
    assertEquals(Tree.flatten(a)._2, e.expected());
    // map2 raises the same error, still a NotATreeError as before
    Object layer = new Layer(a.scale(), a.scale()), other = new Other(a.scale(), a.scale());
    NotATreeError e2 = assertThrows(TreeMismatchError.class, () -> Tree.map2(layer, other, Array::add));
    assertTrue(e2.getMessage().contains("the leaf paths agree"), e2.getMessage());
  }

  @Test void flattenWithPathNamesEveryLeaf() {
    var tree = LinkedHashMap.of("enc", model(0), "head", model(1).layers().get(0));
    Tuple2<Vector<Tuple2<String, Array>>, ?> flat = Tree.flattenWithPath(tree);
    assertEquals(Vector.of("['enc'].layers[0].w", "['enc'].layers[0].b", "['enc'].layers[1].w", "['enc'].layers[1].b",
        "['enc'].scale", "['head'].w", "['head'].b"), flat._1.map(Tuple2::_1));
    assertEquals(Tree.leaves(tree), flat._1.map(Tuple2::_2));
  }

  @Test void mapWithPathSeesPaths() {
    Model out = Tree.mapWithPath(model(1), (path, x) -> path.endsWith(".w") ? x.mul(0.0) : x);
    assertArrayEquals(new double[] {0, 0}, out.layers().get(0).w().toDoubleArray(), 0);
    assertArrayEquals(new double[] {3}, out.layers().get(0).b().toDoubleArray(), 0);
    assertArrayEquals(new double[] {6}, out.scale().toDoubleArray(), 0);
    assertEquals(Vector.of(""), Tree.flattenWithPath(Array.of(new double[] {1}))._1.map(Tuple2::_1));   // the root itself
  }
}
