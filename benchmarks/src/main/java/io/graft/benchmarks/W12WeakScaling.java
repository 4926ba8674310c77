package io.graft.benchmarks;

import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.data.Examples;
import io.graft.data.Splits;
import io.graft.dist.Distributed;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import java.util.Arrays;
import java.util.Locale;

/**
 * W12, weak scaling over MPI (run by {@code benchmarks/run_mpi.sh} under {@code mpirun -np P}, each process with
 * {@code -Dgraft.threads=1}): W10's step ({@link W10FashionMnist}: 784-256-10 MLP, Adam 1e-3) on a per-process batch
 * of 128 from the process's shard of Fashion-MNIST, data-parallel — the jitted gradient run by {@link
 * Distributed#startAllReduceMean(io.graft.Jitted2, Object, Object)} (buckets start during the backward pass; the next
 * batch is gathered meanwhile), the jitted Adam update. {@code args[0]} steps (default 200) after {@code args[1]}
 * warm-up steps (default 600); rank 0 prints the median step time and, per step, the all-reduce time on the
 * communication thread, the part the step waited for and the part overlap hid. E = T(1) / T(P) for the same
 * per-process batch; the parameters are checked equal across ranks at the end.
 *
 * <p><b>Why 600 warm-up steps.</b> With one core per process the JIT compilers and the collector share the core with
 * the step, so the step is not steady until C2 has compiled the generated kernels. Measured on the 2-core machine
 * (2026-12-05 22:10 UTC, {@code mpirun -np 1}, bound to a core): after 30 warm-up steps the median step was 7.9-8.0 ms
 * (gradient 1.55, all-reduce hand-off 2.2, update 1.36 ms as medians of their own), after 600 it was 2.87 ms (1.21,
 * 0.70, 0.78); on 2 processes 9.0-9.6 ms and 2.89 ms. The earlier E = 0.78-0.84 measured the JIT's warm-up on
 * a shared core, not the all-reduce.
 */
public final class W12WeakScaling {
  private W12WeakScaling() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200, warmup = args.length > 1 ? Integer.parseInt(args[1]) : 600, local = W10FashionMnist.BATCH;
    try (Distributed dist = Distributed.init()) {
      Splits data = W10FashionMnist.load();
      int[] mine = dist.shard(data.train().size());
      Examples shard = new Examples(data.train().inputs().slice(mine[0], mine[1]), data.train().labels().slice(mine[0], mine[1]));
      GradientTransformation<OptState.Chain> adam = Optim.adam(W10FashionMnist.LR);
      W10FashionMnist.TrainState state = dist.broadcast(W10FashionMnist.init(0, adam), 0);
      Jitted2<Mlp, Examples, Mlp> grad = Graft.jit((Mlp m, Examples b) -> Graft.grad(W10FashionMnist::loss).apply(m, b));
      Jitted2<W10FashionMnist.TrainState, Mlp, W10FashionMnist.TrainState> update = Graft.jit((W10FashionMnist.TrainState s, Mlp g) -> {
        Update<Mlp, OptState.Chain> u = adam.update(g, s.opt(), s.model());
        return new W10FashionMnist.TrainState(Optim.applyUpdates(s.model(), u.updates()), u.state());
      });
      int perEpoch = shard.size() / local;
      double[] ms = new double[steps];
      Distributed.Timing before = null;
      Examples next = batch(shard, 0, local);
      for (int k = 0; k < warmup + steps; k++) {
        if (k == warmup) before = dist.timing();
        long t0 = System.nanoTime();
        Distributed.Pending<Mlp> g = dist.startAllReduceMean(grad, state.model(), next);   // buckets start during the backward pass
        next = batch(shard, ((k + 1) % perEpoch) * local, local);   // overlaps the all-reduce
        state = update.apply(state, g.await());
        if (k >= warmup) ms[k - warmup] = (System.nanoTime() - t0) / 1e6;
      }
      Distributed.Timing after = dist.timing();
      String hash = dist.checkReplicas(state.model(), "W12 after " + (warmup + steps) + " steps");
      if (dist.rank() == 0) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double reduce = (after.reduce() - before.reduce()) / steps * 1e3, exposed = (after.exposed() - before.exposed()) / steps * 1e3;
        System.out.printf(Locale.ROOT, "w12 processes=%d local_batch=%d step_median_ms=%.3f step_mean_ms=%.3f allreduce_ms=%.3f exposed_ms=%.3f hidden_ms=%.3f steps=%d hash=%s%n",
            dist.size(), local, sorted[steps / 2], Arrays.stream(ms).average().orElseThrow(), reduce, exposed, Math.max(0, reduce - exposed), steps, hash.substring(0, 16));
      }
    }
  }

  /** Examples {@code [from, from + size)} of the shard in file order (the timing does not depend on the order). */
  private static Examples batch(Examples shard, int from, int size) {
    return new Examples(shard.inputs().slice(from, from + size), shard.labels().slice(from, from + size));
  }
}
