package io.graft.io;

import io.graft.Array;
import io.graft.ShapeDtype;
import io.graft.Tree;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Vector;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saving and loading pytrees (parameters, optimiser state, a step counter, a random key) as NumPy {@code .npz}
 * files, one {@code .npy} entry per leaf, named by the leaf's path in the tree.
 *
 * <p>Entry names: record components, list and tuple indices and map keys joined with dots, e.g. {@code
 * params.layer1.w}, {@code opt.mu.layers.0.b}, {@code stats.mean} for {@code Map.of("mean", m)} inside a record
 * component {@code stats}; a tree that is a single array is the entry {@code arr_0}, as {@code np.savez(f, x)} names
 * it. So {@code np.load("ckpt.npz")["params.layer1.w"]} reads a leaf in Python.
 *
 * <p>Loading fills a <em>target</em> tree: its structure, and its leaves' shapes and dtypes (concrete arrays, or
 * abstract ones from {@link ShapeDtype#array()}), say what the file must hold. Every entry must match exactly; any
 * missing, extra or differently shaped or typed entry is a {@link CheckpointMismatchError} that lists all of them,
 * and nothing is returned. Non-array parts of the tree ({@code Static} values, {@code null}s) are not saved: they
 * come from the target. So keep a step counter as an array leaf, {@code Array.scalar(step)}.
 *
 * <p>Saving is atomic: the archive is written to a temporary file in the same directory and renamed over the old
 * checkpoint ({@code Files.move} with {@code ATOMIC_MOVE}), so a crash or a failed write leaves the previous
 * checkpoint whole. NB: unlike Orbax, there is no sharding, no asynchronous save and no checkpoint manager.
 * <pre>{@code
 * record State(Params params, AdamState opt, Array step) {}
 * Checkpoints.save(Path.of("ckpt.npz"), state);
 * State restored = Checkpoints.load(Path.of("ckpt.npz"), state);   // or a target of ShapeDtype arrays
 * }</pre>
 */
public final class Checkpoints {
  private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\['(.*?)']");

  private Checkpoints() {}

  /**
   * Writes the array leaves of {@code tree} to {@code file} as an {@code .npz}, atomically.
   *
   * @param tree a pytree whose leaves are concrete arrays
   * @throws IllegalArgumentException if a leaf is a tracer or an abstract array, or two leaves get the same name
   * @throws UncheckedIOException     if the file cannot be written (the previous file is then unchanged)
   */
  public static void save(Path file, Object tree) {
    save(file, tree, UnaryOperator.identity());
  }

  /** {@link #save} through a decorator of the file stream (tests use it to make the disk fail midway). */
  static void save(Path file, Object tree, UnaryOperator<OutputStream> wrap) {
    Objects.requireNonNull(file, "file is null");
    Vector<Tuple2<String, Array>> named = named(tree);
    Vector<String> traced = named.filter(e -> !e._2.isConcrete()).map(e -> e._1 + " (" + describe(ShapeDtype.of(e._2)) + ")");
    if (!traced.isEmpty())
      throw new IllegalArgumentException("Checkpoints.save(" + file + "): leaves without data: " + traced.mkString(", ")
          + "; save concrete arrays, outside jit/grad/vmap (return the state from the transformed function, then save it)");
    Npz.write(file, named, wrap);
  }

  /**
   * The tree of {@code target}'s structure whose leaves are read from {@code file}.
   *
   * @param target the structure, shapes and dtypes to expect (its leaves' data is not used)
   * @throws CheckpointMismatchError if the file's entries, shapes or dtypes differ from the target's (all listed)
   * @throws FileFormatError         if the file is not a readable {@code .npz} (truncated, corrupt, bad header)
   * @throws UncheckedIOException    if it cannot be read
   */
  public static <T> T load(Path file, T target) {
    Objects.requireNonNull(file, "file is null");
    Tuple2<Vector<Array>, TreeDef> flat = Tree.flatten(target);
    Vector<String> names = names(target);
    LinkedHashMap<String, Npy.Decoded> entries = Npz.decode(file);
    Vector<String> diffs = Vector.empty();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      ShapeDtype want = ShapeDtype.of(flat._1.get(i));
      var got = entries.get(name);
      if (got.isEmpty()) diffs = diffs.append(name + ": missing from the file (target wants " + describe(want) + ")");
      else if (got.get().widened() || got.get().dtype() != want.dtype() || !got.get().shape().equals(want.shape()))
        diffs = diffs.append(name + ": file has " + describe(got.get()) + ", target wants " + describe(want));
    }
    for (Tuple2<String, Npy.Decoded> e : entries)
      if (!names.contains(e._1)) diffs = diffs.append(e._1 + ": in the file (" + describe(e._2) + ") but not in the target");
    if (!diffs.isEmpty()) throw new CheckpointMismatchError(file.toString(), diffs);
    Vector<Array> leaves = names.map(n -> entries.get(n).get()).map(d -> Npz.toArray(d.dtype(), d.shape(), d.store()));
    return Tree.unflatten(flat._2, leaves);
  }

  /**
   * The entries of the checkpoint {@code file} with their shapes and dtypes, in file order.
   *
   * @throws FileFormatError      if the file is not a readable {@code .npz}
   * @throws UncheckedIOException if it cannot be read
   */
  public static LinkedHashMap<String, ShapeDtype> entries(Path file) {
    Objects.requireNonNull(file, "file is null");
    return Npz.decode(file).mapValues(d -> new ShapeDtype(d.dtype(), d.shape()));
  }

  /**
   * The entry names {@link #save} gives the leaves of {@code tree}, in leaf order: path segments joined with dots.
   *
   * @throws IllegalArgumentException if two leaves would get the same name (e.g. map keys {@code "a.b"} and a
   *                                  nested {@code a -> b})
   */
  public static Vector<String> names(Object tree) {
    Vector<String> names = Trees.paths(tree).map(Checkpoints::entryName);
    Vector<String> dup = names.groupBy(n -> n).filter(g -> g._2.size() > 1).keySet().toVector();
    if (!dup.isEmpty())
      throw new IllegalArgumentException("Checkpoints: several leaves would be saved under the same entry name: "
          + dup.mkString(", ") + "; rename the map keys or record components that collide");
    return names;
  }

  private static Vector<Tuple2<String, Array>> named(Object tree) {
    return names(tree).zip(Tree.leaves(tree));
  }

  /** {@code .params[0]['w']} to {@code params.0.w}; the root itself to {@code arr_0}. */
  static String entryName(String path) {
    if (path.isEmpty()) return "arr_0";
    Matcher m = SEGMENT.matcher(path);
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (m.find() && m.start() == at) {
      String seg = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      out.append(out.isEmpty() ? "" : ".").append(seg);
      at = m.end();
    }
    return at == path.length() ? out.toString() : path; // a key the pattern cannot split keeps its raw path
  }

  private static String describe(Npy.Decoded d) {
    return (d.widened() ? d.descr() : d.dtype().shortName()) + d.shape();
  }

  private static String describe(ShapeDtype t) { return t.dtype().shortName() + t.shape(); }
}
