package io.graft;

import io.graft.trace.Compiler;
import io.vavr.collection.Vector;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a jitted function's time goes ({@link Jitted#profile}): per kernel, {@code total = Σ_calls t_call} and
 * {@code % = total / wall · 100}, where {@code wall} is the time of the profiled runs end to end. A kernel is what the
 * CPU backend runs as one step: a primitive's tuned kernel (named by the primitive, {@code conv_general_dilated},
 * {@code dot_general}; calls with other shapes add to the same row), a fused loop ({@code fused(sub mul add)}, its
 * members in order) or a control-flow primitive as a whole ({@code scan}, {@code while}, {@code cond}). Rows are sorted
 * by total time; one last row, {@link #BETWEEN_KERNELS}, holds the wall time outside every kernel (reading operands,
 * handing buffers back to the run's pool), so the percentages add up to 100.
 * <pre>{@code
 * Profile p = step.profile(state, batch);      // Jitted2: compiles if needed, then one timed run
 * System.out.println(p);                       // the table
 * }</pre>
 * Profiling reads the clock twice per step; an ordinary call of the jitted function reads none.
 *
 * @param function  the jitted function ({@code fn @ File.java:line})
 * @param rows      one per kernel, by decreasing total time, the {@link #BETWEEN_KERNELS} row last
 * @param runs      how many runs were timed
 * @param wallNanos the runs' time end to end, in nanoseconds
 */
public record Profile(String function, Vector<Row> rows, int runs, long wallNanos) {
  /** The name of the row holding the wall time outside every kernel. */
  public static final String BETWEEN_KERNELS = "(between kernels)";

  /**
   * One kernel's time.
   *
   * @param kernel its name
   * @param calls  how many times it ran, over all runs
   * @param nanos  its total time over all runs, in nanoseconds
   */
  public record Row(String kernel, long calls, long nanos) {}

  /** Validates. */
  public Profile {
    Objects.requireNonNull(function, "function is null");
    Objects.requireNonNull(rows, "rows is null");
    if (runs < 1) throw new IllegalArgumentException("Profile: runs must be positive, got " + runs);
  }

  /**
   * {@code row}'s share of the wall time, in percent.
   *
   * @param row a row of this profile
   * @return {@code 100 · row.nanos / wallNanos}
   */
  public double percent(Row row) { return wallNanos == 0 ? 0 : 100.0 * row.nanos() / wallNanos; }

  /**
   * The row of {@code kernel}, if it ran.
   *
   * @param kernel a kernel name as in the table
   * @return the row, or none
   */
  public io.vavr.control.Option<Row> row(String kernel) { return rows.find(r -> r.kernel().equals(kernel)); }

  /** The wall time of one run, in milliseconds. */
  public double millisPerRun() { return wallNanos / 1e6 / runs; }

  /**
   * The table: a header line with the function, runs and time per run, then per row the kernel, its calls per run,
   * milliseconds per run, microseconds per call and percent of the run.
   */
  @Override public String toString() { return table(Integer.MAX_VALUE); }

  /**
   * The table with at most {@code maxRows} kernel rows: the slowest ones, then one row summing the others
   * ({@code (n other kernels)}), then the {@link #BETWEEN_KERNELS} row.
   *
   * @param maxRows kernel rows to show, at least 1
   * @return the table
   */
  public String table(int maxRows) {
    if (maxRows < 1) throw new IllegalArgumentException("Profile.table: maxRows must be positive, got " + maxRows);
    Vector<Row> kernels = rows.filter(r -> !r.kernel().equals(BETWEEN_KERNELS));
    Vector<Row> shown = rows;
    if (kernels.size() > maxRows) {
      Vector<Row> rest = kernels.drop(maxRows);
      shown = kernels.take(maxRows).append(new Row("(" + rest.size() + " other kernels)", rest.map(Row::calls).sum().longValue(),
          rest.map(Row::nanos).sum().longValue())).appendAll(rows.filter(r -> r.kernel().equals(BETWEEN_KERNELS)));
    }
    int width = 24;
    for (Row r : shown) width = Math.max(width, Math.min(72, r.kernel().length()));
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "profile of jit(%s): %d run%s, %.3f ms per run%n",
        function, runs, runs == 1 ? "" : "s", millisPerRun()));
    String format = "  %-" + width + "s %10s %12s %12s %7s%n";
    b.append(String.format(Locale.ROOT, format, "kernel", "calls/run", "ms/run", "us/call", "%"));
    for (Row r : shown) {
      String name = r.kernel().length() > width ? r.kernel().substring(0, width - 3) + "..." : r.kernel();
      String calls = r.calls() % runs == 0 ? Long.toString(r.calls() / runs) : String.format(Locale.ROOT, "%.1f", (double) r.calls() / runs);
      b.append(String.format(Locale.ROOT, format, name, r.kernel().equals(BETWEEN_KERNELS) ? "" : calls,
          String.format(Locale.ROOT, "%.3f", r.nanos() / 1e6 / runs),
          r.calls() == 0 ? "" : String.format(Locale.ROOT, "%.1f", r.nanos() / 1e3 / r.calls()),
          String.format(Locale.ROOT, "%.1f", percent(r))));
    }
    return b.toString();
  }

  /** Sums step times per kernel name during profiled runs (one thread; the map is this object's own). */
  static final class Recorder implements Compiler.StepTimes {
    private final Map<String, long[]> byKernel = new LinkedHashMap<>();   // name -> {calls, nanos}

    @Override public void record(String step, long nanos) {
      long[] t = byKernel.computeIfAbsent(step, k -> new long[2]);
      t[0]++;
      t[1] += nanos;
    }

    /** The profile of {@code runs} runs that took {@code wallNanos} in all. */
    Profile profile(String function, int runs, long wallNanos) {
      Vector<Row> rows = Vector.ofAll(byKernel.entrySet()).map(e -> new Row(e.getKey(), e.getValue()[0], e.getValue()[1]))
          .sortBy(r -> -r.nanos());
      long inKernels = rows.map(Row::nanos).sum().longValue();
      long wall = Math.max(wallNanos, inKernels);
      return new Profile(function, rows.append(new Row(BETWEEN_KERNELS, 0, wall - inKernels)), runs, wall);
    }
  }
}
