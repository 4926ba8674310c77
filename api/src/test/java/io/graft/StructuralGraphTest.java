package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.trace.Graph;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Golden {@code make_jaxpr}-style printouts of structural programs, and evaluating each graph equals calling the function. */
class StructuralGraphTest {
  static Graph graph(Function<Array, Array> f, Array x) {
    Graph g = Graft.makeGraph(f).apply(x);
    assertArrayEquals(f.apply(x).toDoubleArray(), Graft.evalGraph(g, x).head().toDoubleArray(), 0, "evalGraph equals f");
    return g;
  }

  static final Array F23 = Array.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);

  @Test void transposeThenReshape() {
    assertEquals("{ lambda ; a:f32[2,3]. let b:f32[3,2] = transpose[permutation=(1, 0)] a; c:f32[6] = reshape[new_sizes=(6,)] b in (c) }",
        graph(x -> x.transpose().reshape(6), F23).toString());
  }

  @Test void identityReshapesRecordNothing() {
    assertEquals("{ lambda ; a:f32[2,3]. let in (a) }",
        graph(x -> Lax.rev(x.reshape(2, 3).transpose(0, 1).squeeze().slice(0, 2).expandDims()), F23).toString());
  }

  @Test void getIsASliceAndASqueeze() {
    assertEquals("""
        { lambda ; a:f32[2,3]. let
            b:f32[1,3] = slice[start_indices=(1, 0) limit_indices=(2, 3) strides=None] a
            c:f32[3] = squeeze[dimensions=(0,)] b
          in (c) }""", graph(x -> x.get(-1), F23).toString());
  }

  @Test void atSetIsADynamicUpdateSlice() {
    assertEquals("""
        { lambda ; a:f32[3]. let
            b:f32[1] = broadcast_in_dim[shape=(1,) broadcast_dimensions=()] 5.0:f32[]
            c:f32[3] = dynamic_update_slice a b 1:i32[]
          in (c) }""", graph(x -> x.at(1).set(5.0), Array.of(new float[] {1, 2, 3})).toString());
  }

  @Test void iotaHasNoOperands() {
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = iota[dtype=f32 shape=(3,) dimension=0]; c:f32[3] = add a b in (c) }",
        graph(x -> x.add(Lax.iota(Np.float32, 3)), Array.of(new float[] {1, 2, 3})).toString());
  }

  @Test void padAndConcatenate() {
    assertEquals("""
        { lambda ; a:i32[2]. let
            b:i32[3] = pad[padding_config=((1, 0, 0),)] a 0:i32[]
            c:i32[5] = concatenate[dimension=0] a b
          in (c) }""", graph(x -> Np.concatenate(0, x, Np.pad(x, new int[][] {{1, 0}}, 0)), Array.of(new int[] {4, 5})).toString());
  }

  @Test void dynamicSliceWithALiteralIndex() {
    assertEquals("{ lambda ; a:f32[4]. let b:f32[2] = dynamic_slice[slice_sizes=(2,)] a 1:i32[] in (b) }",
        graph(x -> Lax.dynamicSlice(x, new Array[] {Array.scalar(1L)}, new int[] {2}), Array.of(new float[] {1, 2, 3, 4})).toString());
  }

  @Test void eyeIsPaddedOnes() {
    assertEquals("""
        { lambda ; a:f32[2,2]. let
            b:f32[2] = broadcast_in_dim[shape=(2,) broadcast_dimensions=()] 1.0:f32[]
            c:f32[4] = pad[padding_config=((0, 0, 2),)] b 0.0:f32[]
            d:f32[2,2] = reshape[new_sizes=(2, 2)] c
            e:f32[2,2] = add a d
          in (e) }""", graph(x -> x.add(Np.eye(2)), Array.of(new float[] {1, 2, 3, 4}, 2, 2)).toString());
  }

  @Test void stackSplitAndRev() {   // both pieces are staged (makeGraph does no dead-code elimination, as make_jaxpr)
    assertEquals("""
        { lambda ; a:f32[2,3]. let
            b:f32[2,3] = rev[dimensions=(1,)] a
            c:f32[2,1,3] = reshape[new_sizes=(2, 1, 3)] a
            d:f32[2,1,3] = reshape[new_sizes=(2, 1, 3)] b
            e:f32[2,2,3] = concatenate[dimension=1] c d
            f:f32[2,1,3] = slice[start_indices=(0, 0, 0) limit_indices=(2, 1, 3) strides=None] e
            g:f32[2,1,3] = slice[start_indices=(0, 1, 0) limit_indices=(2, 2, 3) strides=None] e
          in (g) }""", graph(x -> Np.split(Np.stack(1, x, x.flip(-1)), 2, 1).get(1), F23).toString());
  }
}
