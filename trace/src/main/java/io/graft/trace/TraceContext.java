package io.graft.trace;

import java.util.function.Supplier;

/**
 * The current trace context: the innermost level and the dynamic (staging) trace, if any. This is the one piece
 * of scoped mutable state in Graft: a {@link ScopedValue}, so a context is visible only inside the call that set
 * it, on that thread, and is restored on every exit (JAX's "stackless" design).
 *
 * <p>The dynamic trace is the one that stages operations on constants: inside {@code makeGraph} and
 * {@code jit} even {@code Np.ones(3)} becomes an equation rather than being computed at once.
 */
public final class TraceContext {
  private record Frame(int level, MainTrace dynamic) {}

  private static final ScopedValue<Frame> FRAME = ScopedValue.newInstance();
  private static final Frame EAGER = new Frame(0, null);

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
    return ScopedValue.where(FRAME, new Frame(main.level(), f.dynamic)).call(body::get);
  }

  /** Runs {@code body} with {@code main} as the innermost transform and as the dynamic (staging) trace. */
  public static <T> T staging(MainTrace main, Supplier<T> body) {
    return ScopedValue.where(FRAME, new Frame(main.level(), main)).call(body::get);
  }
}
