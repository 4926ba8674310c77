package io.graft.trace.tree;

import io.vavr.collection.Vector;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Records as pytree nodes, in the manner of Equinox modules: array-valued components (and nested containers) are
 * children; components that are not arrays are <em>static</em>: kept in the node's auxiliary data, so they belong
 * to the structure and every cache keyed by it (jit's) compares them with {@code equals}.
 *
 * <p>A component is static when
 * <ul>
 *   <li>it carries an annotation marked {@link StaticMarker} ({@code @StaticField}, which can make even an
 *       {@code Array} component static), or</li>
 *   <li>its declared type is a primitive, a boxed primitive, a {@link CharSequence}, an enum, a {@link Class} or a
 *       functional interface ({@code @FunctionalInterface}: an activation function), or</li>
 *   <li>its value is a {@link Number}, {@link Boolean}, {@link Character}, {@link CharSequence} or enum constant (a
 *       component declared {@code Object} or with a type variable).</li>
 * </ul>
 * Everything else must be a pytree (an array, a container, {@code null}).
 * <pre>{@code
 * record Dense(Array w, Array b, double scale, ArrayFn activation) {}
 * // flattens to leaves [w, b] and the structure Dense(*, *; scale=0.5, activation=...)
 * }</pre>
 */
final class RecordNodes {
  private RecordNodes() {}

  /** A dynamic position in {@link Aux#statics}: the component is a child. */
  enum Slot { CHILD; @Override public String toString() { return "*"; } }

  /**
   * A record node's auxiliary data: its class and component names, and per component its static value or
   * {@link Slot#CHILD}. Value equality, so two records with equal static values have equal structures.
   *
   * @param type    the record class's name with its component names
   * @param names   the component names
   * @param statics per component, the static value or {@link Slot#CHILD}
   */
  record Aux(String type, Vector<String> names, Vector<Object> statics) {
    /** True if some component is static. */
    boolean hasStatics() { return statics.exists(s -> s != Slot.CHILD); }

    /** The static components as {@code name=value}. */
    String describeStatics() {
      return Vector.range(0, names.size()).filter(i -> statics.get(i) != Slot.CHILD)
          .map(i -> names.get(i) + "=" + statics.get(i)).mkString(", ");
    }

    /** The names of the child components, in order. */
    Vector<String> childNames() { return Vector.range(0, names.size()).filter(i -> statics.get(i) == Slot.CHILD).map(names::get); }
  }

  /** The node type of record class {@code c}. */
  static NodeType<?> of(Class<?> c) {
    RecordComponent[] comps = c.getRecordComponents();
    int n = comps.length;
    MethodHandle[] getters = new MethodHandle[n];
    Class<?>[] types = new Class<?>[n];
    boolean[] declaredStatic = new boolean[n];
    try {
      for (int i = 0; i < n; i++) {
        comps[i].getAccessor().setAccessible(true);
        getters[i] = MethodHandles.lookup().unreflect(comps[i].getAccessor());
        types[i] = comps[i].getType();
        declaredStatic[i] = marked(comps[i]) || staticType(types[i]);
      }
      var ctor = c.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      MethodHandle make = MethodHandles.lookup().unreflectConstructor(ctor).asSpreader(Object[].class, n);
      Vector<String> names = Vector.of(comps).map(RecordComponent::getName);
      String type = c.getName() + names.mkString("(", ",", ")");
      // Most records (all components arrays or containers) have no component that can be static: their aux is one
      // constant and their children need no per-value check, as flattening runs on every jit call.
      boolean someStatic = false;
      for (int i = 0; i < n; i++) someStatic |= declaredStatic[i] || mayHoldStaticValue(types[i]);
      Aux allChildren = new Aux(type, names, Vector.fill(n, () -> Slot.CHILD));
      boolean anyStatic = someStatic;
      @SuppressWarnings("unchecked") Class<Object> cls = (Class<Object>) c;
      return new NodeType<>(c.getSimpleName(), cls,
          r -> {   // built from an array: every jitted call flattens its arguments, and Vector.append is a trie append
            Object[] kids = new Object[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
              Object v = invoke(getters[i], r);
              if (!anyStatic || !isStatic(declaredStatic[i], v)) kids[k++] = v;
            }
            return Vector.ofAll(Arrays.asList(kids).subList(0, k));
          },
          r -> {
            if (!anyStatic) return allChildren;
            Object[] statics = new Object[n];
            for (int i = 0; i < n; i++) {
              Object v = invoke(getters[i], r);
              statics[i] = isStatic(declaredStatic[i], v) ? v : Slot.CHILD;
            }
            return new Aux(type, names, Vector.ofAll(Arrays.asList(statics)));
          },
          (a, kids) -> {
            Aux aux = (Aux) a;
            Object[] args = new Object[n];
            int k = 0;
            for (int i = 0; i < n; i++) args[i] = aux.statics().get(i) == Slot.CHILD ? kids.get(k++) : aux.statics().get(i);
            return invokeSpread(make, args);
          });
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
    Module trace = RecordNodes.class.getModule();
    String reader = trace.isNamed() ? trace.getName() : "the unnamed module";
    String module = c.getModule().isNamed() ? "module " + c.getModule().getName() : "its module";
    return "record " + c.getName() + " cannot be used as a pytree: " + module + " does not open package "
        + c.getPackageName() + " to " + reader + ", which reads a record's components and calls its canonical "
        + "constructor by reflection; add 'opens " + c.getPackageName() + " to " + reader + ";' to the module-info.java of "
        + module;
  }

  private static boolean isStatic(boolean declared, Object value) {
    return declared || value instanceof Number || value instanceof Boolean || value instanceof Character
        || value instanceof CharSequence || value instanceof Enum<?>;
  }

  /**
   * True if a component declared {@code t} can hold a value {@link #isStatic} takes for static: {@code Object}, a
   * supertype of a boxed number, string or enum, or an interface an enum could implement (not a collection).
   */
  private static boolean mayHoldStaticValue(Class<?> t) {
    if (t.isInterface() && !Iterable.class.isAssignableFrom(t) && !java.util.Map.class.isAssignableFrom(t)
        && !Leaf.class.isAssignableFrom(t)) return true;
    return t.isAssignableFrom(Integer.class) || t.isAssignableFrom(String.class) || t.isAssignableFrom(Boolean.class)
        || t.isAssignableFrom(Character.class) || t.isAssignableFrom(Enum.class) || Number.class.isAssignableFrom(t);
  }

  private static boolean marked(RecordComponent c) {
    for (Annotation a : c.getAnnotations()) if (a.annotationType().isAnnotationPresent(StaticMarker.class)) return true;
    return false;
  }

  /** Declared types whose values are never arrays or containers. */
  private static boolean staticType(Class<?> t) {
    if (t.isPrimitive() || Number.class.isAssignableFrom(t) || t == Boolean.class || t == Character.class
        || CharSequence.class.isAssignableFrom(t) || t.isEnum() || t == Class.class) return true;
    return t.isInterface() && t.isAnnotationPresent(FunctionalInterface.class) && !Leaf.class.isAssignableFrom(t);
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
