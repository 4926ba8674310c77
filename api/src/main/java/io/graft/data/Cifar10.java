package io.graft.data;

import io.graft.io.FileFormatError;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The CIFAR-10 binary format ({@code cifar-10-batches-bin}): records of 3073 bytes, one label byte (0..9) then
 * 3072 pixel bytes, the red, green and blue 32×32 planes in turn, each row by row. Images are returned channels
 * last, {@code f32[n, 32, 32, 3]} (NHWC, as Flax and {@link Augment} expect), labels {@code i32[n]}.
 * <pre>{@code
 * Splits cifar = Cifar10.load(Path.of("cifar-10-batches-bin"), true);   // data_batch_1..5.bin, test_batch.bin
 * }</pre>
 */
public final class Cifar10 {
  /** The class names, by label. */
  public static final Vector<String> CLASSES = Vector.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");

  /** Bytes per record: a label byte and a 3×32×32 image. */
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

  private Cifar10() {}

  /**
   * The training split ({@code data_batch_1.bin} .. {@code data_batch_5.bin}) and the test split
   * ({@code test_batch.bin}) in {@code dir}.
   *
   * @param scale pixels divided by 255 (in [0, 1]) when true, else 0..255
   * @throws DatasetNotFoundError if a file is missing
   * @throws FileFormatError      if one is not in the CIFAR-10 binary format
   */
  public static Splits load(Path dir, boolean scale) {
    Objects.requireNonNull(dir, "dir is null");
    Vector<Path> train = Vector.rangeClosed(1, 5).map(i -> dir.resolve("data_batch_" + i + ".bin"));
    Path test = dir.resolve("test_batch.bin");
    Vector<Path> missing = train.append(test).filter(p -> !Files.isRegularFile(p));
    if (!missing.isEmpty())
      throw new DatasetNotFoundError("Cifar10.load: missing " + missing.mkString(", ") + "; download the binary version"
          + " (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it: dir is its"
          + " cifar-10-batches-bin directory");
    return new Splits(read(train, scale), read(Vector.of(test), scale));
  }

  /**
   * The records of {@code files}, concatenated in order.
   *
   * @param scale pixels divided by 255 (in [0, 1]) when true, else 0..255
   * @throws FileFormatError if a file's length is not a multiple of {@link #RECORD_BYTES} or a label exceeds 9
   */
  public static Examples read(Seq<Path> files, boolean scale) {
    Objects.requireNonNull(files, "files is null");
    io.graft.Warmup.start();   // training usually follows: warm Graft's code beside the reading
    Vector<byte[]> contents = files.toVector().map(Idx::bytes);
    for (int f = 0; f < files.size(); f++)
      if (contents.get(f).length % RECORD_BYTES != 0)
        throw new FileFormatError(files.get(f) + ": " + contents.get(f).length + " bytes is not a whole number of CIFAR-10 records of "
            + RECORD_BYTES + " bytes (1 label + 3072 pixels); the file is truncated or not CIFAR-10 binary");
    int n = contents.map(c -> c.length / RECORD_BYTES).sum().intValue();
    float[] images = new float[n * 3072];
    int[] labels = new int[n];
    float k = scale ? 1f / 255f : 1f;
    int r = 0;
    for (int f = 0; f < files.size(); f++) {
      byte[] c = contents.get(f);
      for (int at = 0; at < c.length; at += RECORD_BYTES, r++) {
        labels[r] = Byte.toUnsignedInt(c[at]);
        if (labels[r] > 9)
          throw new FileFormatError(files.get(f) + ": record " + at / RECORD_BYTES + " has label " + labels[r]
              + ", CIFAR-10 labels are 0..9; the file is not CIFAR-10 binary (CIFAR-100 records have two label bytes)");
        for (int ch = 0; ch < 3; ch++) // planar CHW in the file to HWC
          for (int p = 0; p < 1024; p++) images[(r * 1024 + p) * 3 + ch] = Byte.toUnsignedInt(c[at + 1 + ch * 1024 + p]) * k;
      }
    }
    return new Examples(Idx.own(images, n, 32, 32, 3), Idx.own(labels, n));
  }
}
