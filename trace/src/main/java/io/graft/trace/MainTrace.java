package io.graft.trace;

import java.util.Objects;
import java.util.function.Function;

/**
 * One running transform: its nesting level, what it is (for error messages), and its {@link Trace}.
 *
 * <p>Levels order nested transforms as in autodidax: {@link Bind} hands a primitive to the highest-level trace
 * among its operands. When the transform finishes it {@link #close closes} its main trace; a tracer of a closed
 * trace that shows up later has leaked, and {@link Bind} reports it with the transform's name. A main trace belongs
 * to the thread that opened it (its context is a {@link ScopedValue} of that thread): a tracer used on another thread
 * while the transform still runs is reported too, naming both threads.
 */
public final class MainTrace {
  private final int level;
  private final String transform;
  private final String function;
  private final Trace trace;
  private final Thread owner = Thread.currentThread();
  private volatile boolean alive = true;

  private MainTrace(int level, String transform, String function, Function<MainTrace, Trace> makeTrace) {
    this.level = level;
    this.transform = transform;
    this.function = function;
    this.trace = makeTrace.apply(this);
  }

  /**
   * A new main trace one level above the current innermost one.
   *
   * @param transform the transform's name, e.g. {@code makeGraph}, {@code grad}
   * @param function  the user's function as shown in errors, e.g. {@code loss @ Train.java:41}
   * @param makeTrace builds this main's trace
   */
  public static MainTrace open(String transform, String function, Function<MainTrace, Trace> makeTrace) {
    Objects.requireNonNull(transform, "transform is null");
    Objects.requireNonNull(function, "function is null");
    return new MainTrace(TraceContext.innermostLevel() + 1, transform, function, makeTrace);
  }

  /** Nesting level (eager evaluation is level 0). */
  public int level() { return level; }

  /** The transform's name. */
  public String transform() { return transform; }

  /** The user's function, as shown in errors. */
  public String function() { return function; }

  /** This main's trace. */
  public Trace trace() { return trace; }

  /** The thread running this transform (the one that opened it): the only one that may use its tracers. */
  public Thread owner() { return owner; }

  /** False once the transform has finished. */
  public boolean alive() { return alive; }

  /** Marks the transform finished. */
  public void close() { alive = false; }

  /** {@code makeGraph(f @ Demo.java:12)}: the transform applied to the user's function. */
  public String describe() { return transform + "(" + function + ")"; }

  @Override public String toString() { return describe() + "@" + level; }
}
