package io.graft.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.Unary;
import io.graft.trace.prim.UnaryOp;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

class GraphTest {
  private static final ShapedType F3 = ShapedType.of(DType.F32, 3);

  @Test void namesFollowJax() {
    assertEquals("a", GraphPrinter.name(0));
    assertEquals("z", GraphPrinter.name(25));
    assertEquals("ba", GraphPrinter.name(26));
    assertEquals("bb", GraphPrinter.name(27));
  }

  @Test void longGraphsPrintOneEquationPerLine() {
    GraphBuilder.Traced t = GraphBuilder.trace("makeGraph", "f", Vector.of(F3), xs -> {
      Value v = xs.head();
      for (int i = 0; i < 6; i++) v = Bind.bind1(new Unary(UnaryOp.SIN), v);
      return Vector.of(v);
    });
    assertEquals("""
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = sin b
            d:f32[3] = sin c
            e:f32[3] = sin d
            f:f32[3] = sin e
            g:f32[3] = sin f
          in (g) }""", t.graph().toString());
  }

  @Test void checkerAcceptsTracedGraphsAndRejectsBrokenOnes() {
    Graph g = GraphBuilder.trace("makeGraph", "f", Vector.of(F3, F3),
        xs -> Vector.of(Bind.bind1(new Binary(BinaryOp.ADD), xs.get(0), xs.get(1)))).graph();
    Graphs.check(g);
    Var a = g.in().get(0);
    Var bad = Var.fresh(ShapedType.of(DType.F32, 4));
    Graph wrongType = new Graph(g.constVars(), g.consts(), g.in(),
        Vector.of(new Eqn(new Binary(BinaryOp.ADD), Vector.of(a, a), Vector.of(bad))), Vector.of(bad));
    var e = assertThrows(IllegalStateException.class, () -> Graphs.check(wrongType));
    assertTrue(e.getMessage().contains("records f32[4] but its rule gives f32[3]"), e.getMessage());
    Var undefined = Var.fresh(F3);
    Graph useBeforeDef = new Graph(g.constVars(), g.consts(), g.in(), Vector.empty(), Vector.of(undefined));
    assertThrows(IllegalStateException.class, () -> Graphs.check(useBeforeDef));
    Graph twice = new Graph(g.constVars(), g.consts(), Vector.of(a, a), Vector.empty(), Vector.of(a));
    assertThrows(IllegalStateException.class, () -> Graphs.check(twice));
  }

  @Test void evalRunsEagerlyAndChecksArguments() {
    Graph g = GraphBuilder.trace("makeGraph", "f", Vector.of(F3),
        xs -> Vector.of(Bind.bind1(new Binary(BinaryOp.MUL), xs.get(0), xs.get(0)))).graph();
    Value out = g.eval(Vector.of(Const.of(NdArray.wrap(Shape.of(3), new float[] {1, 2, 3})))).head();
    assertEquals("[1. 4. 9.]", ((Const) out).array().toString());
    assertThrows(io.graft.numerics.ShapeError.class, () -> g.eval(Vector.of(Const.of(NdArray.zeros(DType.F32, Shape.of(4))))));
    assertThrows(io.graft.numerics.ShapeError.class, () -> g.eval(Vector.empty()));
  }

  @Test void varIdsAreGloballyUnique() {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) assertTrue(ids.add(Var.fresh(F3).id()));
  }

  @Test void nestedTracesHoistOuterTracersAsParameters() {
    GraphBuilder.Traced outer = GraphBuilder.trace("outer", "f", Vector.of(F3), xs -> {
      GraphBuilder.Traced inner = GraphBuilder.trace("inner", "g", Vector.of(F3),
          ys -> Vector.of(Bind.bind1(new Binary(BinaryOp.ADD), ys.get(0), xs.get(0))));
      assertEquals(1, inner.outerArgs().size());
      assertEquals("{ lambda ; a:f32[3] b:f32[3]. let c:f32[3] = add b a in (c) }", inner.graph().toString());
      return Vector.of(inner.graph().eval(inner.outerArgs().append(xs.get(0))).head());
    });
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = add a a in (b) }", outer.graph().toString());
  }
}
