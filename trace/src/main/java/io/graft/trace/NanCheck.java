package io.graft.trace;

import io.graft.numerics.NdArray;
import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;
import java.util.function.Supplier;

/**
 * The NaN checker ({@code jax_debug_nans}): when on, every primitive run eagerly ({@link Bind}) and every equation
 * run by the jit executor checks its floating results; a NaN in a result when no operand held one is a
 * {@link NanError} naming the primitive, its operand types and (in jit) the equation.
 *
 * <p>Switched on for the whole process with {@code -Dgraft.debugNans=true} (read once, when this class loads), or
 * for one scope with {@link #withEnabled(Supplier)} (a {@code ScopedValue}, so tests need no JVM fork). Off, the
 * cost is one test of a final field and one unbound-scoped-value test per primitive.
 */
public final class NanCheck {
  /** {@code -Dgraft.debugNans}, read once. */
  public static final boolean PROPERTY = Boolean.getBoolean("graft.debugNans");
  private static final ScopedValue<Boolean> SCOPED = ScopedValue.newInstance();

  private NanCheck() {}

  /** True when results are being checked here: the property, or inside {@link #withEnabled}. */
  public static boolean enabled() { return PROPERTY || SCOPED.isBound() && SCOPED.get(); }

  /** {@code body.get()} with the checker on (on this thread, for the scope of the call). */
  public static <T> T withEnabled(Supplier<T> body) {
    try {
      return ScopedValue.where(SCOPED, Boolean.TRUE).call(body::get);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code body.run()} with the checker on. */
  public static void withEnabled(Runnable body) { ScopedValue.where(SCOPED, Boolean.TRUE).run(body); }

  /**
   * Checks one application of {@code prim} (call only when {@link #enabled()}): a {@link NanError} when a floating
   * result holds a NaN and no operand does.
   *
   * @param where what to add to the message (the equation, in jit), or {@code null}
   */
  public static void check(Primitive prim, Vector<NdArray> in, Vector<NdArray> out, Supplier<String> where) {
    if (!out.exists(NanCheck::hasNan) || in.exists(NanCheck::hasNan)) return;
    String w = where == null ? "" : where.get();
    throw new NanError("debugNans: " + prim.name() + (prim.params().isEmpty() ? "" : "[" + prim.params() + "]")
        + " produced a NaN from operands " + in.map(a -> a.dtype().shortName() + a.shape()).mkString("(", ", ", ")")
        + " that held none" + (w.isEmpty() ? "" : "; " + w)
        + "; guard the operation (e.g. Np.where before log/sqrt/div) or switch the checker off (graft.debugNans)");
  }

  private static boolean hasNan(NdArray a) {
    switch (a.dtype()) {
      case F32 -> { for (float v : a.f32()) if (v != v) return true; }
      case F64 -> { for (double v : a.f64()) if (v != v) return true; }
      case BF16, F16 -> { for (int i = 0; i < a.size(); i++) if (Double.isNaN(a.getDouble(i))) return true; }
      default -> { }
    }
    return false;
  }
}
