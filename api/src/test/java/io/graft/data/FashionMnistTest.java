package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.Array;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path dir;

  @Test void loadsTheRealFiles() {
    Path found;
    try {
      found = FashionMnist.locate(FashionMnist.searchPath());
    } catch (DatasetNotFoundError e) {
      assumeTrue(false, "Fashion-MNIST test skipped: the files are not here (" + e.getMessage() + ")");
      return;
    }
    Splits data = FashionMnist.load(found);
    assertArrayEquals(new int[] {60000, 28, 28}, data.train().inputs().shape());
    assertArrayEquals(new int[] {10000, 28, 28}, data.test().inputs().shape());
    // reference values computed from the same files with NumPy: first labels, per-class counts, pixel sums
    int[] train = data.train().labels().toIntArray(), test = data.test().labels().toIntArray();
    assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, java.util.Arrays.copyOf(train, 10));
    assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, java.util.Arrays.copyOf(test, 10));
    int[] counts = new int[10];
    for (int y : train) counts[y]++;
    for (int c : counts) assertEquals(6000, c);
    float[] first = data.train().inputs().get(0).toFloatArray();
    double sum = 0;
    for (float v : first) { sum += v; assertTrue(v >= 0 && v <= 1); }
    assertEquals(76247 / 255.0, sum, 1e-3);
    assertEquals(573469082 / 255.0, sumOf(data.test().inputs()), 1);
  }

  private static double sumOf(Array a) {
    double s = 0;
    for (float v : a.toFloatArray()) s += v;
    return s;
  }

  @Test void searchesTheCacheDirectoryThenDebians() {
    assertEquals(Vector.of(Path.of("/data/fashion-mnist"), FashionMnist.DEBIAN_DIR), FashionMnist.searchPath(Map.of("GRAFT_DATA", "/data"), "/home/u"));
    assertEquals(Vector.of(Path.of("/home/u/.graft/data/fashion-mnist"), FashionMnist.DEBIAN_DIR), FashionMnist.searchPath(Map.of(), "/home/u"));
  }

  @Test void findsPlainOrGzippedFilesInTheFirstDirectoryThatHasAllFour() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty")), partial = Files.createDirectory(dir.resolve("partial"));
    Path full = Files.createDirectory(dir.resolve("full"));
    byte[] images = IdxTest.idx(0x08, new int[] {2, 28, 28}, out -> out.write(new byte[2 * 784]));
    byte[] labels = IdxTest.idx(0x08, new int[] {2}, out -> out.write(new byte[] {3, 4}));
    Files.write(partial.resolve("train-images-idx3-ubyte.gz"), IdxTest.gzip(images));
    Files.write(full.resolve("train-images-idx3-ubyte.gz"), IdxTest.gzip(images));
    Files.write(full.resolve("train-labels-idx1-ubyte"), labels);
    Files.write(full.resolve("t10k-images-idx3-ubyte"), images);
    Files.write(full.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.gzip(labels));
    assertEquals(full, FashionMnist.locate(Vector.of(empty, partial, full)));
    Splits s = FashionMnist.load(full);
    assertArrayEquals(new int[] {3, 4}, s.test().labels().toIntArray());
    assertArrayEquals(new int[] {2, 28, 28}, s.train().inputs().shape());
  }

  @Test void sayWhereToGetTheFilesWhenAbsent() {
    Path cache = dir.resolve("cache");
    DatasetNotFoundError e = assertThrows(DatasetNotFoundError.class, () -> FashionMnist.locate(Vector.of(cache, dir.resolve("debian"))));
    for (String s : new String[] {cache.toString(), "debian", "apt-get install dataset-fashion-mnist", "dpkg -x",
        "github.com/zalandoresearch/fashion-mnist", "train-images-idx3-ubyte.gz", "GRAFT_DATA"})
      assertTrue(e.getMessage().contains(s), s + " in: " + e.getMessage());
    assertThrows(DatasetNotFoundError.class, () -> FashionMnist.load(cache));
  }
}
