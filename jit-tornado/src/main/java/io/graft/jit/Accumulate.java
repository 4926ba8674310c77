package io.graft.jit;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.numerics.DType;
import io.graft.trace.prim.DotGeneral;
import java.util.List;

/**
 * A product's epilogue that the product can run by adding itself to the other operand's buffer: the fused step computes
 * {@code x - s·p}, {@code x + s·p}, {@code x - p} or {@code x + p} of the product {@code p} and an operand {@code x}
 * of its shape, so the BLAS call {@code C = ±s·A·B + C} over {@code x}'s buffer ({@code io.graft.numerics.kernels.GemmAccumulate})
 * computes it with no buffer for {@code p} and no second pass: an SGD update {@code w - lr·(hᵀ·g)} of a weight the
 * step may overwrite (donated, as {@code jax.jit(step, donate_argnums=0)}). Values within an ulp of the larger term
 * of the separate pass's (see {@code GemmAccumulate}); the executor takes this route only when the run owns {@code x}'s
 * buffer alone, else the product and its epilogue run as before. {@code -Dgraft.accumulate=false} turns it off (read
 * when a program is built).
 *
 * @param operand the fused step's operand position of {@code x}
 * @param minus   {@code x - s·p} (else {@code x + s·p})
 * @param scale   {@code s} (1 for {@code x ± p})
 */
record Accumulate(int operand, boolean minus, double scale) {

  /**
   * Per step, the accumulation its product may run instead of its epilogue ({@code epilogue[i]}), else null; null
   * when none. Needs: a {@code dot_general} with an f32/f64 result that only the epilogue reads; the epilogue's loop
   * is {@code x ± s·p} in that dtype with {@code x} an operand it may overwrite ({@link Step.Fused#inPlace}: read
   * once, in the result's order, dead after it); neither the product nor a step between it and the epilogue reads
   * {@code x} (the product writes its buffer first).
   */
  static Accumulate[] find(List<Step> steps, int[] epilogue, int[] lastUse) {
    if (epilogue == null || !enabled()) return null;
    Accumulate[] found = new Accumulate[steps.size()];
    boolean any = false;
    for (int i = 0; i < steps.size(); i++) {
      int e = epilogue[i];
      if (e < 0 || !(steps.get(i) instanceof Step.Call c) || !(c.eqn().prim() instanceof DotGeneral)) continue;
      Step.Fused f = (Step.Fused) steps.get(e);
      Kernel k = f.kernel().kernel();
      DType t = c.eqn().out().get(0).type().dtype();
      if (lastUse[c.outSlots()[0]] != e || k.dtype() != t || k.outDType() != t) continue;
      Accumulate a = of(c, f);
      if (a == null || !contains(f.inPlace(), a.operand) || k.inputs().get(a.operand).dtype() != t) continue;
      boolean readBetween = false;
      for (int j = i + 1; j < e; j++) readBetween |= Epilogues.reads(steps.get(j), f.inSlots()[a.operand]);
      if (readBetween) continue;
      found[i] = a;
      any = true;
    }
    return any ? found : null;
  }

