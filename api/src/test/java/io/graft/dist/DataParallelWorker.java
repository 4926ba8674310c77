package io.graft.dist;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Jitted2;
import io.graft.Np;
import io.graft.Random;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.io.Checkpoints;
import io.graft.jit.mpi.Mpi;
import io.graft.jit.mpi.MpiOp;
import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.graft.numerics.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link DistributedMpiTest} launches under {@code mpirun -np 2}: {@code collectives} checks
 * {@link Distributed}'s collectives against values every rank can compute itself; {@code train CKPT EPOCHS [PAUSE]}
 * trains an MLP data-parallel on a synthetic problem (each rank its half of every global batch, gradients all-reduced,
 * replicas checked by hash per epoch, rank 0 checkpointing atomically after each epoch, resuming from {@code CKPT}
 * when it exists) and, with {@code PAUSE = E}, waits after epoch {@code E}'s checkpoint so the test can kill a rank.
 * Prints {@code key=value} lines the test reads.
 */
public final class DataParallelWorker {
  private DataParallelWorker() {}

  /** Parameters and Adam's state; the checkpoint adds the epochs done. */
  public record State(Mlp model, OptState.Chain opt) {}

  /** What rank 0 saves after each epoch. */
  public record Checkpoint(State state, Array epochs) {}

  static final int EXAMPLES = 512, FEATURES = 8, CLASSES = 4, GLOBAL_BATCH = 64;

  public static void main(String[] args) throws Exception {
    try (Distributed dist = Distributed.init()) {
      System.out.println("rank=" + dist.rank() + " size=" + dist.size() + " pid=" + ProcessHandle.current().pid());
      System.out.flush();
      switch (args[0]) {
        case "collectives" -> collectives(dist);
        case "pmap" -> pmap(dist);
        case "train" -> train(dist, Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : -1);
        default -> throw new IllegalArgumentException("mode " + args[0] + ": use collectives, pmap or train");
      }
    }
  }

  /**
   * {@code Graft.pmap} over the job's processes (one device each, a leading axis of 1): psum, pmax, pmean, axisIndex,
   * allGather and psumScatter exchanged through MPI, and a data-parallel gradient step (the pmean of per-rank
   * gradients) against the full-batch gradient computed alone.
   */
  static void pmap(Distributed dist) {
    int n = dist.size(), r = dist.rank();
    Array x = Np.add(Np.arange(4).astype(DType.F32), Array.scalar((float) r)).reshape(1, 4);   // rank r: [r, r+1, r+2, r+3]
    Array s = Graft.pmap((Array v) -> io.graft.Lax.psum(v, "i"), "i").apply(x);
    Array mx = Graft.pmap((Array v) -> io.graft.Lax.pmax(v, "i"), "i").apply(x);
    Array idx = Graft.pmap((Array v) -> io.graft.Lax.axisIndex("i").astype(DType.F32).add(v.sum().mul(0.0)), "i").apply(x);
    Array gathered = Graft.pmap((Array v) -> io.graft.Lax.allGather(v, "i", 0, false), "i").apply(x);
    Array scattered = Graft.pmap((Array v) -> io.graft.Lax.psumScatter(Np.broadcastTo(v.reshape(1, 4), new int[] {n, 4}), "i", 0, false), "i").apply(x);
    System.out.println("pmap rank=" + r + " psum=" + java.util.Arrays.toString(s.toFloatArray())
        + " pmax=" + java.util.Arrays.toString(mx.toFloatArray()) + " index=" + idx.toFloatArray()[0]
        + " gathered=" + java.util.Arrays.toString(gathered.toFloatArray())
        + " scattered=" + java.util.Arrays.toString(scattered.toFloatArray()));
    // data parallel: each rank's half of a batch, the gradient pmean-ed, equal to the whole batch's gradient
    Array w = Np.linspace(-1, 1, 8).astype(DType.F32);
    Array xs = Random.normal(Random.key(5), 2 * n, 8), ys = Random.normal(Random.key(6), 2 * n);
    java.util.function.BiFunction<Array, List<Array>, Array> loss = (p, b) -> Np.mean(Np.square(b.get(0).matmul(p).sub(b.get(1))));
    List<Array> mine = List.of(xs.slice(2 * r, 2 * r + 2).reshape(1, 2, 8), ys.slice(2 * r, 2 * r + 2).reshape(1, 2));
    Array g = Graft.pmap((List<Array> b) -> io.graft.Lax.pmean(Graft.grad((Array p) -> loss.apply(p, List.of(b.get(0), b.get(1)))).apply(w), "i"), "i")
        .apply(mine);
    Array want = Graft.grad((Array p) -> loss.apply(p, List.of(xs, ys))).apply(w);
    double err = Np.max(Np.abs(Np.subtract(g.reshape(8), want))).item().doubleValue();
    System.out.println("pmap.grad rank=" + r + " maxerr=" + (err < 1e-6) + " hash=" + Distributed.hash(g));
  }

