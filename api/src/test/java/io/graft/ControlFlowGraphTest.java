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

  @Test void gradOfAScanIsAForwardScanStackingResidualsAndAReverseScan() {
    Array w = Array.of(new double[] {0.5, -0.2, 0.1, 0.3}, 2, 2), xs = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    String g = Graft.makeGraph((Array u) -> Graft.grad((Array v) -> Lax.scan((Array h, Array x) -> {
      Array h2 = h.matmul(v).add(x).tanh();
      return Tuple.of(h2, h2.sum());
    }, Array.of(new double[] {0.1, 0.2}), xs)._2.sum()).apply(u)).apply(w).toString();
    // the forward scan stacks two residuals per step (h, 1 - tanh^2); the backward scan runs in reverse, carrying the
    // cotangent of h and the running sum of w's cotangent: nothing is unrolled
    assertEquals("""
        { lambda a:f64[2] b:f64[3,2] ; c:f64[2,2]. let
            d:f64[2] e:f64[3] f:f64[3,2] g:f64[3,2] = scan[length=3 num_consts=1 num_carry=1 reverse=false
              jaxpr={ lambda ; a:f64[2,2] b:f64[2] c:f64[2]. let
                  d:f64[2] = dot_general[dimension_numbers=(([0], [0]), ([], [])) preferred_element_type=f64] b a
                  e:f64[2] = add d c
                  f:f64[2] = tanh e
                  g:f64[2] = square f
                  h:f64[2] = sub 1.0:f64[] g
                  i:f64[] = reduce_sum[axes=(0,)] f
                in (f, i, b, h) }
            ] c a b
            h:f64[2] = broadcast_in_dim[shape=(2,) broadcast_dimensions=()] 0.0:f64[]
            i:f64[] = reduce_sum[axes=(0,)] e
            j:f64[3] = broadcast_in_dim[shape=(3,) broadcast_dimensions=()] 1.0:f64[]
            k:f64[2,2] = broadcast_in_dim[shape=(2, 2) broadcast_dimensions=()] 0.0:f64[]
            l:f64[2] = broadcast_in_dim[shape=(2,) broadcast_dimensions=()] 0.0:f64[]
            m:f64[2,2] n:f64[2] = scan[length=3 num_consts=1 num_carry=2 reverse=true
              jaxpr={ lambda ; a:f64[2,2] b:f64[2,2] c:f64[2] d:f64[2] e:f64[2] f:f64[]. let
                  g:f64[2] = broadcast_in_dim[shape=(2,) broadcast_dimensions=()] f
                  h:f64[2] = add c g
                  i:f64[2] = mul h e
                  j:f64[2,2] = dot_general[dimension_numbers=(([], []), ([], [])) preferred_element_type=f64] i d
                  k:f64[2,2] = transpose[permutation=(1, 0)] j
                  l:f64[2] = dot_general[dimension_numbers=(([0], [1]), ([], [])) preferred_element_type=f64] i a
                  m:f64[2,2] = add b k
                in (m, l) }
            ] c k l f g j
          in (m) }""", g);
  }
}
