package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.io.FileFormatError;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 reader on files written in CIFAR-10's binary format here (CIFAR-10 itself is not reachable). */
class CifarTest {
  @TempDir Path dir;

  /** The pixel byte of record {@code r}, channel {@code c}, row {@code y}, column {@code x}: distinct per position. */
  static int pixel(int r, int c, int y, int x) { return (r * 7 + c * 50 + y * 3 + x) & 0xFF; }

  /** A file of records with labels {@code labels[i]} and pixels {@link #pixel}, first record number {@code r0}. */
  static byte[] records(int r0, int... labels) {
    byte[] b = new byte[labels.length * Cifar10.RECORD_BYTES];
    for (int i = 0; i < labels.length; i++) {
      int at = i * Cifar10.RECORD_BYTES;
      b[at] = (byte) labels[i];
      for (int c = 0; c < 3; c++)
        for (int y = 0; y < 32; y++)
          for (int x = 0; x < 32; x++) b[at + 1 + c * 1024 + y * 32 + x] = (byte) pixel(r0 + i, c, y, x);
    }
    return b;
  }

  @Test void readsRecordsChannelsLast() throws IOException {
    Path a = Files.write(dir.resolve("a.bin"), records(0, 3, 9)), b = Files.write(dir.resolve("b.bin"), records(2, 0));
    Examples e = Cifar10.read(Vector.of(a, b), false);
    assertArrayEquals(new int[] {3, 32, 32, 3}, e.inputs().shape());
    assertArrayEquals(new int[] {3, 9, 0}, e.labels().toIntArray());
    float[] px = e.inputs().toFloatArray();
    for (int r = 0; r < 3; r++)
      for (int y = 0; y < 32; y += 5)
        for (int x = 0; x < 32; x += 3)
          for (int c = 0; c < 3; c++) assertEquals(pixel(r, c, y, x), px[((r * 32 + y) * 32 + x) * 3 + c], "r" + r + " y" + y + " x" + x + " c" + c);
    float[] scaled = Cifar10.read(Vector.of(a), true).inputs().toFloatArray();
    assertEquals(pixel(1, 2, 31, 31) / 255f, scaled[((32 + 31) * 32 + 31) * 3 + 2], 1e-7);
  }

  @Test void loadsTheSixBatchFiles() throws IOException {
    for (int i = 1; i <= 5; i++) Files.write(dir.resolve("data_batch_" + i + ".bin"), records(i, i, i + 1));
    Files.write(dir.resolve("test_batch.bin"), records(0, 7));
    Splits s = Cifar10.load(dir, true);
    assertEquals(10, s.train().size());
    assertArrayEquals(new int[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, s.train().labels().toIntArray());
    assertArrayEquals(new int[] {7}, s.test().labels().toIntArray());
  }

  @Test void damagedOrMissingFilesAreTypedErrors() throws IOException {
    byte[] good = records(0, 1, 2);
    Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(good, good.length - 5));
    assertTrue(assertThrows(FileFormatError.class, () -> Cifar10.read(Vector.of(cut), true)).getMessage().contains("3073"));
    Path label = Files.write(dir.resolve("label.bin"), records(0, 1, 12));
    assertTrue(assertThrows(FileFormatError.class, () -> Cifar10.read(Vector.of(label), true)).getMessage().contains("label 12"));
    DatasetNotFoundError e = assertThrows(DatasetNotFoundError.class, () -> Cifar10.load(dir, true));
    assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("cs.toronto.edu"), e.getMessage());
  }
}
