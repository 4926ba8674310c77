package io.graft.data;

import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28×28 grey images of clothing in 10 classes, 60 000 for training
 * and 10 000 for testing, as four IDX files ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}; gzipped or not).
 *
 * <p>{@link #load()} looks for the files, in order, in
 * <ol>
 *   <li>{@code $GRAFT_DATA/fashion-mnist} when the environment variable {@code GRAFT_DATA} is set, else
 *       {@code ~/.graft/data/fashion-mnist} (the cache directory);</li>
 *   <li>{@code /usr/share/datasets/fashion-mnist}, where Debian's package {@code dataset-fashion-mnist} puts them
 *       ({@code apt-get install dataset-fashion-mnist}; without root: {@code apt-get download dataset-fashion-mnist
 *       && dpkg -x dataset-fashion-mnist_*.deb DIR} and copy {@code DIR/usr/share/datasets/fashion-mnist/*} to the
 *       cache directory);</li>
 * </ol>
 * and otherwise throws a {@link DatasetNotFoundError} that says this and gives the upstream URLs. Nothing is
 * downloaded. NB: unlike {@code tfds}, no checksum is verified; a damaged file is a {@code FileFormatError}.
 * <pre>{@code
 * Splits data = FashionMnist.load();                  // f32[60000, 28, 28] in [0, 1], i32[60000]; test: 10000
 * Dataset<Examples> train = Dataset.of(data.train());
 * }</pre>
 */
public final class FashionMnist {
  /** The class names, by label. */
  public static final Vector<String> CLASSES = Vector.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The upstream location of the files. */
  public static final String UPSTREAM = "https://github.com/zalandoresearch/fashion-mnist (files at "
      + "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/)";

  private static final Vector<String> FILES = Vector.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  private FashionMnist() {}

  /**
   * The training and test splits, images scaled to [0, 1], from the first directory of {@link #searchPath()} that
   * holds all four files.
   *
   * @throws DatasetNotFoundError if none does
   */
  public static Splits load() { return load(locate(searchPath())); }

  /**
   * The training and test splits from the four files in {@code dir}, images {@code f32[n, 28, 28]} scaled to
   * [0, 1], labels {@code i32[n]}.
   *
   * @throws DatasetNotFoundError if a file is missing
   */
  public static Splits load(Path dir) {
    Objects.requireNonNull(dir, "dir is null");
    Vector<Path> f = FILES.map(name -> find(dir, name).getOrElseThrow(() -> notFound(Vector.of(dir))));
    return new Splits(new Examples(Idx.readImages(f.get(0), true), Idx.readLabels(f.get(1))),
        new Examples(Idx.readImages(f.get(2), true), Idx.readLabels(f.get(3))));
  }

  /** The directories {@link #load()} searches, in order: the cache directory, then Debian's. */
  public static Vector<Path> searchPath() { return searchPath(System.getenv(), System.getProperty("user.home")); }

  static Vector<Path> searchPath(Map<String, String> env, String home) {
    String data = env.get("GRAFT_DATA");
    Path cache = data != null && !data.isBlank() ? Path.of(data, "fashion-mnist") : Path.of(home, ".graft", "data", "fashion-mnist");
    return Vector.of(cache, DEBIAN_DIR);
  }

  /** The first of {@code dirs} that holds all four files. */
  static Path locate(Vector<Path> dirs) {
    return dirs.find(d -> FILES.forAll(n -> find(d, n).isDefined())).getOrElseThrow(() -> notFound(dirs));
  }

  private static Option<Path> find(Path dir, String name) {
    return Vector.of(dir.resolve(name + ".gz"), dir.resolve(name)).find(Files::isRegularFile);
  }

  private static DatasetNotFoundError notFound(Vector<Path> dirs) {
    return new DatasetNotFoundError("FashionMnist: the four files " + FILES.map(n -> n + ".gz").mkString(", ")
        + " (gzipped or not) are in none of " + dirs.mkString(", ") + ". Get them with Debian's package: "
        + "apt-get install dataset-fashion-mnist (or, without root: apt-get download dataset-fashion-mnist && "
        + "dpkg -x dataset-fashion-mnist_*.deb /tmp/fm && cp /tmp/fm/usr/share/datasets/fashion-mnist/* " + dirs.head()
        + "/), or download them from " + UPSTREAM + " into " + dirs.head()
        + " (set GRAFT_DATA to use DIR/fashion-mnist instead)");
  }
}
