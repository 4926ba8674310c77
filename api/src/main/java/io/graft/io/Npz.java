package io.graft.io;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.ConcretizationError;
import io.graft.trace.Const;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives ({@code np.savez}, {@code np.savez_compressed}, {@code np.load}): a zip of one
 * {@code .npy} file per named array. NumPy reads what {@link #write} writes, and {@link #read} reads what
 * {@code np.savez} and {@code np.savez_compressed} write, for {@code float32}, {@code float64}, {@code int32},
 * {@code int64}, {@code bool}, {@code int8} and {@code uint8} ({@code uint16} and {@code int16} are read widened
 * to {@code i32}). See {@link Checkpoints} for whole pytrees.
 * <pre>{@code
 * Npz.write(Path.of("arrays.npz"), LinkedHashMap.of("w", w, "b", b));   // np.load("arrays.npz")["w"]
 * Array w2 = Npz.read(Path.of("arrays.npz")).get("w").get();
 * }</pre>
 */
public final class Npz {
  private Npz() {}

  /**
   * The arrays in {@code file}, by name (the entry name without {@code .npy}), in the archive's order.
   *
   * @throws FileFormatError      if the file is not a zip of {@code .npy} files (truncated, corrupt, bad header)
   * @throws UncheckedIOException if it cannot be read
   */
  public static LinkedHashMap<String, Array> read(Path file) {
    Objects.requireNonNull(file, "file is null");
    return decode(file).mapValues(d -> toArray(d.dtype(), d.shape(), d.store()));
  }

  /**
   * Writes {@code arrays} to {@code file} as an uncompressed {@code .npz}, atomically: a temporary file in the same
   * directory renamed over {@code file}, so a failed write leaves the previous file as it was.
   *
   * @param arrays concrete arrays by name; each becomes the entry {@code name.npy}
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, io.vavr.collection.Map<String, Array> arrays) {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(arrays, "arrays is null");
    write(file, arrays.toVector(), UnaryOperator.identity());
  }

  /** Writes the named arrays in order through {@code wrap} (the file stream's decorator; tests make it fail). */
  static void write(Path file, Seq<Tuple2<String, Array>> arrays, UnaryOperator<OutputStream> wrap) {
    AtomicFile.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Tuple2<String, Array> e : arrays) {
        Array a = Objects.requireNonNull(e._2, () -> "array '" + e._1 + "' is null");
        byte[] header = Npy.header(a.dtype(), Shape.of(a.shape()));
        byte[] data = Npy.data(a.dtype(), storeOf(a));
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(data);
        ZipEntry entry = new ZipEntry(e._1 + ".npy");
        entry.setMethod(ZipEntry.STORED); // as np.savez: no compression, so large float arrays write at disk speed
        entry.setSize(header.length + (long) data.length);
        entry.setCompressedSize(entry.getSize());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
      }
      zip.finish();
    }, wrap);
  }

  /** The decoded entries of {@code file} by name, in archive order, each checked against its CRC. */
  static LinkedHashMap<String, Npy.Decoded> decode(Path file) {
    LinkedHashMap<String, Npy.Decoded> out = LinkedHashMap.empty();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) continue;
        String where = file + " entry " + e.getName();
        byte[] bytes = zip.getInputStream(e).readAllBytes();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc())
          throw new FileFormatError(where + ": data does not match its CRC-32 (the file is corrupt)");
        String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        out = out.put(name, Npy.read(bytes, where));
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("no such file: " + file, e);
    } catch (ZipException | java.io.EOFException e) {
      throw new FileFormatError(file + ": not a readable .npz (zip) archive, truncated or corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      if (!file.toFile().exists()) throw new UncheckedIOException("no such file: " + file, e);
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  static Array toArray(DType dtype, Shape shape, Object store) {
    return Array.wrap(Const.of(NdArray.wrapStore(dtype, shape, store)));
  }

  /** The array's own buffer, read only (no copy: a dataset's images are not held twice). */
  static Object storeOf(Array a) {
    if (a.value() instanceof Const c) return c.array().store();
    throw new ConcretizationError("Npz.write: " + a.value().type() + " is a traced or abstract value with no data; "
        + "pass concrete arrays, outside any transform");
  }
}
