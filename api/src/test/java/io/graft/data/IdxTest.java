package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.io.FileFormatError;
import io.graft.numerics.DType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** An IDX file: the header for {@code type} and {@code dims}, then {@code body} as written by {@code data}. */
  static byte[] idx(int type, int[] dims, IoBody body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes); // big-endian, as IDX
    out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int d : dims) out.writeInt(d);
    body.write(out);
    return bytes.toByteArray();
  }

  interface IoBody { void write(DataOutputStream out) throws IOException; }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(b); }
    return out.toByteArray();
  }

  static byte[] pixels() throws IOException {
    return idx(0x08, new int[] {2, 2, 3}, out -> { for (int i = 0; i < 12; i++) out.write(i == 11 ? 255 : i * 20); });
  }

  @Test void readsUnsignedByteImagesScaledOrNotGzippedOrNot() throws IOException {
    Path plain = Files.write(dir.resolve("images-idx3-ubyte"), pixels());
    Path gz = Files.write(dir.resolve("images-idx3-ubyte.gz"), gzip(pixels()));
    for (Path f : new Path[] {plain, gz}) {
      Array raw = Idx.readImages(f, false), scaled = Idx.readImages(f, true);
      assertEquals(DType.F32, raw.dtype());
      assertArrayEquals(new int[] {2, 2, 3}, raw.shape());
      assertArrayEquals(new float[] {0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 255}, raw.toFloatArray());
      float[] s = scaled.toFloatArray();
      assertEquals(1f, s[11]);
      assertEquals(20f / 255f, s[1], 1e-7);
      assertArrayEquals(new int[] {0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 255}, Idx.read(f).toIntArray());
    }
  }

  @Test void readsLabelsAndOtherElementTypes() throws IOException {
    Path labels = Files.write(dir.resolve("labels"), idx(0x08, new int[] {4}, out -> out.write(new byte[] {9, 0, 3, (byte) 200})));
    assertArrayEquals(new int[] {9, 0, 3, 200}, Idx.readLabels(labels).toIntArray());
    Path i8 = Files.write(dir.resolve("i8"), idx(0x09, new int[] {2}, out -> out.write(new byte[] {-1, 5})));
    assertArrayEquals(new int[] {-1, 5}, Idx.read(i8).toIntArray());
    Path i16 = Files.write(dir.resolve("i16"), idx(0x0B, new int[] {2}, out -> { out.writeShort(-300); out.writeShort(7); }));
    assertArrayEquals(new int[] {-300, 7}, Idx.read(i16).toIntArray());
    Path i32 = Files.write(dir.resolve("i32"), idx(0x0C, new int[] {1, 2}, out -> { out.writeInt(-70000); out.writeInt(1 << 30); }));
    assertArrayEquals(new int[] {-70000, 1 << 30}, Idx.read(i32).toIntArray());
    Path f32 = Files.write(dir.resolve("f32"), idx(0x0D, new int[] {2}, out -> { out.writeFloat(1.5f); out.writeFloat(-0.25f); }));
    Array f = Idx.read(f32);
    assertEquals(DType.F32, f.dtype());
    assertArrayEquals(new float[] {1.5f, -0.25f}, f.toFloatArray());
    Path f64 = Files.write(dir.resolve("f64"), idx(0x0E, new int[] {1}, out -> out.writeDouble(Math.PI)));
    assertArrayEquals(new double[] {Math.PI}, Idx.read(f64).toDoubleArray());
  }

  @Test void damagedFilesAreFormatErrors() throws IOException {
    byte[] good = pixels();
    Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(good, good.length - 1));
    assertTrue(assertThrows(FileFormatError.class, () -> Idx.readImages(truncated, true)).getMessage().contains("truncated"));
    byte[] gz = gzip(good);
    Path truncatedGz = Files.write(dir.resolve("truncated.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertTrue(assertThrows(FileFormatError.class, () -> Idx.read(truncatedGz)).getMessage().contains("gzip"));
    Path notIdx = Files.write(dir.resolve("text"), "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(assertThrows(FileFormatError.class, () -> Idx.read(notIdx)).getMessage().contains("not an IDX file"));
    Path badType = Files.write(dir.resolve("type"), idx(0x07, new int[] {1}, out -> out.write(1)));
    assertTrue(assertThrows(FileFormatError.class, () -> Idx.read(badType)).getMessage().contains("0x7"));
    Path labels = Files.write(dir.resolve("labels"), idx(0x08, new int[] {2}, out -> out.write(new byte[] {1, 2})));
    assertThrows(FileFormatError.class, () -> Idx.readImages(labels, true));
    Path images = Files.write(dir.resolve("images"), good);
    assertThrows(FileFormatError.class, () -> Idx.readLabels(images));
    assertThrows(java.io.UncheckedIOException.class, () -> Idx.read(dir.resolve("missing")));
  }
}
