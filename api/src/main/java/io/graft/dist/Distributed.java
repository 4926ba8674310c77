package io.graft.dist;

import io.graft.Array;
import io.graft.Jitted;
import io.graft.Jitted2;
import io.graft.LeafSink;
import io.graft.ShapeDtype;
import io.graft.Tree;
import io.graft.jit.collective.Processes;
import io.graft.jit.mpi.Mpi;
import io.graft.jit.mpi.MpiCommunicator;
import io.graft.jit.mpi.MpiOp;
import io.graft.jit.mpi.MpiUnavailableError;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.trace.tree.TreeDef;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One process of a data-parallel job over MPI ({@code MPI_COMM_WORLD}): its {@link #rank()} among {@link #size()}
 * processes and the collectives data-parallel training needs, on pytrees of concrete arrays.
 * <ul>
 *   <li>{@link #allReduceMean}: {@code g ↦ (1/N) Σ_r g_r} per leaf — the gradient of the mean loss over the global
 *       batch when each rank's {@code g_r} is the mean over its equal shard. Leaves are packed in reverse flattening
 *       order (a backward pass computes the last layers' gradients first) into buckets of at most
 *       {@link #bucketBytes()} (25 MiB by default, {@code -Dgraft.dist.bucketBytes}) and each bucket is all-reduced
 *       ({@code MPI_Allreduce}) by a communication thread as soon as it is packed, so packing bucket {@code k+1} and
 *       unpacking bucket {@code k-1} overlap the all-reduce of bucket {@code k}; {@link #startAllReduceMean} returns at
 *       once so the caller's own work (the next batch, metrics) overlaps too.
 *       {@link #startAllReduceMean(Jitted2, Object, Object)} runs the jitted gradient itself and starts each bucket
 *       while the backward pass is still computing the earlier layers' gradients (as PyTorch DDP's hooks do).</li>
 *   <li>{@link #broadcast}: every leaf becomes the root's ({@code MPI_Bcast}) — one starting point for all ranks.</li>
 *   <li>{@link #hash} and {@link #checkReplicas}: SHA-256 of the leaves' dtypes, shapes and bits, compared across
 *       ranks by {@code MPI_Allgather}.</li>
 * </ul>
 * Every collective runs on one thread ({@code graft-mpi}), in the order called, so all ranks issue them in the same
 * order as MPI requires; buckets are issued in layout order whatever order their leaves are computed in.
 * {@link #close()} finalises MPI.
 */
public final class Distributed implements AutoCloseable {
  private static final long DEFAULT_BUCKET_BYTES = 25L << 20;
  private static Distributed instance;   // guarded by Distributed.class

  private final Mpi mpi;
  private final ExecutorService comm;
  private final long bucketBytes;
  private final List<MemorySegment> buffers = new ArrayList<>();   // bucket i's native buffer, reused; caller thread only
  private final Arena arena = Arena.ofShared();
  private final AtomicLong reduceNanos = new AtomicLong(), waitNanos = new AtomicLong();
  private Pending<?> outstanding;   // the started all-reduce whose buckets are in use; caller thread only

  private Distributed(Mpi mpi, ExecutorService comm, long bucketBytes) {
    this.mpi = mpi;
    this.comm = comm;
    this.bucketBytes = bucketBytes;
  }

  /**
   * Starts MPI in this process (once; later calls return the same instance) on its communication thread. A process
   * started without {@code mpirun} is a job of one. Throws {@link MpiUnavailableError} naming what is missing and
   * {@code apt-get install -y openmpi-bin libopenmpi-dev} when Open MPI is not installed.
   */
  public static synchronized Distributed init() {
    if (instance != null && !instance.comm.isShutdown()) return instance;
    ExecutorService comm = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "graft-mpi");
      t.setDaemon(true);
      return t;
    });
    Mpi mpi;
    try {
      mpi = join(comm.submit(Mpi::init));
    } catch (RuntimeException | Error e) {
      comm.shutdownNow();
      throw e;
    }
    long bytes = Long.getLong("graft.dist.bucketBytes", DEFAULT_BUCKET_BYTES);
    if (bytes < 8) {
      comm.shutdownNow();
      throw new IllegalArgumentException("-Dgraft.dist.bucketBytes=" + bytes + " must be at least 8 (default " + DEFAULT_BUCKET_BYTES + ", 25 MiB)");
    }
    instance = new Distributed(mpi, comm, bytes);
    Distributed d = instance;
    if (mpi.size() > 1) Processes.set(new MpiCommunicator(mpi, c -> d.onComm(c)));   // Graft.pmap spans the ranks
    return instance;
  }

  /** This process's rank, in {@code [0, size())}. */
  public int rank() { return mpi.rank(); }

  /** The number of processes in the job. */
  public int size() { return mpi.size(); }

  /** The largest all-reduce bucket in bytes (a leaf larger than this is a bucket of its own). */
  public long bucketBytes() { return bucketBytes; }

  /** This rank's share {@code [n·rank/size, n·(rank+1)/size)} of {@code n} examples, as {@code {from, to}}. */
  public int[] shard(int n) {
    if (n < 0) throw new IllegalArgumentException("shard: n = " + n + " examples must be >= 0");
    return new int[] {(int) ((long) n * rank() / size()), (int) ((long) n * (rank() + 1) / size())};
  }

  /** Returns when every rank has called it ({@code MPI_Barrier}). */
  public void barrier() { onComm(() -> { mpi.barrier(); return null; }); }

  /** Seconds from {@code MPI_Wtime}, for timing a collective. */
  public double wtime() { return mpi.wtime(); }

  /**
   * The leafwise mean over ranks, {@code (1/N) Σ_r tree_r}, of a pytree of concrete {@code f32}/{@code f64} arrays
   * with the same structure on every rank; blocks until done. Equivalent to {@code startAllReduceMean(tree).await()}.
   */
  public <T> T allReduceMean(T tree) { return startAllReduceMean(tree).await(); }

  /** The leafwise sum over ranks, {@code Σ_r tree_r}, bucketed as {@link #allReduceMean}. */
  public <T> T allReduceSum(T tree) { return start(tree, false, "allReduceSum").await(); }

  /**
   * Starts {@link #allReduceMean} and returns once every bucket is packed and handed to the communication thread;
   * {@link Pending#await()} gives the result. One all-reduce may be in flight at a time (another start before
   * {@code await()} is an {@link IllegalStateException}: the buckets are reused); broadcasts and checks may be called
   * in between and run after it.
   */
  public <T> Pending<T> startAllReduceMean(T tree) { return start(tree, true, "allReduceMean"); }

  /**
   * Runs {@code f(a, b)} — typically a jitted gradient — and all-reduces the mean of its result as
   * {@link #startAllReduceMean(Object)} would, but starts each bucket's all-reduce as soon as the compiled program has
   * computed that bucket's leaves ({@link Jitted2#applyStreaming}), so communication overlaps the rest of the backward
   * pass (PyTorch DDP's bucketed gradient hooks). Returns once {@code f} has run and every bucket is started.
   * <pre>{@code
   * Distributed.Pending<Params> g = dist.startAllReduceMean(grad, params, batch);   // grad: Graft.jit(...)
   * params = update.apply(params, g.await());
   * }</pre>
   */
  public <A, B, T> Pending<T> startAllReduceMean(Jitted2<A, B, T> f, A a, B b) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(a, "a is null");
    Objects.requireNonNull(b, "b is null");
    return started(sink -> f.applyStreaming(a, b, sink), true, "allReduceMean");
  }

  /** {@link #startAllReduceMean(Jitted2, Object, Object)} for a one-argument jitted function. */
  public <A, T> Pending<T> startAllReduceMean(Jitted<A, T> f, A a) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(a, "a is null");
    return started(sink -> f.applyStreaming(a, sink), true, "allReduceMean");
  }

  /**
   * Seconds spent so far, summed over calls: {@code reduce}, the communication thread inside {@code MPI_Allreduce}
   * for {@link #allReduceMean}/{@link #allReduceSum} buckets; {@code exposed}, the caller blocked in
   * {@link Pending#await()}. {@code reduce - exposed} is the all-reduce time that overlap hid.
   *
   * @param reduce  seconds of all-reduce on the communication thread
   * @param exposed seconds the caller waited for it
   */
  public record Timing(double reduce, double exposed) {
    /** The all-reduce seconds that overlapped the caller's work, {@code max(0, reduce - exposed)}. */
    public double hidden() { return Math.max(0, reduce - exposed); }
  }

  /** The all-reduce time so far ({@link Timing}); subtract two readings for one step. */
  public Timing timing() { return new Timing(reduceNanos.get() / 1e9, waitNanos.get() / 1e9); }

  /** A started all-reduce: {@link #await()} returns the reduced pytree. */
  public final class Pending<T> {
    private final TreeDef def;
    private final List<Bucket> buckets;
    private final List<Future<?>> reductions;
    private final int divisor;
    private T result;

    private Pending(TreeDef def, List<Bucket> buckets, List<Future<?>> reductions, int divisor) {
      this.def = def;
      this.buckets = buckets;
      this.reductions = reductions;
      this.divisor = divisor;
    }

    /** Waits for each bucket in order and unpacks it while later buckets are still reducing. */
    public synchronized T await() {
      if (result != null) return result;
      Array[] leaves = new Array[buckets.stream().mapToInt(b -> b.leaves().length).sum()];
      for (int i = 0; i < buckets.size(); i++) {
        long t0 = System.nanoTime();
        join(reductions.get(i));
        waitNanos.addAndGet(System.nanoTime() - t0);
        buckets.get(i).unpack(leaves, divisor);
      }
      result = Tree.unflatten(def, Vector.of(leaves));
      return result;
    }
  }

  private <T> Pending<T> start(T tree, boolean mean, String op) {
    return started(sink -> sink.reportAll(tree), mean, op);
  }

  /**
   * Runs {@code producer}, which reports its result's leaves to the sink it is given, all-reducing each bucket as
   * soon as its last leaf is reported, and returns the pending result.
   */
  private <T> Pending<T> started(Function<LeafSink, T> producer, boolean mean, String op) {
    if (outstanding != null && outstanding.result == null) {
      throw new IllegalStateException("Distributed." + op + ": the previous startAllReduceMean is not awaited yet and its buckets are"
          + " still in use; call await() on it first (one all-reduce in flight at a time)");
    }
    Buckets sink = new Buckets(op);
    T tree = producer.apply(sink);
    if (sink.next < sink.layout.size())
      throw new IllegalStateException("Distributed." + op + ": " + (sink.layout.size() - sink.next) + " bucket(s) never completed: a result leaf was not reported");
    Pending<T> p = new Pending<>(Tree.flatten(tree)._2, sink.buckets, sink.reductions, mean ? size() : 1);
    outstanding = p;
    return p;
  }

  /**
   * The sink that fills one all-reduce's buckets ({@link Bucket#layout}). Buckets are handed to the communication
   * thread strictly in layout order, each once all its leaves are reported, so every rank issues the same
   * {@code MPI_Allreduce} calls in the same order whatever order its leaves arrive in.
   */
  private final class Buckets implements LeafSink {
    private final String op;
    private List<int[]> layout = List.of();   // per bucket, its leaves in packing order
    private int[] bucketOf, left;             // per leaf its bucket; per bucket, leaves not yet reported
    private Array[] got;
    private List<ShapeDtype> types;
    private int next;                         // the next bucket to submit
    final List<Bucket> buckets = new ArrayList<>();
    final List<Future<?>> reductions = new ArrayList<>();

    Buckets(String op) { this.op = op; }

    @Override public void begin(List<ShapeDtype> leaves) {
      for (int i = 0; i < leaves.size(); i++) {
        DType d = leaves.get(i).dtype();
        if (d != DType.F32 && d != DType.F64) {
          throw new DTypeError("Distributed." + op + ": leaf " + i + " of " + leaves.size() + " is " + d + leaves.get(i).shape()
              + "; only f32 and f64 leaves are all-reduced (a mean of integers is not one); cast it with astype(Np.float32) or keep it out of the tree");
        }
      }
      types = leaves;
      got = new Array[leaves.size()];
      layout = Bucket.layout(leaves, bucketBytes);
      bucketOf = new int[leaves.size()];
      left = new int[layout.size()];
      for (int b = 0; b < layout.size(); b++) {
        for (int k : layout.get(b)) bucketOf[k] = b;
        left[b] = layout.get(b).length;
      }
    }

    @Override public void ready(int leaf, Array value) {
      got[leaf] = value;
      left[bucketOf[leaf]]--;
      while (next < layout.size() && left[next] == 0) submit(next++);
    }

    /** Packs bucket {@code b} into its native buffer and starts its all-reduce on the communication thread. */
    private void submit(int b) {
      int[] members = layout.get(b);
      DType d = types.get(members[0]).dtype();
      long count = 0;
      for (int k : members) count += got[k].size();
      Bucket bucket = Bucket.pack(d, buffer(b, count * (d.bits() / 8)), members, got);
      for (int k : members) got[k] = null;
      long n = count;
      reductions.add(comm.submit(() -> {
        long t0 = System.nanoTime();
        mpi.allReduce(bucket.buf(), n, d, MpiOp.SUM);
        reduceNanos.addAndGet(System.nanoTime() - t0);
        return null;
      }));
      buckets.add(bucket);
    }
  }

  /** Bucket {@code i}'s native buffer, at least {@code bytes} long; reused across calls of the same layout. */
  private MemorySegment buffer(int i, long bytes) {
    while (buffers.size() <= i) buffers.add(MemorySegment.NULL);
    MemorySegment b = buffers.get(i);
    if (b.byteSize() < bytes) {
      b = arena.allocate(Math.max(bytes, 8), 64);
      buffers.set(i, b);
    }
    return b.asSlice(0, bytes);
  }

  /**
   * Every leaf of {@code tree} replaced by the {@code root} rank's ({@code MPI_Bcast}); the tree must have the same
   * structure, shapes and dtypes on every rank. Any dtype: {@code f32}, {@code f64} and {@code i32} as they are,
   * {@code i64} as pairs of {@code i32}, the others through {@code f64} (exact for each of them).
   */
  public <T> T broadcast(T tree, int root) {
    Tuple2<Vector<Array>, TreeDef> flat = Tree.flatten(tree);
    Vector<Array> out = flat._1.map(x -> LeafBroadcast.of(this, mpi, x, root));
    return Tree.unflatten(flat._2, out);
  }

  /**
   * SHA-256 (hex) of the pytree's leaves: each leaf's dtype, shape and element bits in order. Equal on two ranks
   * exactly when their trees hold bitwise equal arrays (up to hash collisions).
   */
  public static String hash(Object tree) { return ReplicaHash.of(tree); }

  /**
   * Checks that every rank holds the same {@code tree} (by {@link #hash}, gathered with {@code MPI_Allgather}) and
   * returns the hash; else throws {@link ReplicaMismatchError} on every rank, naming {@code what} and each rank's hash.
   */
  public String checkReplicas(Object tree, String what) {
    String h = hash(tree);
    byte[] bytes = HexFormat.of().parseHex(h);
    int words = bytes.length / 4;
    try (Arena a = Arena.ofShared()) {
      MemorySegment send = a.allocate(bytes.length);
      MemorySegment.copy(bytes, 0, send, ValueLayout.JAVA_BYTE, 0, bytes.length);
      MemorySegment recv = a.allocate((long) bytes.length * size());
      onComm(() -> { mpi.allGather(send, words, DType.I32, recv); return null; });
      List<String> all = new ArrayList<>();
      for (int r = 0; r < size(); r++) all.add(HexFormat.of().formatHex(recv.asSlice((long) r * bytes.length, bytes.length).toArray(ValueLayout.JAVA_BYTE)));
      if (all.stream().distinct().count() > 1) {
        StringBuilder m = new StringBuilder("Distributed.checkReplicas(" + what + "): the ranks hold different trees:");
        for (int r = 0; r < all.size(); r++) m.append("\n  rank ").append(r).append(": ").append(all.get(r));
        m.append("\nstart every rank from broadcast(params, 0), all-reduce every gradient with allReduceMean, and give the optimiser no rank-dependent input (such as an unreduced loss or a per-rank random key)");
        throw new ReplicaMismatchError(m.toString());
      }
    }
    return h;
  }

  /** Ends every rank of the job with {@code exitCode} ({@code MPI_Abort}): fail-stop when this rank cannot go on. */
  public void abort(int exitCode) { mpi.abort(exitCode); }

  /** Finalises MPI ({@code MPI_Finalize}) on the communication thread and stops it; no collective may follow. */
  @Override
  public void close() {
    synchronized (Distributed.class) {
      if (comm.isShutdown()) return;
      Processes.set(null);
      onComm(() -> { mpi.finish(); return null; });
      comm.shutdown();
    }
  }

  /** Runs {@code c} on the communication thread (every MPI call of this process runs there) and returns its result. */
  <R> R onComm(Callable<R> c) { return join(comm.submit(c)); }

  private static <R> R join(Future<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an MPI collective", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}
