package io.graft.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training curves as PNG files, drawn headless with XChart. */
public final class Plots {
  private Plots() {}

  /**
   * Writes a chart of the training loss (left axis; {@code perEpoch} points per epoch) and the test accuracy after
   * each epoch (right axis), both against epochs, to {@code png} (atomically: a temporary file, then a move).
   */
  public static void lossAndAccuracy(List<Float> loss, List<Float> accuracy, int perEpoch, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500).title("Fashion-MNIST, SmallCnn, Adam (warm-up, cosine)")
        .xAxisTitle("epoch").yAxisTitle("training loss").build();
    double[] lx = IntStream.range(0, loss.size()).mapToDouble(i -> (i + 1) / (double) perEpoch).toArray();
    double[] ly = loss.stream().mapToDouble(Float::doubleValue).toArray();
    XYSeries l = chart.addSeries("training loss", lx, ly);
    l.setMarker(SeriesMarkers.NONE);
    if (!accuracy.isEmpty()) {
      double[] ax = IntStream.range(0, accuracy.size()).mapToDouble(i -> i + 1).toArray();
      double[] ay = accuracy.stream().mapToDouble(a -> 100 * a).toArray();
      XYSeries a = chart.addSeries("test accuracy (%)", ax, ay);
      a.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "test accuracy (%)");
    }
    save(chart, png);
  }

  /**
   * Writes a chart of several loss curves against the step ({@code curves}: series name to the loss of each step) to
   * {@code png}, atomically.
   */
  public static void lossCurves(String title, java.util.Map<String, List<Float>> curves, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("step").yAxisTitle("training loss").build();
    for (var e : curves.entrySet()) {
      double[] x = IntStream.range(0, e.getValue().size()).mapToDouble(i -> i + 1).toArray();
      XYSeries s = chart.addSeries(e.getKey(), x, e.getValue().stream().mapToDouble(Float::doubleValue).toArray());
      s.setMarker(SeriesMarkers.NONE);
    }
    save(chart, png);
  }

  private static void save(XYChart chart, Path png) throws IOException {
    Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), ".curves", ".png");
    try {
      String base = tmp.toString().substring(0, tmp.toString().length() - 4);
      BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
      Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