  /** Rank r contributes {@code r + 1 + i}: sums, means, broadcasts and hashes with known answers. */
  static void collectives(Distributed dist) {
    int n = dist.size(), r = dist.rank();
    float[] a = new float[1000];
    double[] b = new double[3];
    for (int i = 0; i < a.length; i++) a[i] = r + 1 + i;
    for (int i = 0; i < b.length; i++) b[i] = (r + 1) * 0.5 + i;
    float[] c = new float[300];
    for (int i = 0; i < c.length; i++) c[i] = (r + 1) * i;
    // with -Dgraft.dist.bucketBytes=1024: buckets {a} (larger than one), {b} (f64), {f32[5], f32[7]}, {c}
    List<Array> tree = List.of(Array.of(a, 10, 100), Array.of(b), Np.full(new int[] {5}, r + 1), Np.full(new int[] {7}, r + 1), Array.of(c));
    List<Array> sum = dist.allReduceSum(tree), mean = dist.allReduceMean(tree);
    double triangle = n * (n + 1) / 2.0;   // Σ_r (r + 1)
    boolean ok = true;
    float[] s = sum.get(0).toFloatArray(), m = mean.get(0).toFloatArray();
    for (int i = 0; i < a.length; i++) ok &= s[i] == (float) (triangle + n * i) && Math.abs(m[i] - (triangle / n + i)) < 1e-4;
    double[] sb = sum.get(1).toDoubleArray();
    for (int i = 0; i < b.length; i++) ok &= sb[i] == triangle * 0.5 + n * i;
    for (int k = 2; k <= 3; k++) for (float v : sum.get(k).toFloatArray()) ok &= v == (float) triangle;
    float[] sc = sum.get(4).toFloatArray(), mc = mean.get(4).toFloatArray();
    for (int i = 0; i < c.length; i++) ok &= sc[i] == (float) (triangle * i) && Math.abs(mc[i] - triangle / n * i) < 1e-3;
    ok &= java.util.Arrays.equals(sum.get(2).shape(), new int[] {5}) && java.util.Arrays.equals(mean.get(0).shape(), new int[] {10, 100});
    System.out.println("allreduce.sum0=" + s[0] + " allreduce.sum999=" + s[999] + " allreduce.ok=" + ok);
    Distributed.Pending<List<Array>> first = dist.startAllReduceMean(tree);
    try {
      dist.startAllReduceMean(tree);
      System.out.println("inflight=allowed");
    } catch (IllegalStateException e) {
      System.out.println("inflight=refused");
    }
    System.out.println("awaited.ok=" + java.util.Arrays.equals(first.await().get(4).toFloatArray(), mc));
    // buckets started as the jitted program computes its leaves: the same bits as all-reducing its finished result
    Jitted<List<Array>, List<Array>> twice = Graft.jit((List<Array> t) -> t.stream().map(v -> v.mul(2)).toList());
    List<Array> streamed = dist.startAllReduceMean(twice, tree).await(), plain = dist.allReduceMean(twice.apply(tree));
    boolean same = streamed.size() == plain.size();
    for (int k = 0; same && k < plain.size(); k++)
      same = java.util.Arrays.equals(streamed.get(k).toDoubleArray(), plain.get(k).toDoubleArray())
          && streamed.get(k).dtype() == plain.get(k).dtype() && java.util.Arrays.equals(streamed.get(k).shape(), plain.get(k).shape());
    System.out.println("stream.ok=" + same);
    binding(r, n);
    List<Array> root = dist.broadcast(List.of(Array.of(new int[] {r, 7}), Array.of(new long[] {r * 10_000_000_000L}), Array.scalar(r == 1)), n - 1);   // the last rank
    System.out.println("broadcast=" + root.get(0).toIntArray()[0] + "," + root.get(1).toLongArray()[0] + "," + root.get(2).toBooleanArray()[0]);
    System.out.println("hash.same=" + dist.checkReplicas(root, "broadcast"));
    try {
      dist.checkReplicas(List.of(Array.of(new float[] {r})), "rank-dependent");
      System.out.println("mismatch=undetected");
    } catch (ReplicaMismatchError e) {
      System.out.println("mismatch=detected");
    }
  }

