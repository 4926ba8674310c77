package io.graft.quant;

import java.util.Arrays;

/**
 * How an activation's quantization range {@code [lo, hi]} is chosen from the values seen over a calibration set.
 * <ul>
 *   <li>{@link #minMax()}: {@code lo = min x}, {@code hi = max x}. Nothing saturates on the calibration set; one
 *       outlier stretches the step for every other value.</li>
 *   <li>{@link #percentile(double) percentile(p)}: {@code lo} and {@code hi} are the {@code (100 - p)}-th and
 *       {@code p}-th percentiles (nearest rank) of all the values seen; the tails beyond saturate, the step shrinks.
 *       Keeps every value seen (4 bytes each) until {@link Observer#range()}.</li>
 * </ul>
 * <pre>{@code
 * Calibrator.Observer o = Calibrator.percentile(99.9).observer();
 * for (float[] batch : batches) o.observe(batch);
 * float[] lohi = o.range();
 * }</pre>
 */
public sealed interface Calibrator {
  /** The min-max calibrator. */
  static Calibrator minMax() { return new MinMax(); }

  /**
   * The percentile calibrator.
   *
   * @param p the upper percentile, in {@code (50, 100]}; {@code 100} is min-max
   * @return the calibrator
   */
  static Calibrator percentile(double p) { return new Percentile(p); }

  /** A fresh accumulator of values for one tensor. */
  Observer observer();

  /** Accumulates the values of one tensor over the calibration batches. */
  sealed interface Observer {
    /**
     * Adds {@code values} (NaNs are skipped).
     *
     * @param values one batch of the tensor's elements
     */
    void observe(float[] values);

    /**
     * The range {@code {lo, hi}} of the values observed so far; an {@link IllegalStateException} naming the fix when none were.
     *
     * @return {@code {lo, hi}}, {@code lo <= hi}
     */
    float[] range();
  }

  /** {@code [min x, max x]}. */
  record MinMax() implements Calibrator {
    @Override public Observer observer() { return new MinMaxObserver(); }
    @Override public String toString() { return "minMax"; }
  }

  /**
   * {@code [P_{100-p}(x), P_p(x)]}, nearest-rank percentiles.
   *
   * @param p the upper percentile, in {@code (50, 100]}
   */
  record Percentile(double p) implements Calibrator {
    /** Checks {@code p}. */
    public Percentile {
      if (!(p > 50 && p <= 100))
        throw new IllegalArgumentException("Calibrator.percentile: p must be in (50, 100], got " + p + "; e.g. 99.99");
    }

    @Override public Observer observer() { return new PercentileObserver(p); }
    @Override public String toString() { return "percentile(" + p + ")"; }
  }

  /** The running min and max. */
  final class MinMaxObserver implements Observer {
    private float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;

    private MinMaxObserver() {}

    @Override public void observe(float[] values) {
      for (float v : values) { if (v < lo) lo = v; if (v > hi) hi = v; }   // NaN compares false: skipped
    }

    @Override public float[] range() {
      if (lo > hi) throw new IllegalStateException("Calibrator.minMax: no values observed; pass at least one calibration batch");
      return new float[] {lo, hi};
    }
  }

  /** Every value, sorted once when the range is asked for. */
  final class PercentileObserver implements Observer {
    private final double p;
    private float[] values = new float[1024];
    private int n;

    private PercentileObserver(double p) { this.p = p; }

    @Override public void observe(float[] batch) {
      if (n + batch.length > values.length) values = Arrays.copyOf(values, Math.max(values.length * 2, n + batch.length));
      for (float v : batch) if (!Float.isNaN(v)) values[n++] = v;
    }

    @Override public float[] range() {
      if (n == 0) throw new IllegalStateException("Calibrator.percentile: no values observed; pass at least one calibration batch");
      float[] s = Arrays.copyOf(values, n);
      Arrays.sort(s);
      return new float[] {s[rank(100 - p, n)], s[rank(p, n)]};
    }

    /** The nearest-rank index of percentile {@code q} among {@code n} sorted values: {@code ceil(q/100 · n) - 1}, clamped. */
    static int rank(double q, int n) { return Math.clamp((long) Math.ceil(q / 100 * n) - 1, 0, n - 1); }
  }
}
