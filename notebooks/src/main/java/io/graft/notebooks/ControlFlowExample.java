package io.graft.notebooks;

import io.graft.*;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.function.Function;

/** The README's control-flow example (NotebooksTest runs it and checks the README shows it verbatim). */
public class ControlFlowExample {
  record Rnn(Array w, Array u, Array b) {}

  // a tanh RNN over a sequence by Lax.scan: one scan equation in the graph, however long the sequence
  static Array loss(Rnn p, Array xs, Array h0) {
    Tuple2<Array, Array> r = Lax.scan((Array h, Array x) -> {
      Array next = x.matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      return Tuple.of(next, next.sum());                  // (new carry, this step's output)
    }, h0, xs);
    return r._2.sum();                                    // the outputs, stacked over the steps
  }

  public static void main(String[] args) {
    Array xs = Np.linspace(-1, 1, 50 * 4 * 8).reshape(50, 4, 8);   // 50 steps, batch 4, 8 inputs
    Rnn p = new Rnn(Np.eye(8).mul(0.5), Np.eye(8).mul(0.9), Np.zeros(8));
    Function<Rnn, Rnn> grad = Graft.jit(Graft.grad((Rnn q) -> loss(q, xs, Np.zeros(4, 8))));
    System.out.println(grad.apply(p).u());                          // reverse mode runs the scan backwards
    System.out.println(Lax.whileLoop(x -> x.lt(100.0), x -> x.mul(2.0), Array.scalar(3f)));   // 192.0
  }
}