  /** The binding's calls Distributed does not make: Iallreduce with max and min, i32 sums, Reduce_scatter_block. */
  static void binding(int r, int n) {
    Mpi mpi = Mpi.init();   // the instance Distributed started; idle between Distributed's calls
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, r, -r, 1.5f * r);
      mpi.iallReduce(x, 3, DType.F32, MpiOp.MAX).await();
      MemorySegment y = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, r, -r);
      mpi.iallReduce(y, 2, DType.F64, MpiOp.MIN).await();
      MemorySegment z = arena.allocateFrom(ValueLayout.JAVA_INT, r + 1);
      mpi.allReduce(z, 1, DType.I32, MpiOp.SUM);
      int[] send = new int[2 * n];
      for (int i = 0; i < send.length; i++) send[i] = 10 * r + i;   // Σ_r (10 r + i) = 10 n(n-1)/2 + n i
      MemorySegment rs = arena.allocate(ValueLayout.JAVA_INT, 2);
      mpi.reduceScatterBlock(arena.allocateFrom(ValueLayout.JAVA_INT, send), rs, 2, DType.I32, MpiOp.SUM);
      int base = 10 * n * (n - 1) / 2;
      boolean ok = x.getAtIndex(ValueLayout.JAVA_FLOAT, 0) == n - 1 && x.getAtIndex(ValueLayout.JAVA_FLOAT, 1) == 0
          && x.getAtIndex(ValueLayout.JAVA_FLOAT, 2) == 1.5f * (n - 1)
          && y.getAtIndex(ValueLayout.JAVA_DOUBLE, 0) == 0 && y.getAtIndex(ValueLayout.JAVA_DOUBLE, 1) == -(n - 1)
          && z.getAtIndex(ValueLayout.JAVA_INT, 0) == n * (n + 1) / 2
          && rs.getAtIndex(ValueLayout.JAVA_INT, 0) == base + n * (2 * r) && rs.getAtIndex(ValueLayout.JAVA_INT, 1) == base + n * (2 * r + 1);
      System.out.println("binding.ok=" + ok);
    }
  }

  static void train(Distributed dist, Path ckpt, int epochs, int pauseAfter) throws Exception {
    // one synthetic problem, the same on every rank; each rank keeps its half of each global batch
    Array x = Random.normal(Random.key(1), EXAMPLES, FEATURES);
    Array labels = x.matmul(Random.normal(Random.key(2), FEATURES, CLASSES)).argmax(1);
    Dataset<Examples> data = Dataset.of(new Examples(x, labels));
    GradientTransformation<OptState.Chain> adam = Optim.adam(1e-2);
    Mlp init = Mlp.init(Random.key(3 + dist.rank()), Activation.RELU, FEATURES, 32, CLASSES);   // differs per rank on purpose:
    State state = dist.broadcast(new State(init, adam.init(init)), 0);                               // broadcast makes it one
    int done = 0;
    if (Files.exists(ckpt)) {
      Checkpoint c = dist.broadcast(Checkpoints.load(ckpt, new Checkpoint(state, Array.of(new int[] {0}, new int[0]))), 0);
      state = c.state();
      done = c.epochs().item().intValue();
      System.out.println("resumed.epoch=" + done);
    }
    Jitted2<Mlp, Examples, Mlp> grad = Graft.jit((Mlp m, Examples b) -> Graft.grad((Mlp p, Examples e) ->
        Losses.softmaxCrossEntropyWithIntegerLabels(p.apply(e.inputs()), e.labels()).mean()).apply(m, b));
    Jitted2<State, Mlp, State> apply = Graft.jit((State s, Mlp g) -> {
      Update<Mlp, OptState.Chain> u = adam.update(g, s.opt(), s.model());
      return new State(Optim.applyUpdates(s.model(), u.updates()), u.state());
    });
    int local = GLOBAL_BATCH / dist.size();
    for (int epoch = done + 1; epoch <= epochs; epoch++) {
      var batches = data.batches(GLOBAL_BATCH, epoch, Dataset.Remainder.DROP);
      while (batches.hasNext()) {
        Examples b = batches.next().data();
        int[] mine = dist.shard(GLOBAL_BATCH);
        Examples shard = new Examples(b.inputs().slice(mine[0], mine[1]), b.labels().slice(mine[0], mine[1]));
        if (shard.size() != local) throw new IllegalStateException("uneven shard " + shard.size());
        state = apply.apply(state, dist.startAllReduceMean(grad, state.model(), shard).await());   // buckets overlap the backward pass
      }
      String h = dist.checkReplicas(state.model(), "epoch " + epoch);
      if (dist.rank() == 0) Checkpoints.save(ckpt, new Checkpoint(state, Array.of(new int[] {epoch}, new int[0])));
      dist.barrier();
      double loss = Losses.softmaxCrossEntropyWithIntegerLabels(state.model().apply(x), labels).mean().item().doubleValue();
      System.out.println("epoch=" + epoch + " rank=" + dist.rank() + " loss=" + loss + " hash=" + h);
      System.out.flush();
      if (epoch == pauseAfter) Thread.sleep(120_000);   // the test kills a rank meanwhile
    }
    System.out.println("final.hash=" + Distributed.hash(state.model()) + " rank=" + dist.rank());
  }
}
