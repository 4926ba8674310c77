package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.ConcretizationError;
import io.graft.trace.TransformError;
import io.vavr.Tuple;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Errors name the transform and the user's call site, and say what is wrong and how to fix it. */
class ErrorReportingTest {
  private static final Array X = Array.of(new float[] {0.5f, -1f, 2f});
  private static final Array V4 = Array.of(new float[] {1, 2, 3, 4});

  /** The caller's line (where a Graft call under test sits, or the line before it, then {@code here() + 1}). */
  private static int here() { return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow()).getLineNumber(); }

  private static String site(int line) { return "(fn @ ErrorReportingTest.java:" + line + "): "; }

  // ---------------------------------------------------------------- customVjp cotangent types

  record Params(Array w, Array b) {}

  @Test void customVjpRejectsABackwardPassThatChangesTheDtype() {
    int line = here() + 1;
    Function<Array, Array> f = Graft.customVjp(x -> x.sin(), x -> Tuple.of(x.sin(), x.cos()),
        (Array cos, Array ct) -> ct.mul(cos).astype(Np.float64));
    var e = assertThrows(DTypeError.class, () -> Graft.grad((Array x) -> f.apply(x).sum()).apply(X));
    String m = e.getMessage();
    assertTrue(m.startsWith("customVjp" + site(line) + "bwd's cotangent for argument (leaf 0) is f64[3], but the argument is f32[3];"), m);
    assertTrue(m.contains("cast it with astype(Np.float32)"), m);
  }

  @Test void customVjpNamesThePytreePathOfABadCotangentAndChecksShapes() {
    Function<Params, Array> f = Graft.customVjp((Params p) -> p.w().mul(p.b()), p -> Tuple.of(p.w().mul(p.b()), p),
        (Params p, Array ct) -> new Params(ct.mul(p.b()), ct.mul(p.w()).sum()));
    Params p = new Params(X, X.mul(2.0));
    var e = assertThrows(ShapeError.class, () -> Graft.grad((Params q) -> f.apply(q).sum()).apply(p));
    assertTrue(e.getMessage().contains("bwd's cotangent for argument.b (leaf 1) is f32[], but the argument is f32[3]; "
        + "a cotangent must have its argument's shape"), e.getMessage());
  }

  @Test void customVjpWithMatchingCotangentsStillWorks() {
    Function<Array, Array> f = Graft.customVjp(x -> x.sin(), x -> Tuple.of(x.sin(), x.cos()), (Array cos, Array ct) -> ct.mul(cos));
    Array g = Graft.grad((Array x) -> f.apply(x).sum()).apply(X);
    assertEquals(Np.float32, g.dtype());
    assertArrayEquals(X.cos().toFloatArray(), g.toFloatArray(), 1e-6f);
  }

  // ---------------------------------------------------------------- functions returning null

  @Test void everyTransformSaysTheFunctionReturnedNull() {
    record Case(String transform, int line, Executable run) {}
    List<Case> cases = List.of(
        new Case("grad", here(), () -> Graft.grad((Array a) -> null).apply(X)),
        new Case("valueAndGrad", here(), () -> Graft.valueAndGrad((Array a) -> null).apply(X)),
        new Case("vjp", here(), () -> Graft.vjp((Array a) -> null, X)),
        new Case("jvp", here(), () -> Graft.jvp((Array a) -> null, X, X)),
        new Case("linearize", here(), () -> Graft.linearize((Array a) -> null, X)),
        new Case("vmap", here(), () -> Graft.vmap((Array a) -> null).apply(X)),
        new Case("jit", here(), () -> Graft.jit((Array a) -> null).apply(X)),
        new Case("jit", here(), () -> Graft.jit((Function<Array, Array>) a -> null).apply(X)),
        new Case("jacfwd", here(), () -> Graft.jacfwd((Array a) -> null).apply(X)),
        new Case("jacrev", here(), () -> Graft.jacrev((Array a) -> null).apply(X)),
        new Case("hessian", here(), () -> Graft.hessian((Array a) -> null).apply(X)),
        new Case("makeGraph", here(), () -> Graft.makeGraph((Array a) -> null).apply(X)),
        new Case("checkpoint", here(), () -> Graft.checkpoint((Array a) -> null).apply(X)),
        new Case("customJvp", here(), () -> Graft.customJvp((Array a) -> null, (a, t) -> Tuple.of(a, t)).apply(X)),
        new Case("customVjp", here(), () -> Graft.customVjp((Array a) -> null, a -> Tuple.of(a, a), (Array r, Array c) -> c).apply(X)));
    for (Case c : cases) {
      var e = assertThrows(TransformError.class, c.run(), c.transform());
      assertTrue(e.getMessage().startsWith(c.transform() + site(c.line()) + "the function returned null; return an Array"),
          e.getMessage());
    }
  }

  @Test void aNullInsideTheResultIsReportedWithItsPath() {
    int line = here() + 1;
    var e = assertThrows(TransformError.class, () -> Graft.jit((Array a) -> new Params(a, null)).apply(X));
    assertTrue(e.getMessage().startsWith("jit" + site(line) + "the function returned null at .b of its result;"), e.getMessage());
    var v = assertThrows(TransformError.class, () -> Graft.vjp((Array a) -> Tuple.of(a.sin(), null), X));
    assertTrue(v.getMessage().contains("the function returned null at [1] of its result; "), v.getMessage());
  }

  @Test void nullsFromCustomRulesAreReported() {
    Function<Array, Array> f = Graft.customVjp(x -> x.sin(), x -> Tuple.of(x.sin(), x.cos()), (Array cos, Array ct) -> null);
    var e = assertThrows(TransformError.class, () -> Graft.grad((Array x) -> f.apply(x).sum()).apply(X));
    assertTrue(e.getMessage().contains("bwd returned null;"), e.getMessage());
    Function<Array, Array> g = Graft.customVjp(x -> x.sin(), x -> null, (Array cos, Array ct) -> ct);
    var e2 = assertThrows(TransformError.class, () -> Graft.grad((Array x) -> g.apply(x).sum()).apply(X));
    assertTrue(e2.getMessage().contains("fwd returned null;"), e2.getMessage());
    Function<Array, Array> h = Graft.customJvp(x -> x.sin(), (x, t) -> null);
    var e3 = assertThrows(TransformError.class, () -> Graft.jvp(h, X, X));
    assertTrue(e3.getMessage().contains("the rule returned null;"), e3.getMessage());
  }

  // ---------------------------------------------------------------- error texts

  @Test void concretizationErrorRecommendsOnlyMethodsThatExist() {
    var e = assertThrows(ConcretizationError.class, () -> Graft.jit((Array x) -> x.sum().item().doubleValue() > 0 ? x : x.neg()).apply(X));
    String m = e.getMessage();
    assertTrue(m.contains("Lax.cond(") && m.contains("Lax.whileLoop(") && m.contains("Lax.scan("), m);
    Matcher named = Pattern.compile("\\b(Np|Lax|Graft)\\.([a-zA-Z]+)\\(").matcher(m);
    int found = 0;
    while (named.find()) {
      Class<?> owner = switch (named.group(1)) { case "Np" -> Np.class; case "Lax" -> Lax.class; default -> Graft.class; };
      String name = named.group(2);
      assertTrue(java.util.Arrays.stream(owner.getMethods())
          .anyMatch(meth -> meth.getName().equals(name) && Modifier.isStatic(meth.getModifiers())), named.group() + " in " + m);
      found++;
    }
    assertTrue(found >= 2, m);
  }

  @Test void aNonArrayFieldErrorSaysToWrapItInStatic() {
    record Config(Array w, java.nio.file.Path checkpoints) {}
    var e = assertThrows(io.graft.trace.tree.NotATreeError.class,
        () -> Graft.grad((Config c) -> c.w().sum()).apply(new Config(X, java.nio.file.Path.of("ckpt"))));
    assertTrue(e.getMessage().contains("tree.checkpoints is a "), e.getMessage());
    assertFalse(e.getMessage().contains("treetree"), e.getMessage());
    assertTrue(e.getMessage().contains("Static.of(value)"), e.getMessage());
  }

  // ---------------------------------------------------------------- op errors inside transforms

  private static void assertOpErrorIn(String transform, int line, Executable run) {
    var e = assertThrows(ShapeError.class, run, transform);
    var eager = assertThrows(ShapeError.class, () -> X.dot(V4));
    assertEquals(transform + site(line) + eager.getMessage(), e.getMessage());
    assertTrue(e.getCause() instanceof ShapeError, transform);
    assertEquals(eager.getMessage(), e.getCause().getMessage());
  }

  @Test void anOpErrorInsideATransformNamesItAndKeepsItsType() {
    assertOpErrorIn("grad", here(), () -> Graft.grad((Array x) -> x.dot(V4)).apply(X));
    assertOpErrorIn("jit", here(), () -> Graft.jit((Array x) -> x.dot(V4)).apply(X));
    assertOpErrorIn("vmap", here(), () -> Graft.vmap((Array x) -> x.dot(V4)).apply(Np.ones(2, 3)));
    assertOpErrorIn("makeGraph", here(), () -> Graft.makeGraph((Array x) -> x.dot(V4)).apply(X));
    assertOpErrorIn("hessian", here(), () -> Graft.hessian((Array x) -> x.dot(V4)).apply(X));
    assertOpErrorIn("valueAndGrad", here(), () -> Graft.valueAndGrad((Array x) -> x.dot(V4)).apply(X));
  }

  @Test void nestedTransformsEachAddTheirNameOnce() {
    int inner = here() + 1;
    JittedArrayFn model = Graft.jit((Array x) -> x.dot(V4));
    int outer = here() + 1;
    ArrayFn g = Graft.grad((Array x) -> model.apply(x).sum());
    var e = assertThrows(ShapeError.class, () -> g.apply(X));
    var eager = assertThrows(ShapeError.class, () -> X.dot(V4));
    assertEquals("grad" + site(outer) + "jit" + site(inner) + eager.getMessage(), e.getMessage());
  }

  @Test void dtypeErrorsKeepTheirTypeToo() {
    int line = here() + 1;
    var e = assertThrows(DTypeError.class, () -> Graft.jit((Array x) -> x.and(x)).apply(X));
    assertTrue(e.getMessage().startsWith("jit" + site(line)), e.getMessage());
    assertTrue(e.getCause() instanceof DTypeError);
  }

  @Test void errorsFromTheUsersOwnCodePassThroughUnchanged() {
    IllegalStateException mine = new IllegalStateException("mine");
    Supplier<Array> boom = () -> { throw mine; };
    var e = assertThrows(IllegalStateException.class, () -> Graft.grad((Array x) -> boom.get()).apply(X));
    assertSame(mine, e);
  }
}
