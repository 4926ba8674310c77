package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.ShapeError;
import io.vavr.Tuple;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Higher-order primitives keep the user's function name: in errors, and in printed graphs under every transform. */
class HigherOrderNamesTest {
  private static final Array X = Array.of(new float[] {0.5f, -1f, 2f});
  private static final Array XS = Array.of(new float[] {0.5f, -1f, 2f, 1f, 2f, 3f}, 2, 3);

  /** The caller's line. */
  private static int here() { return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow()).getLineNumber(); }

  private static String site(int line) { return "fn @ HigherOrderNamesTest.java:" + line; }

  @Test void customJvpRuleErrorsNameTheUsersFunction() {
    int line = here() + 1;
    Function<Array, Array> f = Graft.customJvp(x -> x.sin(), (x, t) -> Tuple.of(x.sin(), t.sum()));
    var e = assertThrows(ShapeError.class, () -> Graft.jvp(f, X, X));
    assertEquals("jvp(" + site(line + 1) + "): customJvp(" + site(line)
        + "): the rule's tangent results: result 0 is f32[] but the function returns f32[3]", e.getMessage());
  }

  @Test void customVjpFwdErrorsNameTheUsersFunction() {
    int line = here() + 1;
    Function<Array, Array> f = Graft.customVjp(x -> x.sin(), x -> Tuple.of(x.sin().sum(), x.cos()), (Array c, Array ct) -> ct);
    var e = assertThrows(ShapeError.class, () -> Graft.grad((Array x) -> f.apply(x).sum()).apply(X));
    assertEquals("grad(" + site(line + 1) + "): customVjp(" + site(line)
        + "): fwd's results: result 0 is f32[] but the function returns f32[3]", e.getMessage());
  }

  @Test void vmapKeepsTheCustomJvpName() {
    int line = here() + 1;
    Function<Array, Array> f = Graft.customJvp(x -> x.sin(), (x, t) -> Tuple.of(x.sin(), t.mul(x.cos())));
    String g = Graft.makeGraph(Graft.vmap(f)).apply(XS).toString();
    assertEquals("""
        { lambda ; a:f32[2,3]. let
            b:f32[2,3] = custom_jvp_call[name=%s num_consts=0 call_graph={ lambda ; a:f32[2,3]. let b:f32[2,3] = sin a in (b) }] a
          in (b) }""".formatted(site(line)), g);
  }

  @Test void vmapKeepsTheCustomVjpAndCheckpointNames() {
    int vjpLine = here() + 1;
    Function<Array, Array> f = Graft.customVjp(x -> x.sin(), x -> Tuple.of(x.sin(), x.cos()), (Array c, Array ct) -> ct.mul(c));
    int remLine = here() + 1;
    Function<Array, Array> r = Graft.checkpoint(x -> x.tanh());
    String g = Graft.makeGraph(Graft.vmap((Array x) -> r.apply(f.apply(x)))).apply(XS).toString();
    assertTrue(g.contains("custom_vjp_call[name=" + site(vjpLine) + " num_consts=0 "), g);
    assertTrue(g.contains("checkpoint[name=" + site(remLine) + " call_graph="), g);
  }

  @Test void gradAndVmapKeepTheJitName() {
    int line = here() + 1;
    JittedArrayFn j = Graft.jit(x -> x.sin().mul(x));
    assertTrue(Graft.makeGraph(Graft.vmap(j)).apply(XS).toString().contains("jit[name=" + site(line) + " call_graph="));
    assertTrue(Graft.makeGraph(Graft.grad((Array x) -> j.apply(x).sum())).apply(X).toString()
        .contains("jit[name=" + site(line) + " call_graph="));
  }
}
