package io.graft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.ShapeDtype;
import io.graft.numerics.DType;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Vector;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  record Layer(Array w, Array b) {}

  record Params(Layer layer1, Layer layer2) {}

  record State(Params params, Vector<Array> opt, java.util.Map<String, Array> extras, Array step) {}

  @TempDir Path dir;

  static State state(float scale, int step) {
    Layer l1 = new Layer(Array.of(new float[] {1 * scale, -2, 3.5f, 4, 5, 6}, 2, 3), Array.of(new double[] {0.25, -1e300, 7}));
    Layer l2 = new Layer(Array.of(new int[] {1, -2, Integer.MAX_VALUE}, 3, 1), Array.of(new long[] {Long.MIN_VALUE}, 1));
    java.util.Map<String, Array> extras = new java.util.TreeMap<>();
    extras.put("mask", Array.of(new boolean[] {true, false, true, true}, 2, 2));
    extras.put("empty", Array.of(new float[0], 0, 3));
    return new State(new Params(l1, l2), Vector.of(Array.scalar(2.5f), Array.of(new float[] {9, 8})), extras, Array.scalar(step));
  }

  /** An abstract target: only structure, shapes and dtypes. */
  static State target() {
    State s = state(1, 0);
    return io.graft.Tree.map(s, a -> ShapeDtype.of(a).array());
  }

  static void assertSameTree(State want, State got) {
    Vector<Array> w = io.graft.Tree.leaves(want), g = io.graft.Tree.leaves(got);
    assertEquals(w.size(), g.size());
    for (int i = 0; i < w.size(); i++) {
      assertEquals(w.get(i).dtype(), g.get(i).dtype(), "leaf " + i);
      assertArrayEquals(w.get(i).shape(), g.get(i).shape(), "leaf " + i);
      assertArrayEquals(w.get(i).toDoubleArray(), g.get(i).toDoubleArray(), "leaf " + i);
    }
  }

  @Test void entryNamesFollowTreePaths() {
    assertEquals(Vector.of("params.layer1.w", "params.layer1.b", "params.layer2.w", "params.layer2.b", "opt.0", "opt.1",
        "extras.empty", "extras.mask", "step"), Checkpoints.names(state(1, 0)));
    assertEquals(Vector.of("arr_0"), Checkpoints.names(Array.scalar(1f)));
  }

  @Test void npyHeadersFollowNumpysFormatSpec() {
    // magic, version 1.0, little-endian u16 header length, dict literal padded with spaces and ended by a newline so
    // that the data starts at a multiple of 64 bytes (numpy.lib.format, "Format Version 1.0")
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    byte[] h = Npy.header(DType.F32, io.graft.numerics.Shape.of(3, 4));
    // the same 128 header bytes as NumPy 2.4 writes for np.save(f, np.zeros((3, 4), np.float32))
    assertEquals(128, h.length);
    assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(h, 10));
    assertEquals(dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n", new String(h, 10, 118, java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(new String(Npy.header(DType.I64, io.graft.numerics.Shape.of(5)), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("'descr': '<i8', 'fortran_order': False, 'shape': (5,), }"));
    assertTrue(new String(Npy.header(DType.BOOL, io.graft.numerics.Shape.scalar()), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("'descr': '|b1', 'fortran_order': False, 'shape': (), }"));
    assertEquals(0, Npy.header(DType.F64, io.graft.numerics.Shape.of(new int[40])).length % 64);
  }

  @Test void roundTripsEveryDtypeIntoAnAbstractTarget() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    State s = state(3, 42);
    Checkpoints.save(f, s);
    State back = Checkpoints.load(f, target());
    assertSameTree(s, back);
    assertEquals(42, back.step().item().intValue());
    assertEquals(LinkedHashMap.of("params.layer1.w", ShapeDtype.of(DType.F32, 2, 3)), Checkpoints.entries(f).take(1));
    if (Files.getFileStore(f).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class))
      assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
          "a new checkpoint is readable by others, as a file written in place would be, not owner-only like a temp file");
  }

  @Test void aMismatchedTargetListsEveryDifferenceAndLoadsNothing() {
    Path f = dir.resolve("ckpt.npz");
    Checkpoints.save(f, state(1, 1));
    record Other(Params params, Vector<Array> opt, Array lr) {}
    State s = target();
    Layer wrongShape = new Layer(ShapeDtype.of(DType.F32, 3, 2).array(), s.params().layer1().b());
    Layer wrongDtype = new Layer(s.params().layer2().w(), ShapeDtype.of(DType.I32, 1).array());
    Other other = new Other(new Params(wrongShape, wrongDtype), s.opt(), Array.scalar(0.1f));
    CheckpointMismatchError e = assertThrows(CheckpointMismatchError.class, () -> Checkpoints.load(f, other));
    assertEquals(Vector.of(
        "params.layer1.w: file has f32[2,3], target wants f32[3,2]",
        "params.layer2.b: file has i64[1], target wants i32[1]",
        "lr: missing from the file (target wants f32[])",
        "extras.empty: in the file (f32[0,3]) but not in the target",
        "extras.mask: in the file (bool[2,2]) but not in the target",
        "step: in the file (i32[]) but not in the target"), e.differences());
    assertTrue(e.getMessage().contains("6 entries") && e.getMessage().contains("nothing was loaded"), e.getMessage());
  }

  @Test void aTruncatedFileIsAFormatError() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Checkpoints.save(f, state(1, 1));
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
    FileFormatError e = assertThrows(FileFormatError.class, () -> Checkpoints.load(f, target()));
    assertTrue(e.getMessage().contains("ckpt.npz"), e.getMessage());
  }

  @Test void aFlippedDataByteIsAFormatError() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Checkpoints.save(f, Array.of(new float[] {1, 2, 3, 4}));
    byte[] bytes = Files.readAllBytes(f);
    int at = indexOf(bytes, new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f little-endian
    bytes[at + 3] ^= 0x01;
    Files.write(f, bytes);
    FileFormatError e = assertThrows(FileFormatError.class, () -> Checkpoints.load(f, Array.of(new float[4])));
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test void aBadNpyHeaderIsAFormatError() throws IOException {
    Path f = dir.resolve("bad.npz");
    writeZip(f, "arr_0.npy", "\u0093NUMPY\u0001\u0000\u0010\u0000{'descr': 3}    \n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    FileFormatError e = assertThrows(FileFormatError.class, () -> Checkpoints.load(f, Array.scalar(1f)));
    assertTrue(e.getMessage().contains("header"), e.getMessage());
    writeZip(f, "arr_0.npy", "not numpy at all".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertTrue(assertThrows(FileFormatError.class, () -> Checkpoints.load(f, Array.scalar(1f))).getMessage().contains("magic"));
    byte[] ok = Npy.header(DType.F32, io.graft.numerics.Shape.of(4));
    writeZip(f, "arr_0.npy", Arrays.copyOf(ok, ok.length + 8)); // 8 of the 16 data bytes
    assertTrue(assertThrows(FileFormatError.class, () -> Checkpoints.load(f, Array.of(new float[4]))).getMessage().contains("truncated"));
  }

  @Test void aMissingFileIsAnIoError() {
    assertThrows(UncheckedIOException.class, () -> Checkpoints.load(dir.resolve("nope.npz"), target()));
  }

  @Test void aFailedWriteLeavesThePreviousCheckpointIntact() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    State first = state(1, 1);
    Checkpoints.save(f, first);
    byte[] before = Files.readAllBytes(f);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Checkpoints.save(f, state(2, 2), out -> new FailAfter(out, 300)));
    assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    assertSameTree(first, Checkpoints.load(f, target()));
    try (var files = Files.list(dir)) {
      assertEquals(java.util.List.of(f), files.toList(), "the temporary file is removed");
    }
  }

  @Test void savingAnAbstractLeafFailsBeforeWritingAnything() throws IOException {
    Path f = dir.resolve("ckpt.npz");
    Checkpoints.save(f, state(1, 1));
    byte[] before = Files.readAllBytes(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.save(f, target()));
    assertTrue(e.getMessage().contains("params.layer1.w (f32[2,3])"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
  }

  @Test void collidingNamesAreRejected() {
    java.util.Map<String, Object> tree = new java.util.TreeMap<>();
    tree.put("a.b", Array.scalar(1f));
    tree.put("a", java.util.Map.of("b", Array.scalar(2f)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoints.names(tree)).getMessage().contains("a.b"));
  }

  /** A stream that fails once {@code limit} bytes were written: a disk that fills up midway. */
  static final class FailAfter extends FilterOutputStream {
    private long left;

    FailAfter(OutputStream out, long limit) { super(out); left = limit; }

    @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) throw new IOException("No space left on device (simulated)");
      left -= len;
      out.write(b, off, len);
    }
  }

  static void writeZip(Path f, String name, byte[] content) throws IOException {
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
      z.closeEntry();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    throw new AssertionError("pattern not found");
  }

  record KeyState(Array key, Array w) {}

  @Test void aRandomKeyRoundTripsAsU32Bits(@TempDir Path dir) {
    Path f = dir.resolve("key.npz");
    Array key = io.graft.Random.split(io.graft.Random.key(42), 3);
    Checkpoints.save(f, new KeyState(key, Array.of(new float[] {1, 2})));
    assertEquals("<u4", Npy.descr(DType.U32));
    KeyState back = Checkpoints.load(f, new KeyState(io.graft.Random.split(io.graft.Random.key(0), 3), Array.of(new float[] {0, 0})));
    assertEquals(DType.U32, back.key().dtype());
    assertArrayEquals(key.toUint32Bits(), back.key().toUint32Bits());
    assertArrayEquals(io.graft.Random.uniform(key.get(1), 4).toFloatArray(), io.graft.Random.uniform(back.key().get(1), 4).toFloatArray());
  }
}
