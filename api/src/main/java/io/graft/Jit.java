package io.graft;

import io.graft.jit.CompileEvent;
import io.graft.jit.ExecuteEvent;
import io.graft.jit.GraphCompiler;
import io.graft.jit.JfrGate;
import io.graft.jit.OpenClExecutable;
import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.trace.Abstract;
import java.util.concurrent.ConcurrentHashMap;
import io.graft.jit.Passes;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.Compiler;
import io.graft.trace.Const;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.JitGraph;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.NotATreeError;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One jitted function and its cache behind {@link Graft#jit}: per signature (argument structure, leaf shapes and
 * dtypes) the function is traced once to a graph and compiled once; a hit never runs the Java function again. The
 * cache is this object's own (keyed by value: the argument's {@link TreeDef} and leaf types); each entry's
 * {@link JitGraph} owns the executable, the JVP splits of {@code grad(jit(f))} and the compiled kernels, so two
 * jitted functions share nothing and a dropped one leaves nothing behind in any global table.
 *
 * <p>On concrete arguments outside any staging trace the cached executable runs directly. Under a transform
 * ({@code grad}, {@code vmap}) or inside another {@code jit} it binds a {@link JitCall} of the cached graph, so the
 * outer transform applies to it. The cache is an access-ordered map of at most {@link #CAPACITY} signatures
 * (evictions are logged at DEBUG); each entry is computed once, outside the map's lock, by the first caller.
 * Compiles are logged at INFO with {@code -Dgraft.logCompiles=true}; past {@link #WARN_AFTER} signatures each
 * further compile logs a WARNING naming the argument leaf whose shape changed.
 */
final class Jit<P, R> {
  /** Signatures kept per jitted function. */
  static final int CAPACITY = 64;
  /** Compiles after which each recompile warns. */
  static final int WARN_AFTER = 8;
  /** The compiler behind every jit: stateless (no cache), so one instance serves all. */
  static final GraphCompiler COMPILER = new GraphCompiler();
  private static final System.Logger LOG = System.getLogger("io.graft.jit");

  /**
   * A cache key: the argument's structure and its leaves' types, weakness included (as JAX's avals): a weakly typed
   * scalar ({@code Array.scalar(0.9)}, a literal) traces as weak, so it takes the dtype of the arrays it meets.
   */
  private record Key(TreeDef def, Vector<ShapedType> types) {}

  /**
   * A traced and compiled signature. {@code callee} owns the graph's executable and everything derived from it (JVP
   * splits and their compiled known halves), so they live exactly as long as this entry.
   */
  private record Compiled(GraphBuilder.Traced traced, TreeDef outDef, JitGraph callee, AtomicBoolean dtypesChecked,
                          Map<String, Compiler.Executable> onDevices) {}

  /** Computes its entry once; concurrent callers of the same signature wait for the first. */
  private static final class Slot {
    private Compiled value;

    synchronized Compiled get(Function<Slot, Compiled> make) {
      if (value == null) value = make.apply(this);
      return value;
    }
  }

  private final String site;
  private final Function<P, ?> f;
  private final AtomicInteger compiles = new AtomicInteger();
  private volatile Key lastCompiled;
  private final AtomicBoolean dtypeWarned = new AtomicBoolean();
  private final Map<Key, Slot> cache = new LinkedHashMap<>(16, 0.75f, true) { // guarded by itself
    @Override protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
      boolean evict = size() > CAPACITY;
      if (evict) LOG.log(Level.DEBUG, () -> "jit(" + site + "): evicting signature " + eldest.getKey().types().mkString("(", ", ", ")"));
      return evict;
    }
  };

  Jit(String site, Function<P, ?> f) {
    this.site = site;
    this.f = f;
  }

  /** Signatures compiled so far (for tests and the recompile warning). */
  int compileCount() { return compiles.get(); }

  R apply(P x) { return apply(x, NO_DONATION, null); }

  private static final int[] NO_DONATION = {};

  /**
   * {@code f(x)}; on the direct path (concrete arguments, no enclosing trace) the argument leaves at
   * {@code donated} (flattening order) are invalidated (before the executable runs): every later use of those
   * handles is a {@link DonatedArrayError}. Under a transform donation does nothing.
   */
  R apply(P x, int[] donated, Device on) { return apply(x, donated, on, null); }

  /**
   * {@link #apply(Object, int[], Device)} reporting each result leaf to {@code sink} (null: none) as soon as the
   * compiled program has computed it (on the direct CPU path), else all of them after the call ({@link LeafSink}).
   */
  @SuppressWarnings("unchecked")
  R apply(P x, int[] donated, Device on, LeafSink sink) {
    Trees.Flat leaves = Trees.flatten(x);
    if (!TraceContext.isStaging()) {
      Device target = Devices.target(on, leaves.leaves(), site);
      if (target != null && target.kind() == Device.Kind.TORNADO) return reportAll(onBackend(x, leaves, target), sink);
      if (target != null) return reportAll(onDevice(x, leaves, target), sink);
    }
    // a leaf about to be donated is read without giving up its sole claim to its buffer (Array.peek), so the call may
    // recycle it; if the call turns out not to run directly (a transform holds the values), the claim goes
    boolean peeking = donated.length > 0 && !TraceContext.isStaging();
    Vector<Leaf> ls = leaves.leaves();
    Flat.Tree in = new Flat.Tree(peeking ? Donation.peek(ls, donated) : ls.map(Leaf::value), leaves.def());   // Flat.of(x), flattened once
    Compiled c = null;
    boolean direct = false;
    try {
      c = lookup(in, x);
      direct = !TraceContext.isStaging() && c.traced().outerArgs().isEmpty() && in.values().forAll(v -> v instanceof Const);
    } finally {
      if (peeking && !direct) for (int i : donated) if (i >= 0 && i < ls.size() && ls.get(i) instanceof Array a) a.share();
    }
    Vector<Value> outs;
    boolean[] fresh = null;
    if (direct) {
      Vector<NdArray> args = in.values().map(v -> ((Const) v).array());
      boolean[] give = donated.length > 0 ? Donation.take(site, leaves, args.size(), donated) : null;
      ExecuteEvent ev = JfrGate.open() ? new ExecuteEvent() : null;
      if (ev != null) ev.begin();
      if (sink == null && give != null) {
        fresh = new boolean[c.callee().graph().out().size()];
        outs = c.callee().executable().runDonating(args, give, fresh).map(a -> (Value) Const.of(a));
      } else if (sink == null) {
        outs = c.callee().executable().run(args).map(a -> (Value) Const.of(a));
      } else {
        sink.begin(c.callee().graph().outTypes().map(t -> new ShapeDtype(t.dtype(), t.shape())).asJava());
        outs = c.callee().executable().runReporting(args, (k, a) -> sink.ready(k, Array.wrap(Const.of(a)))).map(a -> (Value) Const.of(a));
      }
      if (ev != null && ev.shouldCommit()) {
        ev.function = site;
        ev.commit();
      }
    } else {
      outs = Bind.bind(new JitCall(c.callee(), site), c.traced().outerArgs().appendAll(in.values()));
    }
    R out = (R) (fresh == null ? Flat.arrays(c.outDef(), outs) : Trees.unflatten(c.outDef(), Donation.soleWhereFresh(outs, fresh)));
    if (sink != null && !direct) reportAll(out, sink);
    if (!dtypeWarned.get() && !c.dtypesChecked().get() && !c.dtypesChecked().getAndSet(true)) warnIfDtypeChanged(x, in, out, outs);   // plain reads on the hot path
    return out;
  }

  /** Reports every leaf of {@code out} to {@code sink} (null: none) and returns {@code out}. */
  private static <T> T reportAll(T out, LeafSink sink) { return sink == null ? out : sink.reportAll(out); }

  /**
   * Warns once per jitted function when a result leaf sits at the same named pytree path as an argument leaf (a
   * train step returning new parameters: {@code .model.w}) but is a wider float (f32 became f64): the next call, fed
   * that result, recompiles, and the cause is a strongly typed f64 value promoting f32 weights. Paths match exactly, or after the result's
   * first component (a step returning {@code (params, loss)} for an argument {@code params}).
   */
  private void warnIfDtypeChanged(P x, Flat.Tree in, Object out, Vector<Value> outs) {
    Map<String, ShapedType> args = new java.util.HashMap<>();
    Vector<String> inPaths = Trees.paths(x);
    for (int i = 0; i < inPaths.size() && i < in.values().size(); i++) args.put(inPaths.get(i), in.values().get(i).type());
    Vector<String> outPaths = Trees.paths(out);
    for (int i = 0; i < outPaths.size() && i < outs.size(); i++) {
      String p = outPaths.get(i);
      ShapedType exact = args.get(p);
      ShapedType a = exact != null ? exact : args.get(p.substring(firstSegment(p)));
      ShapedType o = outs.get(i).type();
      if (a != null && named(p) && promoted(a.dtype(), o.dtype()) && a.shape().equals(o.shape()) && !dtypeWarned.getAndSet(true)) {
        String where = p.isEmpty() ? "the result" : "result leaf " + p;
        LOG.log(Level.WARNING, () -> "jit(" + site + "): " + where + " is " + o + " but the argument leaf at that path is " + a
            + "; feeding it back recompiles the function for the new dtype. A strongly typed value promoted it (an f64 "
            + "array such as Array.of(double[]) or astype(Np.float64)); use a Java literal or Array.scalar (weakly "
            + "typed), or cast the result with astype(" + a.dtype() + ")");
        return;
      }
    }
  }

  /**
   * {@code runs} timed runs of the compiled executable on {@code x} (compiling first, untimed, on a cache miss), each
   * step's time summed per kernel ({@link Profile}). Needs concrete arguments outside any transform.
   */
  Profile profile(P x, int runs) { return profile(x, runs, NO_DONATION); }

  /**
   * {@link #profile(Object, int)} of the donating call: each run gets fresh copies of the leaves at {@code donated}
   * (copied untimed; {@code x} keeps its arrays) and may recycle them, so in-place updates are timed as calls run them.
   */
  Profile profile(P x, int runs, int[] donated) {
    if (runs < 1) throw new IllegalArgumentException("jit(" + site + ").profile: runs must be positive, got " + runs);
    Flat.Tree in = Flat.of(x);
    Compiled c = lookup(in, x);
    if (TraceContext.isStaging() || !c.traced().outerArgs().isEmpty() || !in.values().forAll(v -> v instanceof Const))
      throw new IllegalStateException("jit(" + site + ").profile: needs concrete arguments outside any transform (got "
          + in.values().map(v -> v.type().strong()).mkString("(", ", ", ")") + (TraceContext.isStaging() ? " inside a trace" : "")
          + "); call it on arrays, not inside grad, vmap or another jit");
    Vector<NdArray> args = in.values().map(v -> ((Const) v).array());
    Profile.Recorder recorder = new Profile.Recorder();
    long wall = 0;
    boolean[] give = new boolean[args.size()];
    for (int i : donated) if (i >= 0 && i < give.length) give[i] = true;
    boolean donating = donated.length > 0;
    for (int r = 0; r < runs; r++) {
      Vector<NdArray> runArgs = donating ? copies(args, give) : args;
      long t0 = System.nanoTime();
      if (donating) c.callee().executable().runDonating(runArgs, give, new boolean[c.callee().graph().out().size()], recorder);
      else c.callee().executable().run(runArgs, recorder);
      wall += System.nanoTime() - t0;
    }
    return recorder.profile(site, runs, wall);
  }

  /** {@code args} with those marked in {@code copy} replaced by copies of their own (a profiled run may recycle them). */
  private static Vector<NdArray> copies(Vector<NdArray> args, boolean[] copy) {
    NdArray[] out = args.toJavaArray(NdArray[]::new);
    for (int i = 0; i < out.length; i++)
      if (copy[i]) {
        NdArray a = out[i];
        Object store = NdArray.newStore(a.dtype(), a.size());
        System.arraycopy(a.store(), 0, store, 0, a.size());
        out[i] = NdArray.wrapStore(a.dtype(), a.shape(), store);
      }
    return Vector.of(out);
  }

  /**
   * {@code f(x)} on an OpenCL {@code target}: the signature's graph compiled once per device
   * ({@link GraphCompiler#compileFor}), arguments that live there read in place and host ones uploaded, results
   * left on the device as device arrays. Donation does nothing on this path yet.
   */
  @SuppressWarnings("unchecked")
  private R onDevice(P x, Trees.Flat leaves, Device target) {
    Flat.Tree in = new Flat.Tree(leaves.leaves().map(l -> l instanceof Array a && a.resident() != null
        ? (Value) new Abstract(ShapedType.of(a.resident().buffer().dtype(), a.resident().buffer().shape())) : l.value()), leaves.def());
    Compiled c = lookup(in, x);
    OpenClExecutable exe = (OpenClExecutable) deviceExecutable(c, target);
    ClRuntime rt = OpenCl.runtime(exe.device());
    Vector<ClBuffer> outs = exe.runOnDevice(leaves.leaves().map(l -> Devices.bufferOn(l, target, rt)));
    return (R) Trees.unflatten(c.outDef(), outs.map(b -> Array.onDevice(target, b)));
  }

  /**
   * {@code f(x)} on a TornadoVM {@code target}: the signature's graph compiled once per device by the TornadoVM
   * backend (its kernels built then, its constants and intermediates kept in device memory across calls), run on the
   * arguments' host values (device arrays are read back first); the results are host arrays.
   */
  @SuppressWarnings("unchecked")
  private R onBackend(P x, Trees.Flat leaves, Device target) {
    Vector<NdArray> args = leaves.leaves().map(l -> {
      if (!(l.value() instanceof Const k))
        throw new IllegalArgumentException("jit(" + site + ") on " + target + ": an argument is not a concrete array ("
            + l.value().type() + "); device calls take concrete arrays");
      return k.array();
    });
    Flat.Tree in = new Flat.Tree(args.map(a -> (Value) Const.of(a)), leaves.def());
    Compiled c = lookup(in, x);
    Vector<NdArray> outs = deviceExecutable(c, target).run(args);
    return (R) Trees.unflatten(c.outDef(), outs.map(a -> Array.wrap(Const.of(a))));
  }

  private Compiler.Executable deviceExecutable(Compiled c, Device target) {
    return c.onDevices().computeIfAbsent(target.id(), id -> {
      long t0 = System.nanoTime();
      Compiler.Executable exe = target.kind() == Device.Kind.TORNADO
          ? Devices.tornado().get().compile(Devices.tornadoDevice(target), c.traced().graph())
          : COMPILER.compileFor(Devices.cl(target), c.traced().graph());
      if (Boolean.getBoolean("graft.logCompiles"))
        LOG.log(Level.INFO, () -> "jit(" + site + "): compiled for " + target + " (" + target.kind() + " backend) in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms");
      return exe;
    });
  }

  /** {@link #lower} on {@code on}: the device's steps with the OpenCL C each launches (the CPU's for the CPU). */
  String lower(P x, Device on) {
    if (on == null || on.kind() == Device.Kind.CPU) return lower(x);
    Flat.Tree in = Flat.of(x);
    Compiled c = lookup(in, x);
    return "jit(" + site + ") on " + on + " for " + in.values().map(v -> v.type().strong()).mkString("(", ", ", ")") + ":\n"
        + deviceExecutable(c, on).describe();
  }

  /** The optimised graph and what each step runs, for {@code x}'s signature. */
  String lower(P x) {
    Flat.Tree in = Flat.of(x);
    Compiled c = lookup(in, x);
    return "jit(" + site + ") for " + in.values().map(v -> v.type().strong()).mkString("(", ", ", ")") + ":\n"
        + c.callee().executable().describe();
  }

  /** The compilation of {@code x}'s signature stage by stage (see {@link Passes#stages}); traces only on a miss. */
  Vector<Passes.Stage> stages(P x) { return COMPILER.stages(lookup(Flat.of(x), x).traced().graph()); }

  /** The graph and caches of {@code x}'s signature (tracing and compiling on a miss; for tests). */
  JitGraph callee(P x) { return lookup(Flat.of(x), x).callee(); }

  private Compiled lookup(Flat.Tree in, P x) {
    Key key = new Key(in.def(), in.values().map(Value::type));
    Slot slot;
    synchronized (cache) { slot = cache.computeIfAbsent(key, k -> new Slot()); }
    try {
      Compiled c = slot.get(s -> compile(key, in, x));
      if (!c.traced().outerArgs().isEmpty()) synchronized (cache) { cache.remove(key, slot); } // closes over tracers
      return c;
    } catch (RuntimeException | Error e) {
      synchronized (cache) { cache.remove(key, slot); }
      throw e;
    }
  }

  private Compiled compile(Key key, Flat.Tree in, P x) {
    Warmup.compiling();
    CompileEvent ev = JfrGate.open() ? new CompileEvent() : null;
    if (ev != null) ev.begin();
    long t0 = System.nanoTime();
    TreeDef[] outDef = new TreeDef[1];
    Function<Vector<Value>, Vector<? extends Value>> flat = Flat.fn("jit", site, f, in.def(), outDef);
    GraphBuilder.Traced traced = GraphBuilder.trace("jit", site, key.types(), vals -> {
      try {
        return flat.apply(vals);
      } catch (NotATreeError e) {
        throw new TransformError("jit(" + site + "): the function must return a pytree of arrays; " + e.getMessage()
            + "; return Java values (ints, strings, ...) outside the jitted function, or as arrays");
      }
    });
    JitGraph callee = new JitGraph(traced.graph(), COMPILER);
    callee.executable();   // compile now, inside the compile event
    if (ev != null && ev.shouldCommit()) {
      ev.function = site;
      ev.signature = signature(key);
      ev.commit();
    }
    int n = compiles.incrementAndGet();
    Key prev = lastCompiled;
    lastCompiled = key;
    if (Boolean.getBoolean("graft.logCompiles"))
      LOG.log(Level.INFO, () -> "jit(" + site + "): compiled " + signature(key) + " in "
          + (System.nanoTime() - t0) / 1_000_000 + " ms (signature " + n + ")");
    if (n > WARN_AFTER && prev != null)
      LOG.log(Level.WARNING, () -> "jit(" + site + "): " + n + " signatures compiled; " + changed(prev, key, x)
          + "; recompiles cost time: pad inputs to a few fixed shapes");
    return new Compiled(traced, outDef[0], callee, new AtomicBoolean(), new ConcurrentHashMap<>());
  }

  /** A path through a record component or map key ({@code [0].model.w}), not only list positions. */
  private static boolean named(String path) { return path.contains(".") || path.contains("['"); }

  /** A float leaf widened (f32 to f64): what a strongly typed f64 value does to f32 parameters. */
  private static boolean promoted(io.graft.numerics.DType arg, io.graft.numerics.DType result) {
    return arg.isFloating() && result.isFloating() && result.bits() > arg.bits();
  }

  /** The length of a path's first segment ({@code [0]}, {@code .w}, {@code ['k']}); 0 for the root. */
  private static int firstSegment(String path) {
    if (path.startsWith("[")) return path.indexOf(']') + 1;
    if (!path.startsWith(".")) return 0;
    int dot = path.indexOf('.', 1), bracket = path.indexOf('[', 1);
    int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
    return end < 0 ? path.length() : end;
  }

  /** The signature as logged: the leaf types, then the structure ({@code *} per leaf, static values as they print). */
  private static String signature(Key key) { return key.types().mkString("(", ", ", ")") + " as " + key.def(); }

  /** Which argument leaf changed between two compiled signatures. */
  private String changed(Key prev, Key now, P x) {
    if (!prev.def().equals(now.def())) return "the argument's structure changed from " + prev.def() + " to " + now.def();
    Vector<String> paths = Trees.paths(x);
    for (int i = 0; i < now.types().size(); i++)
      if (!prev.types().get(i).equals(now.types().get(i)))
        return "argument leaf " + (paths.get(i).isEmpty() ? "x" : "x" + paths.get(i)) + " changed from "
            + prev.types().get(i) + " to " + now.types().get(i);
    return "the signature changed";
  }

}
