package io.graft.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A cost model of one data-parallel step against the number of processes {@code P} (weak scaling: the same batch per
 * process), to reason past this 2-core machine:
 * <pre>
 *   T(P)   = C · max(1, P / cores) + max(0, A(P) − o · C)          (compute, then the all-reduce not hidden)
 *   A(P)   = 2 (P − 1) α + 2 (P − 1) / P · n β                       (ring all-reduce of n bytes: reduce-scatter + all-gather)
 *   E(P)   = T(1) / T(P)
 * </pre>
 * {@code C} is one process's step compute, {@code cores} the cores the processes share (oversubscription slows
 * compute by {@code P / cores}), {@code α} the per-message latency, {@code β} seconds per byte, {@code n} the gradient
 * bytes and {@code o} the fraction of the compute that can hide communication (0 when the all-reduce starts after
 * the backward pass, as it does for a gradient of one bucket; about 0.5 when several buckets start during the
 * backward pass, as {@code Distributed.startAllReduceMean(jitted, ...)} and PyTorch DDP do). {@code main} fits α and β from two all-reduce timings measured here
 * ({@code A(2) = 2α + nβ} for a 4-byte and a large message), checks the model against the step times measured on 1–4
 * local processes and predicts 8–256 processes on a 100 Gb/s network (β = 8 / 1e11 s/byte, α = 5 µs), writing
 * {@code docs/mpi-scaling.csv} and {@code docs/mpi-scaling.png}.
 *
 * <p>Usage: {@code ScalingModel C_ms n_bytes smallAllReduce_ms largeAllReduce_ms largeBytes [P=T_ms ...]}, e.g. the
 * figures {@code benchmarks/run_mpi.sh} prints.
 */
public final class ScalingModel {
  private ScalingModel() {}

  /** The model's parameters (seconds, bytes). */
  public record Params(double compute, double bytes, double alpha, double beta, int cores, double overlap) {
    /** The ring all-reduce time of {@link #bytes} over {@code p} processes; 0 for one. */
    public double allReduce(int p) { return p == 1 ? 0 : 2 * (p - 1) * alpha + 2.0 * (p - 1) / p * bytes * beta; }

    /** The step time on {@code p} processes. */
    public double step(int p) { return compute * Math.max(1, (double) p / cores) + Math.max(0, allReduce(p) - overlap * compute); }

    /** Weak-scaling efficiency {@code T(1) / T(p)}. */
    public double efficiency(int p) { return step(1) / step(p); }

    /** The same model on another network. */
    public Params on(double alpha, double beta, int cores) { return new Params(compute, bytes, alpha, beta, cores, overlap); }

    /** The same model with overlap fraction {@code o}. */
    public Params withOverlap(double o) { return new Params(compute, bytes, alpha, beta, cores, o); }
  }

  /** α and β from {@code A(2) = 2α + nβ} at a tiny message (≈ 2α) and a large one of {@code largeBytes}. */
  public static double[] fitAlphaBeta(double smallSeconds, double largeSeconds, double largeBytes) {
    double alpha = smallSeconds / 2;
    return new double[] {alpha, Math.max(0, largeSeconds - 2 * alpha) / largeBytes};
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println("usage: ScalingModel C_ms gradient_bytes small_allreduce_ms large_allreduce_ms large_bytes [P=T_ms ...]");
      System.exit(2);
    }
    double c = Double.parseDouble(args[0]) / 1e3, n = Double.parseDouble(args[1]);
    double[] ab = fitAlphaBeta(Double.parseDouble(args[2]) / 1e3, Double.parseDouble(args[3]) / 1e3, Double.parseDouble(args[4]));
    Map<Integer, Double> measured = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      String[] kv = args[i].split("=");
      measured.put(Integer.parseInt(kv[0]), Double.parseDouble(kv[1]) / 1e3);
    }
    Params here = new Params(c, n, ab[0], ab[1], 2, 0);
    Params net = here.on(5e-6, 8 / 100e9, Integer.MAX_VALUE);
    System.out.printf(Locale.ROOT, "fitted here: alpha %.1f us, beta %.3f ns/byte (%.2f GB/s); compute %.3f ms, gradient %.0f bytes%n",
        ab[0] * 1e6, ab[1] * 1e9, 1 / ab[1] / 1e9, c * 1e3, n);
    StringBuilder csv = new StringBuilder("setting,processes,predicted_step_ms,efficiency,allreduce_ms,measured_step_ms\n");
    List<Double> xsHere = new ArrayList<>(), ysHere = new ArrayList<>(), xsM = new ArrayList<>(), ysM = new ArrayList<>();
    for (int p = 1; p <= 4; p++) {
      Double m = measured.get(p);
      csv.append(String.format(Locale.ROOT, "this machine (2 cores),%d,%.4f,%.4f,%.4f,%s%n", p, here.step(p) * 1e3, here.efficiency(p),
          here.allReduce(p) * 1e3, m == null ? "" : String.format(Locale.ROOT, "%.4f", m * 1e3)));
      xsHere.add((double) p);
      ysHere.add(here.efficiency(p));
      if (m != null) {
        xsM.add((double) p);
        ysM.add(measured.getOrDefault(1, here.step(1)) / m);
        System.out.printf(Locale.ROOT, "P=%d: measured %.3f ms, model %.3f ms (%+.0f%%)%n", p, m * 1e3, here.step(p) * 1e3, 100 * (here.step(p) / m - 1));
      }
    }
    XYChart chart = new XYChartBuilder().width(900).height(500).title("Weak scaling of W10's step: model and measurements")
        .xAxisTitle("processes").yAxisTitle("efficiency T(1) / T(P)").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.addSeries("model, this machine (measured alpha, beta; 2 cores)", xsHere, ysHere).setMarker(SeriesMarkers.NONE);
    if (!xsM.isEmpty()) chart.addSeries("measured, this machine", xsM, ysM).setMarker(SeriesMarkers.CIRCLE);
    for (double o : new double[] {0, 0.5}) {
      Params q = net.withOverlap(o);
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      for (int p = 1; p <= 256; p *= 2) {
        xs.add((double) p);
        ys.add(q.efficiency(p));
        csv.append(String.format(Locale.ROOT, "100 Gb/s overlap %.1f,%d,%.4f,%.4f,%.4f,%n", o, p, q.step(p) * 1e3, q.efficiency(p), q.allReduce(p) * 1e3));
        if (p >= 8) System.out.printf(Locale.ROOT, "100 Gb/s, overlap %.1f, P=%d: step %.3f ms, E %.3f%n", o, p, q.step(p) * 1e3, q.efficiency(p));
      }
      chart.addSeries(String.format(Locale.ROOT, "model, 100 Gb/s (alpha 5 us), overlap %.1f", o), xs, ys).setMarker(SeriesMarkers.NONE);
    }
    Path docs = Path.of(System.getProperty("graft.docs", "docs"));
    Files.createDirectories(docs);
    Files.writeString(docs.resolve("mpi-scaling.csv"), csv);
    BitmapEncoder.saveBitmap(chart, docs.resolve("mpi-scaling").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("written: " + docs.resolve("mpi-scaling.csv") + ", " + docs.resolve("mpi-scaling.png"));
  }
}