  /**
   * Moves each {@code dot_general} step whose first reader is a loop of the form {@code x ± s·p} (see {@link #match}),
   * together with that loop, to just after the last other step that reads {@code x}, so that the loop is {@code x}'s
   * last reader and may overwrite it: a backward pass computes a weight's gradient {@code hᵀ·g} and updates the weight
   * before (or around) the input gradient {@code g·wᵀ} that reads the old weight. Legal whenever no step up to that
   * reader reads the loop's result or the product's (another loop over the product, such as a dead tanh's derivative
   * in a JVP, would otherwise run before the product): each slot is written once, so the product's and the loop's
   * operands are final before them, and a loop overwrites an operand only at that operand's last reader, decided
   * afterwards. {@code builders} (one per step) moves along.
   */
  static void sinkProducts(List<Step> steps, List<?> builders) {
    if (!enabled()) return;
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (!(steps.get(i) instanceof Step.Call c) || !(c.eqn().prim() instanceof DotGeneral) || c.outSlots().length != 1) continue;
      int e = i + 1;
      while (e < steps.size() && !Epilogues.reads(steps.get(e), c.outSlots()[0])) e++;
      if (e == steps.size() || !(steps.get(e) instanceof Step.Fused f)) continue;
      Accumulate a = of(c, f);
      if (a == null) continue;
      int xs = f.inSlots()[a.operand], last = -1;
      for (int j = i + 1; j < steps.size(); j++) if (j != e && Epilogues.reads(steps.get(j), xs)) last = j;
      if (last < 0) continue;                                // x's last reader already
      boolean resultRead = false;
      for (int j = e + 1; j <= last; j++) {
        for (int o : f.outSlots()) resultRead |= Epilogues.reads(steps.get(j), o);
        resultRead |= Epilogues.reads(steps.get(j), c.outSlots()[0]);   // the product's other readers stay after it
      }
      if (resultRead) continue;
      int to = last;                                         // the steps after last move up by one per step removed
      if (e < last) {
        move(steps, e, to);
        move(builders, e, to);
      } else {
        to = e - 1;                                          // the reader lies between: only the product moves
      }
      move(steps, i, to - (e < last ? 1 : 0));
      move(builders, i, to - (e < last ? 1 : 0));
    }
  }

  private static <T> void move(List<T> xs, int from, int to) { xs.add(to, xs.remove(from)); }

  /** {@code -Dgraft.accumulate=false} turns the route off (read when a program is built). */
  private static boolean enabled() { return !"false".equals(System.getProperty("graft.accumulate")); }

  /**
   * Loop {@code f}, the first reader of product {@code c}'s result, as {@code x ± s·p} with {@code x} an operand the
   * product does not read ({@code w - s·(w·g)} would have BLAS read the buffer it writes); else null.
   */
  private static Accumulate of(Step.Call c, Step.Fused f) {
    int p = -1;
    for (int q = 0; q < f.inSlots().length; q++) if (f.inSlots()[q] == c.outSlots()[0]) p = q;
    Accumulate a = match(f.kernel().kernel().body(), p);
    return a == null || f.inSlots()[a.operand] < 0 || Epilogues.reads(c, f.inSlots()[a.operand]) ? null : a;
  }

  /** {@code body} as {@code x ± s·p} with {@code p} input {@code p}, else null. */
  static Accumulate match(Expr body, int p) {
    if (!(body instanceof Expr.Binary(BinaryFn fn, Expr a, Expr b)) || fn != BinaryFn.ADD && fn != BinaryFn.SUB) return null;
    Double s = scaleOf(b, p);
    if (s != null && a instanceof Expr.Input(int x) && x != p) return new Accumulate(x, fn == BinaryFn.SUB, s);
    s = fn == BinaryFn.ADD ? scaleOf(a, p) : null;
    if (s != null && b instanceof Expr.Input(int x) && x != p) return new Accumulate(x, false, s);
    return null;
  }

  /** {@code s} when {@code e} is {@code p}, {@code p·s} or {@code s·p} for input {@code p} and a literal {@code s}. */
  private static Double scaleOf(Expr e, int p) {
    return switch (e) {
      case Expr.Input(int i) when i == p -> 1.0;
      case Expr.Binary(BinaryFn fn, Expr.Input(int i), Expr.Constant(double s)) when fn == BinaryFn.MUL && i == p -> s;
      case Expr.Binary(BinaryFn fn, Expr.Constant(double s), Expr.Input(int i)) when fn == BinaryFn.MUL && i == p -> s;
      default -> null;
    };
  }

  private static boolean contains(int[] xs, int x) {
    for (int v : xs) if (v == x) return true;
    return false;
  }
}
