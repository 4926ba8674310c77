package io.graft.trace.prim;

import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.Lazy;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A jit call's graph and what is derived from it once: its executable (compiled by {@code compiler} on first use),
 * its JVP splits per tangent pattern (forward mode) and its batched graphs per operand types ({@code vmap}). This object is where those caches live — the design's
 * "caches belong to their jitted functions": a jitted function holds one per signature, a graph that binds a
 * {@link JitCall} holds it through the equation, so dropping the function drops its executables, splits and kernels
 * with it. Nothing here is global or keyed by object identity.
 *
 * <p>Bound: at most {@value #SPLITS} JVP splits, an access-ordered LRU keyed by the tangent pattern (which
 * parameters have a nonzero tangent), and at most {@value #BATCHED} batched graphs ({@code vmap}), keyed by the
 * operand types with the batch axis in front; a split's known half and a batched graph are {@code JitGraph}s of their
 * own, so each compiles once too.
 * Thread-safe: the executable is compiled once ({@link Lazy}); a split may be computed twice by racing threads, and
 * the first one stored wins.
 */
public final class JitGraph {
  /** Most JVP splits kept per graph. */
  public static final int SPLITS = 16;
  /** Most batched graphs kept per graph. */
  public static final int BATCHED = 16;

  /**
   * The JVP of the graph split for one tangent pattern (see {@code transforms.JitJvp}).
   *
   * @param known   (primals) -> (primal results, residuals), run as one jit call
   * @param unknown (residuals, nonzero tangents) -> tangent results
   * @param numOuts how many of {@code known}'s results are primal results
   */
  public record JvpSplit(JitGraph known, Graph unknown, int numOuts) {
    /** Validates. */
    public JvpSplit {
      Objects.requireNonNull(known, "known is null");
      Objects.requireNonNull(unknown, "unknown is null");
    }
  }

  private final Graph graph;
  private final Compiler compiler;
  private final Lazy<Compiler.Executable> executable;
  private final Map<Vector<Boolean>, JvpSplit> splits = new LinkedHashMap<>(4, 0.75f, true) { // guarded by itself
    @Override protected boolean removeEldestEntry(Map.Entry<Vector<Boolean>, JvpSplit> e) { return size() > SPLITS; }
  };
  private final Map<Vector<ShapedType>, JitGraph> batched = new LinkedHashMap<>(4, 0.75f, true) { // guarded by itself
    @Override protected boolean removeEldestEntry(Map.Entry<Vector<ShapedType>, JitGraph> e) { return size() > BATCHED; }
  };

  /** {@code graph}, to be compiled by {@code compiler} when first run. */
  public JitGraph(Graph graph, Compiler compiler) {
    this.graph = Objects.requireNonNull(graph, "graph is null");
    this.compiler = Objects.requireNonNull(compiler, "compiler is null");
    this.executable = Lazy.of(() -> compiler.compile(graph));
  }

  /** The graph. */
  public Graph graph() { return graph; }

  /** The compiler that compiles it. */
  public Compiler compiler() { return compiler; }

  /** The graph's executable, compiled on the first call only. */
  public Compiler.Executable executable() { return executable.get(); }

  /** Whether {@link #executable()} has compiled yet (for tests). */
  public boolean isCompiled() { return executable.isEvaluated(); }

  /** The JVP split for tangent pattern {@code mask}, made by {@code make} on a miss only. */
  public JvpSplit jvpSplit(Vector<Boolean> mask, Function<Vector<Boolean>, JvpSplit> make) {
    Objects.requireNonNull(mask, "mask is null");
    JvpSplit hit;
    synchronized (splits) { hit = splits.get(mask); }
    if (hit != null) return hit;
    JvpSplit made = Objects.requireNonNull(make.apply(mask), "the split is null");
    synchronized (splits) {
      JvpSplit raced = splits.putIfAbsent(mask, made);
      return raced != null ? raced : made;
    }
  }

  /**
   * The graph batched for operand types {@code types} (batch axis 0), made by {@code make} on a miss only; a
   * {@code make} that returns none (a graph that closed over values of an enclosing trace) is not cached.
   */
  public Option<JitGraph> batched(Vector<ShapedType> types, Function<Vector<ShapedType>, Option<JitGraph>> make) {
    Objects.requireNonNull(types, "types is null");
    JitGraph hit;
    synchronized (batched) { hit = batched.get(types); }
    if (hit != null) return Option.of(hit);
    Option<JitGraph> made = make.apply(types);
    if (made.isEmpty()) return made;
    synchronized (batched) {
      JitGraph raced = batched.putIfAbsent(types, made.get());
      return Option.of(raced != null ? raced : made.get());
    }
  }

  /** The splits held now (for tests). */
  public int splitCount() {
    synchronized (splits) { return splits.size(); }
  }

  @Override public String toString() { return "JitGraph" + graph.inTypes().mkString("(", ", ", ")"); }
}
