package io.graft.trace.tree;

import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.RecordComponent;

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
    @Override protected NodeType<?> computeValue(Class<?> c) { return recordNode(c); }
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

  private static NodeType<?> recordNode(Class<?> c) {
    RecordComponent[] comps = c.getRecordComponents();
    MethodHandle[] getters = new MethodHandle[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    StringBuilder names = new StringBuilder();
    try {
      for (int i = 0; i < comps.length; i++) {
        comps[i].getAccessor().setAccessible(true);
        getters[i] = MethodHandles.lookup().unreflect(comps[i].getAccessor());
        types[i] = comps[i].getType();
        names.append(i > 0 ? "," : "").append(comps[i].getName());
      }
      var ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      MethodHandle make = MethodHandles.lookup().unreflectConstructor(ctor).asSpreader(Object[].class, comps.length);
      String aux = c.getName() + "(" + names + ")";
      @SuppressWarnings("unchecked") Class<Object> type = (Class<Object>) c;
      return new NodeType<>(c.getSimpleName(), type,
          r -> { Vector<Object> kids = Vector.empty();
                 for (MethodHandle g : getters) kids = kids.append(invoke(g, r));
                 return kids; },
          r -> aux,
          (a, kids) -> invokeSpread(make, kids.toJavaArray()));
    } catch (InaccessibleObjectException e) {
      throw new NotATreeError(notOpened(c));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new NotATreeError("record " + c.getName() + " cannot be used as a pytree: " + e.getMessage()
          + "; make the record and its canonical constructor accessible (e.g. public, or opened to io.graft.trace)");
    }
  }

  /**
   * Why a record of a named module cannot be read: its module does not open the record's package to this module, and
   * the fix. (Records on the class path are in the unnamed module, which opens every package.)
   */
  static String notOpened(Class<?> c) {
    Module trace = BuiltinNodes.class.getModule();
    String reader = trace.isNamed() ? trace.getName() : "the unnamed module";
    String module = c.getModule().isNamed() ? "module " + c.getModule().getName() : "its module";
    return "record " + c.getName() + " cannot be used as a pytree: " + module + " does not open package "
        + c.getPackageName() + " to " + reader + ", which reads a record's components and calls its canonical "
        + "constructor by reflection; add 'opens " + c.getPackageName() + " to " + reader + ";' to the module-info.java of "
        + module;
  }

  private static Object invoke(MethodHandle g, Object r) {
    try { return g.invoke(r); } catch (Throwable t) { throw new NotATreeError("reading record component failed: " + t); }
  }

  private static Object invokeSpread(MethodHandle make, Object[] args) {
    try { return make.invoke(args); } catch (Throwable t) {
      throw new NotATreeError("rebuilding record failed: " + t + " (its canonical constructor rejected the new children)");
    }
  }
}
