package io.graft.benchmarks.peers;

import io.graft.benchmarks.AverageTimeWorkload;
import io.graft.benchmarks.Inputs;
import org.openjdk.jmh.annotations.*;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Peer (profile {@code jvm-peers} only): TensorFlow-Java 1.1.0, CPU, W1 (matmul n = 1024) and W2 (sum(tanh(x)*y +
 * exp(-x*x)), N = 2^22) as TensorFlow graphs run by a {@link Session} (TensorFlow's own graph runtime: Grappler
 * optimises the graph once per session). Inputs are fed as placeholders, so nothing is constant-folded, and are the
 * same numbers as Graft's ({@link Inputs}, same seeds). Figure: ms per {@code Session.run}, its result read back.
 */
public class TensorFlowPeer extends AverageTimeWorkload {
  static final int N1 = 1024, N2 = 1 << 22;

  private Graph graph;
  private Session session;
  private Placeholder<TFloat32> a, b, x, y;
  private Operand<TFloat32> c, s;
  private TFloat32 ta, tb, tx, ty;

  @Setup public void setup() {
    graph = new Graph();
    Ops tf = Ops.create(graph);
    a = tf.placeholder(TFloat32.class);
    b = tf.placeholder(TFloat32.class);
    c = tf.linalg.matMul(a, b);
    x = tf.placeholder(TFloat32.class);
    y = tf.placeholder(TFloat32.class);
    s = tf.sum(tf.math.add(tf.math.mul(tf.math.tanh(x), y), tf.math.exp(tf.math.neg(tf.math.mul(x, x)))),
        tf.constant(new int[] {0}));
    session = new Session(graph);
    ta = TFloat32.tensorOf(Shape.of(N1, N1), DataBuffers.of(Inputs.uniformFloats(1, N1 * N1, -1, 1)));
    tb = TFloat32.tensorOf(Shape.of(N1, N1), DataBuffers.of(Inputs.uniformFloats(2, N1 * N1, -1, 1)));
    tx = TFloat32.tensorOf(Shape.of(N2), DataBuffers.of(Inputs.uniformFloats(3, N2, -1, 1)));
    ty = TFloat32.tensorOf(Shape.of(N2), DataBuffers.of(Inputs.uniformFloats(4, N2, -1, 1)));
  }

  @TearDown public void tearDown() {
    for (TFloat32 t : new TFloat32[] {ta, tb, tx, ty}) t.close();
    session.close();
    graph.close();
  }

  /** W1 at n = 1024: C = A·B, returns C[0][0]. */
  @Benchmark public float w1MatMul1024() {
    try (Result r = session.runner().feed(a, ta).feed(b, tb).fetch(c).run()) {
      return ((TFloat32) r.get(0)).getFloat(0, 0);
    }
  }

  /** W2 at N = 2^22: the sum. */
  @Benchmark public float w2Fused() {
    try (Result r = session.runner().feed(x, tx).feed(y, ty).fetch(s).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
