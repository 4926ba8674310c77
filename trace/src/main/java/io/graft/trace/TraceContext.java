package io.graft.trace;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.Supplier;

/**
 * The current trace context: the innermost level and the dynamic (staging) trace, if any. This is the one piece
 * of scoped mutable state in Graft: a {@link ScopedValue}, so a context is visible only inside the call that set
 * it, on that thread, and is restored on every exit (JAX's "stackless" design).
 *
 * <p>The dynamic trace is the one that stages operations on constants: inside {@code makeGraph} and
 * {@code jit} even {@code Np.ones(3)} becomes an equation rather than being computed at once.
 *
 * <p>The context also holds the <em>axis environment</em>: the {@link NamedAxis named axes} bound by the enclosing
 * {@code vmap(..., axisName)} calls, innermost first, which give collectives ({@code psum}, {@code allGather}, ...)
 * their meaning (JAX's {@code axis_env}).
 */
public final class TraceContext {
  private record Frame(int level, MainTrace dynamic, MainTrace innermost, List<NamedAxis> axes) {}

  private static final ScopedValue<Frame> FRAME = ScopedValue.newInstance();
  private static final Frame EAGER = new Frame(0, null, null, List.empty());

  private TraceContext() {}

  private static Frame frame() { return FRAME.orElse(EAGER); }

  /** Level of the innermost running transform (0 when none). */
  public static int innermostLevel() { return frame().level; }

  /** The dynamic trace, or {@code null} in eager mode. Read only by {@link Bind}. */
  static MainTrace dynamic() { return frame().dynamic; }

  /**
   * True when a staging trace ({@code makeGraph}, {@code jit}) is active, so even operations on constants are
   * recorded rather than run; {@code Graft.jit} then binds its call instead of running its executable.
   */
  public static boolean isStaging() { return frame().dynamic != null; }

  /** Runs {@code body} with {@code main} as the innermost transform. */
  public static <T> T within(MainTrace main, Supplier<T> body) {
    Frame f = frame();
    return ScopedValue.where(FRAME, new Frame(main.level(), f.dynamic, main, f.axes)).call(body::get);
  }

  /**
   * Runs {@code body} with {@code main} as the innermost transform and {@code axis} bound in the axis environment
   * (shadowing an outer axis of the same name, as nested {@code vmap}s with one name do in JAX).
   */
  public static <T> T withinAxis(MainTrace main, NamedAxis axis, Supplier<T> body) {
    Frame f = frame();
    return ScopedValue.where(FRAME, new Frame(main.level(), f.dynamic, main, f.axes.prepend(axis))).call(body::get);
  }

  /**
   * Runs {@code body} with the device axis {@code axis} ({@link NamedAxis#devices}) bound in the axis environment,
   * the innermost transform unchanged: collectives over it are recorded by whatever trace runs them.
   */
  public static <T> T withinDeviceAxis(NamedAxis axis, Supplier<T> body) {
    if (axis.main().isDefined()) throw new IllegalArgumentException("axis '" + axis.name() + "' belongs to a vmap; bind it with withinAxis");
    Frame f = frame();
    return ScopedValue.where(FRAME, new Frame(f.level, f.dynamic, f.innermost, f.axes.prepend(axis))).call(body::get);
  }

  /** The innermost binding of the axis {@code name}, or none when no enclosing {@code vmap} names it. */
  public static Option<NamedAxis> axis(String name) { return frame().axes.find(a -> a.name().equals(name)); }

  /** The bound axis names, innermost first. */
  public static List<String> axisNames() { return frame().axes.map(NamedAxis::name); }

  /** The innermost running transform, or none in eager mode (for error messages that name the user's function). */
  public static Option<MainTrace> innermost() { return Option.of(frame().innermost); }

  /** Runs {@code body} with {@code main} as the innermost transform and as the dynamic (staging) trace. */
  public static <T> T staging(MainTrace main, Supplier<T> body) {
    return ScopedValue.where(FRAME, new Frame(main.level(), main, main, frame().axes)).call(body::get);
  }
}
