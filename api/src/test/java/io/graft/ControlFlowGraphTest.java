package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vavr.Tuple;
import org.junit.jupiter.api.Test;

/** Golden printouts: control flow stays one equation whose sub-graphs print nested and indented, as in a jaxpr. */
class ControlFlowGraphTest {
  private static final Array X = Array.of(new double[] {1, 2, 3});

  @Test void condPrintsItsBranchesFalseFirst() {
    assertEquals("""
        { lambda ; a:f64[3]. let
            b:f64[] = reduce_sum[axes=(0,)] a
            c:bool[] = gt b 0.0:f64[]
            d:i32[] = convert_element_type[new_dtype=i32 weak_type=False] c
            e:f64[3] = cond[branches=(
              { lambda ; a:f64[3]. let b:f64[3] = cos a in (b) }
              { lambda ; a:f64[3]. let b:f64[3] = sin a in (b) }
            )] d a
          in (e) }""",
        Graft.makeGraph((Array x) -> Lax.cond(x.sum().gt(0.0), v -> v.sin(), v -> v.cos(), x)).apply(X).toString());
  }

  @Test void whilePrintsBothGraphs() {
    assertEquals("""
        { lambda ; a:f64[3]. let
            b:f64[3] = while[body_nconsts=0 cond_nconsts=0
              cond_jaxpr={ lambda ; a:f64[3]. let b:f64[] = reduce_sum[axes=(0,)] a; c:bool[] = lt b 100.0:f64[] in (c) }
              body_jaxpr={ lambda ; a:f64[3]. let b:f64[3] = mul a 2.0:f64[] in (b) }
            ] a
          in (b) }""",
        Graft.makeGraph((Array x) -> Lax.whileLoop((Array v) -> v.sum().lt(100.0), v -> v.mul(2.0), x)).apply(X).toString());
  }

  @Test void scanPrintsItsBodyOnceWhateverTheLength() {
    assertEquals("""
        { lambda ; a:f64[3]. let
            b:f64[] c:f64[3] = scan[length=3 num_consts=0 num_carry=1 reverse=false
              jaxpr={ lambda ; a:f64[] b:f64[]. let c:f64[] = add a b; d:f64[] = mul a b in (c, d) }
            ] 0.0:f64[] a
          in (b, c) }""",
        Graft.makeGraph((Array x) -> Lax.scan((Array c, Array e) -> Tuple.of(c.add(e), c.mul(e)), Array.scalar(0.0), x)).apply(X).toString());
  }

  @Test void nestedCondInsideScanIndentsAndTakesTheClosedOverSliceAsAnOperand() {
    assertEquals("""
        { lambda ; a:f64[3]. let
            b:f64[] c:f64[3] = scan[length=3 num_consts=0 num_carry=1 reverse=false
              jaxpr={ lambda ; a:f64[] b:f64[]. let
                  c:bool[] = gt b 0.0:f64[]
                  d:i32[] = convert_element_type[new_dtype=i32 weak_type=False] c
                  e:f64[] = cond[branches=(
                    { lambda ; a:f64[] b:f64[]. let in (b) }
                    { lambda ; a:f64[] b:f64[]. let c:f64[] = add b a in (c) }
                  )] d b a
                in (e, a) }
            ] 0.0:f64[] a
          in (b) }""",
        Graft.makeGraph((Array x) -> Lax.scan((Array c, Array e) -> Tuple.of(Lax.cond(e.gt(0.0), v -> v.add(e), v -> v, c), c),
            Array.scalar(0.0), x)._1).apply(X).toString());
  }
}
