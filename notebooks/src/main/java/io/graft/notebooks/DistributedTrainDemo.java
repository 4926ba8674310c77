package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.data.Splits;
import io.graft.dist.Distributed;
import io.graft.io.Checkpoints;
import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Metrics;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Data-parallel training over MPI, one process per rank: {@code ./graft demo distributed [-np N] [options]} (or
 * {@code mpirun -np N java ... io.graft.notebooks.DistributedTrainDemo}). The model and step are W10's — a 784-256-10
 * ReLU {@link Mlp}, mean softmax cross-entropy, Adam 1e-3 — on Fashion-MNIST: rank {@code r} of {@code N} keeps the
 * training images {@code [60000 r / N, 60000 (r + 1) / N)} (its shard), shuffled per epoch, and takes a local batch of
 * {@code 128 / N} (global batch 128; {@code --local-batch B} fixes it per process instead, for weak scaling). Each
 * step: the jitted gradient on the local batch run by {@link Distributed#startAllReduceMean(io.graft.Jitted2, Object,
 * Object)}, which all-reduces each bucket as soon as the backward pass has computed it (and overlaps the slicing of the
 * next local batch), the jitted Adam update with the mean gradient — the same on every rank. After each epoch
 * the replicas are checked by hash ({@link Distributed#checkReplicas}) and rank 0 writes the checkpoint atomically
 * ({@link Checkpoints}, {@code target/demo/distributed-mlp.npz}); {@code --resume} restarts from it after a failed
 * job (rank 0 reads it and broadcasts it). Options: {@code --epochs N} (default 2), {@code --steps S} (at most S steps
 * an epoch), {@code --local-batch B}, {@code --resume}. The last line, {@code timing: ...}, gives the mean step time
 * after 20 warm-up steps and the all-reduce time per step, exposed and hidden.
 */
public final class DistributedTrainDemo {
  private DistributedTrainDemo() {}

  /** Parameters and Adam's state, identical on every rank. */
  public record State(Mlp model, OptState.Chain opt) {}

  /** Rank 0's checkpoint: the state and the epochs done. */
  public record Checkpoint(State state, Array epochs) {}

  static final int IN = 784, HIDDEN = 256, CLASSES = 10, GLOBAL_BATCH = 128, WARMUP = 20;

  public static void main(String[] args) throws Exception {
    List<String> opts = List.of((args.length > 0 ? String.join(" ", args) : System.getenv().getOrDefault("GRAFT_DEMO_ARGS", "")).trim().split("\\s+"));
    int epochs = intOpt(opts, "--epochs", 2), maxSteps = intOpt(opts, "--steps", Integer.MAX_VALUE);
    boolean resume = opts.contains("--resume");
    try (Distributed dist = Distributed.init()) {
      int rank = dist.rank(), n = dist.size();
      int local = intOpt(opts, "--local-batch", GLOBAL_BATCH / n);
      Path out = Path.of("target", "demo").toAbsolutePath();
      Path ckpt = out.resolve("distributed-mlp.npz");
      if (rank == 0) Files.createDirectories(out);

      Splits data = FashionMnist.load();
      Examples all = flat(data.train());
      int[] mine = dist.shard(all.size());
      Examples shard = new Examples(all.inputs().slice(mine[0], mine[1]), all.labels().slice(mine[0], mine[1]));
      Examples test = flat(data.test());
      say(rank, String.format(Locale.ROOT, "%d processes; rank 0 of them; each rank's shard %d images, local batch %d (global %d)",
          n, shard.size(), local, local * n));

      GradientTransformation<OptState.Chain> adam = Optim.adam(1e-3);
      Mlp init = Mlp.init(Random.key(0), Activation.RELU, IN, HIDDEN, CLASSES);
      State state = new State(init, adam.init(init));
      int done = 0;
      boolean found = rank == 0 && resume && Files.exists(ckpt);
      if (dist.broadcast(Array.of(new int[] {found ? 1 : 0}), 0).toIntArray()[0] == 1) {
        Checkpoint like = new Checkpoint(state, Array.of(new int[] {0}, new int[0]));
        Checkpoint c = dist.broadcast(rank == 0 ? Checkpoints.load(ckpt, like) : like, 0);
        state = c.state();
        done = c.epochs().item().intValue();
        say(rank, "resumed from " + ckpt + " after " + done + " epochs");
      } else {
        state = dist.broadcast(state, 0);
        if (resume) say(rank, "no checkpoint at " + ckpt + ": training from the start");
      }

      Jitted2<Mlp, Examples, Mlp> grad = Graft.jit((Mlp m, Examples b) -> Graft.grad((Mlp p, Examples e) ->
          Losses.softmaxCrossEntropyWithIntegerLabels(p.apply(e.inputs()), e.labels()).mean()).apply(m, b));
      Jitted2<State, Mlp, State> update = Graft.jit((State s, Mlp g) -> {
        Update<Mlp, OptState.Chain> u = adam.update(g, s.opt(), s.model());
        return new State(Optim.applyUpdates(s.model(), u.updates()), u.state());
      });
      Jitted2<Mlp, Examples, Array> accuracy = Graft.jit((Mlp m, Examples b) -> Metrics.accuracy(m.apply(b.inputs()), b.labels()));

      int steps = Math.min(maxSteps, shard.size() / local);
      long timedNanos = 0;
      int timed = 0;
      Distributed.Timing atWarm = null;
      for (int epoch = done + 1; epoch <= done + epochs; epoch++) {
        long e0 = System.nanoTime();
        int[] order = permutation(shard.size(), epoch * 1_000L + rank);
        Examples next = batch(shard, order, 0, local);
        for (int k = 0; k < steps; k++) {
          long s0 = System.nanoTime();
          Distributed.Pending<Mlp> g = dist.startAllReduceMean(grad, state.model(), next);   // buckets start during the backward pass
          if (k + 1 < steps) next = batch(shard, order, (k + 1) * local, local);   // overlaps the all-reduce
          state = update.apply(state, g.await());
          if (epoch == done + 1 && k == WARMUP) atWarm = dist.timing();
          if (epoch > done + 1 || k > WARMUP) {
            timedNanos += System.nanoTime() - s0;
            timed++;
          }
        }
        String h = dist.checkReplicas(state.model(), "epoch " + epoch);
        if (rank == 0) Checkpoints.save(ckpt, new Checkpoint(state, Array.of(new int[] {epoch}, new int[0])));
        dist.barrier();
        double acc = accuracy.apply(state.model(), test).item().doubleValue();
        say(rank, String.format(Locale.ROOT, "epoch %d: %d steps in %.1f s, test accuracy %.2f%%, parameters %s... on all %d ranks, checkpoint %s",
            epoch, steps, (System.nanoTime() - e0) / 1e9, 100 * acc, h.substring(0, 16), n, ckpt.getFileName()));
      }
      if (timed > 0 && atWarm != null) {
        Distributed.Timing t = dist.timing();
        double reduce = (t.reduce() - atWarm.reduce()) / timed * 1e3, exposed = (t.exposed() - atWarm.exposed()) / timed * 1e3;
        say(rank, String.format(Locale.ROOT, "timing: processes=%d local_batch=%d step_ms=%.3f allreduce_ms=%.3f exposed_ms=%.3f hidden_ms=%.3f steps=%d",
            n, local, timedNanos / 1e6 / timed, reduce, exposed, Math.max(0, reduce - exposed), timed));
      }
    }
  }

  /** Rank 0 prints; the others stay quiet. */
  static void say(int rank, String line) {
    if (rank == 0) System.out.println(line);
  }

  static int intOpt(List<String> opts, String name, int otherwise) {
    return opts.contains(name) ? Integer.parseInt(opts.get(opts.indexOf(name) + 1)) : otherwise;
  }

  /** Images {@code f32[n, 28, 28]} flattened to {@code f32[n, 784]}. */
  static Examples flat(Examples e) { return new Examples(e.inputs().reshape(e.size(), IN), e.labels()); }

  /** A permutation of {@code [0, n)} from {@code seed} (Fisher-Yates on java.util.SplittableRandom). */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1), t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Examples {@code order[from .. from + size)} of {@code shard}. */
  static Examples batch(Examples shard, int[] order, int from, int size) {
    Array idx = Array.of(java.util.Arrays.copyOfRange(order, from, from + size));
    return new Examples(shard.inputs().take(idx, 0), shard.labels().take(idx, 0));
  }
}
