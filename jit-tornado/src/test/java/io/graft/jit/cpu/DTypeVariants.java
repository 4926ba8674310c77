package io.graft.jit.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generator of the per-dtype sources of every module (the CPU backend's in {@code jit-tornado}, the Vector API
 * kernels in {@code numerics}): each template {@code <module>/src/main/template/<package>/<file>} is written once per
 * {@link Variant}, {@code out = header + substitute(select(template, variant), variant)}, into
 * {@code <module>/src/main/java/<package>/}. The generated files are committed; {@link GeneratedSourcesTest} checks
 * that rendering the templates again gives them byte for byte. {@link #main} writes them ({@link #REGENERATE}): it
 * runs from source with the JDK alone ({@code java DTypeVariants.java}), so a template change that the current
 * generated files would not compile with can still be rendered. (It lives in {@code jit-tornado}'s tests, the one
 * module whose tests can see every generated file's module; {@code numerics} has no build dependency on it.)
 *
 * <p>Template language (two constructs, nothing else):
 * <ul>
 *   <li>a line that is exactly {@code //#if <variant> [<variant> ...]}, {@code //#else} or {@code //#end} (no
 *       nesting) keeps the lines between them only for the variants it names (the {@code //#else} branch for every
 *       other one): {@code //#if f32 f64} for what the floating-point variants share;
 *   <li>{@code $name$} is replaced by the variant's token {@code name} (see {@link Variant}); a {@code $name$} the
 *       variant does not define is an error, so a template cannot render half-substituted.
 * </ul>
 * Adding a dtype (bf16, f16) is one more {@link Variant} plus its {@code //#if} blocks, and one more row in
 * {@link #FILES}.
 */
final class DTypeVariants {
  /** Where a module's templates live, relative to the module. */
  static final Path TEMPLATES = Path.of("src/main/template");
  /** Where a module's generated sources go, relative to the module. */
  static final Path SOURCES = Path.of("src/main/java");
  /** The command (from the repository root) that rewrites the generated files from the templates. */
  static final String REGENERATE = "./graft generate";

  private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z]+)\\$");

  private DTypeVariants() {}

  /**
   * Writes every generated source whose text changed: {@code java DTypeVariants.java [repository root]} (default
   * {@code .}, for a run from the repository root, which is what {@code ./graft generate} does).
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    for (var e : renderAll(root).entrySet()) {
      Path file = root.resolve(e.getKey());
      if (Files.exists(file) && read(file).equals(e.getValue())) continue;
      Files.writeString(file, e.getValue());
      System.out.println("generated " + file);
    }
  }

  /**
   * One dtype: its name (as in {@code //#if f32}) and its tokens — {@code Fxx} (class-name part), {@code fxx} (in
   * prose), {@code type} (the Java element type), {@code Box} (its box, for {@code VectorSpecies<Box>}), {@code Vec}
   * (its Vector API class), {@code narrow} (the cast that rounds a {@code double} result to {@code type}, empty
   * for f64), {@code lit} (the suffix of a {@code type} literal, {@code 1f}/{@code 1d}/{@code 1L}), {@code lowest}
   * and {@code highest} (the identities of max and min: the infinities, or an integer type's extremes).
   */
  record Variant(String name, Map<String, String> tokens) {
    static final Variant F32 = of("f32", "F32", "float", "Float", "FloatVector", "(float) ", "f");
    static final Variant F64 = of("f64", "F64", "double", "Double", "DoubleVector", "", "d");
    static final Variant I32 = of("i32", "I32", "int", "Integer", "IntVector", "(int) ", "");
    static final Variant I64 = of("i64", "I64", "long", "Long", "LongVector", "(long) ", "L");

    private static Variant of(String name, String fxx, String type, String box, String vec, String narrow, String lit) {
      boolean integer = name.startsWith("i");
      Map<String, String> t = new LinkedHashMap<>();
      t.put("Fxx", fxx);
      t.put("fxx", name);
      t.put("type", type);
      t.put("Box", box);
      t.put("Vec", vec);
      t.put("narrow", narrow);
      t.put("lit", lit);
      t.put("lowest", box + (integer ? ".MIN_VALUE" : ".NEGATIVE_INFINITY"));
      t.put("highest", box + (integer ? ".MAX_VALUE" : ".POSITIVE_INFINITY"));
      return new Variant(name, Map.copyOf(t));
    }
  }

  /**
   * A template ({@code module}/src/main/template/{@code pkg}/{@code file}) and the variants generated from it; the
   * output name is the template's with {@code Fxx} substituted.
   */
  record Template(String module, String pkg, String file, List<Variant> variants) {
    /** The template, relative to the repository root. */
    Path template() { return Path.of(module).resolve(TEMPLATES).resolve(pkg).resolve(file); }

    /** The folder of the generated sources, relative to the repository root. */
    Path sources() { return Path.of(module).resolve(SOURCES).resolve(pkg); }

    /** Variant {@code v}'s output, relative to the repository root. */
    Path output(Variant v) { return sources().resolve(file.replace("Fxx", v.tokens().get("Fxx")).replace(".template", "")); }
  }

  private static final String CPU = "io/graft/jit/cpu", KERNELS = "io/graft/numerics/kernels";
  private static final List<Variant> FLOATS = List.of(Variant.F32, Variant.F64);
  private static final List<Variant> NUMBERS = List.of(Variant.F32, Variant.F64, Variant.I32, Variant.I64);

  /** Every generated source. */
  static final List<Template> FILES = List.of(
      new Template("jit-tornado", CPU, "SimdFxx.java.template", FLOATS),
      new Template("jit-tornado", CPU, "SimdFxxOps.java.template", FLOATS),
      new Template("jit-tornado", CPU, "BlocksFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "UnarySimdFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "BinarySimdFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "CompareSimdFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "ReduceSimdFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "ScalarOpsFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "GemmPackFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "ReduceRowsFxx.java.template", NUMBERS),
      new Template("numerics", KERNELS, "WindowRowsFxx.java.template", NUMBERS),
      new Template("numerics", KERNELS, "ScanRowsFxx.java.template", NUMBERS),
      new Template("numerics", KERNELS, "GemmScalarFxx.java.template", FLOATS),
      new Template("numerics", KERNELS, "GemmDirectFxx.java.template", FLOATS));

  /** {@code output path (relative to the root) -> generated text} for every row of {@link #FILES}, read from {@code root}. */
  static Map<Path, String> renderAll(Path root) {
    Map<Path, String> out = new LinkedHashMap<>();
    for (Template t : FILES) {
      String text = read(root.resolve(t.template()));
      for (Variant v : t.variants()) out.put(t.output(v), header(t.template()) + render(t.file(), text, v));
    }
    return out;
  }

  /** The first lines of a generated file: where it comes from and how to regenerate it. */
  static String header(Path template) {
    return "// GENERATED by jit-tornado/src/test/java/io/graft/jit/cpu/DTypeVariants.java from\n"
        + "// " + template.toString().replace('\\', '/') + ": do not edit; edit the template and run " + REGENERATE + "\n";
  }

  /** The template text for variant {@code v}: conditional lines selected, then tokens substituted. */
  static String render(String name, String text, Variant v) {
    List<String> kept = new ArrayList<>();
    String open = null;   // the variant of the enclosing //#if, or null outside one
    boolean keep = true, inElse = false;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.startsWith("//#if ")) {
        if (open != null) throw error(name, n, "nested //#if (inside //#if " + open + ")");
        open = line.substring("//#if ".length()).strip();
        keep = names(open).contains(v.name());
        inElse = false;
      } else if (line.equals("//#else")) {
        if (open == null || inElse) throw error(name, n, "//#else without an open //#if");
        keep = !names(open).contains(v.name());
        inElse = true;
      } else if (line.equals("//#end")) {
        if (open == null) throw error(name, n, "//#end without an open //#if");
        open = null;
        keep = true;
      } else if (line.startsWith("//#")) {
        throw error(name, n, "unknown directive '" + line + "' (use //#if <dtype>, //#else, //#end)");
      } else if (keep) {
        kept.add(substitute(name, n, line, v));
      }
    }
    if (open != null) throw new IllegalArgumentException(name + ": //#if " + open + " is never closed by //#end");
    return String.join("\n", kept);
  }

  /** The variants an {@code //#if} names, separated by spaces. */
  private static List<String> names(String condition) { return List.of(condition.split(" +")); }

  private static String substitute(String name, int n, String line, Variant v) {
    Matcher m = TOKEN.matcher(line);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = v.tokens().get(m.group(1));
      if (value == null) {
        throw error(name, n, "unknown token $" + m.group(1) + "$ for " + v.name() + " (known: " + v.tokens().keySet() + ")");
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    return m.appendTail(b).toString();
  }

  private static IllegalArgumentException error(String name, int line, String what) {
    return new IllegalArgumentException(name + ":" + (line + 1) + ": " + what);
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p.toAbsolutePath() + " (run the test from the jit-tornado module)", e);
    }
  }
}
