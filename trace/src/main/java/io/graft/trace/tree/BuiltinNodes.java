package io.graft.trace.tree;

import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/** The node types Graft knows without registration (see {@link Trees}). */
final class BuiltinNodes {
  private BuiltinNodes() {}

  private static final NodeType<Tuple> TUPLE = new NodeType<>("Tuple", Tuple.class,
      t -> Vector.ofAll(t.toSeq()).map(o -> (Object) o), t -> t.arity(), (aux, kids) -> (Tuple) Trees.tupleOf(kids));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final NodeType<Option> OPTION = new NodeType<>("Option", Option.class,
      o -> o.isDefined() ? Vector.of(o.get()) : Vector.empty(), o -> o.isDefined(), (aux, kids) -> (Option) Trees.optionOf(kids));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final NodeType<Seq> SEQ = new NodeType<>("Seq", Seq.class,
      s -> Vector.ofAll(s), s -> s instanceof io.vavr.collection.List ? "List" : "Vector",
      (aux, kids) -> "List".equals(aux) ? io.vavr.collection.List.ofAll(kids) : kids);

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final NodeType<Map> MAP = new NodeType<>("Map", Map.class,
      m -> orderedKeys(m).map(k -> m.get(k).get()),
      m -> io.vavr.Tuple.of(m instanceof SortedMap ? "sorted" : "linked", orderedKeys(m)),
      (aux, kids) -> {
        var a = (io.vavr.Tuple2<String, Vector<Object>>) aux;
        Vector<io.vavr.Tuple2<Object, Object>> entries = a._2.zip(kids);
        return "sorted".equals(a._1) ? TreeMap.ofEntries((java.util.Comparator) java.util.Comparator.naturalOrder(), entries)
            : LinkedHashMap.ofEntries(entries);
      });

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final NodeType<java.util.List> JLIST = new NodeType<>("list", java.util.List.class,
      l -> Vector.ofAll(l), l -> l.size(), (aux, kids) -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(kids.asJava())));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final NodeType<java.util.Map> JMAP = new NodeType<>("dict", java.util.Map.class,
      m -> orderedKeys(LinkedHashMap.ofAll(m)).map(m::get),
      m -> orderedKeys(LinkedHashMap.ofAll(m)),
      (aux, kids) -> {
        java.util.LinkedHashMap out = new java.util.LinkedHashMap();
        Vector<Object> keys = (Vector<Object>) aux;
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), kids.get(i));
        return java.util.Collections.unmodifiableMap(out);
      });

  /**
   * The node type of each record class, built on first use. A {@link ClassValue} stores it on the class itself, so it
   * lives exactly as long as the class (part of the pytree-type registry; no map of classes that keeps them loaded).
   */
  private static final ClassValue<NodeType<?>> RECORDS = new ClassValue<>() {
    @Override protected NodeType<?> computeValue(Class<?> c) { return RecordNodes.of(c); }
  };

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Vector<Object> orderedKeys(Map m) {
    Vector<Object> keys = Vector.ofAll(m.keySet());
    if (m instanceof SortedMap || keys.forAll(k -> k instanceof Comparable))
      return keys.sorted((a, b) -> ((Comparable) a).compareTo(b));
    return keys;
  }

  static NodeType<?> forClass(Class<?> c) {
    if (Tuple.class.isAssignableFrom(c)) return TUPLE;
    if (Option.class.isAssignableFrom(c)) return OPTION;
    if (Map.class.isAssignableFrom(c)) return MAP;
    if (Seq.class.isAssignableFrom(c)) return SEQ;
    if (java.util.List.class.isAssignableFrom(c)) return JLIST;
    if (java.util.Map.class.isAssignableFrom(c)) return JMAP;
    if (c.isRecord()) return RECORDS.get(c);
    return null;
  }
}
