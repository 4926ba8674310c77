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
 * The generator of the per-dtype CPU backend sources: each template under {@link #TEMPLATES} is written once per
 * {@link Variant}, {@code out = header + substitute(select(template, variant), variant)}, into {@link #SOURCES}. The
 * generated files are committed; {@link GeneratedSourcesTest} checks that rendering the templates again gives them
 * byte for byte. {@link #main} writes them ({@link #REGENERATE}): it runs from source with the JDK alone
 * ({@code java DTypeVariants.java}), so a template change that the current generated files would not compile with
 * can still be rendered.
 *
 * <p>Template language (two constructs, nothing else):
 * <ul>
 *   <li>a line that is exactly {@code //#if <variant>}, {@code //#else} or {@code //#end} (no nesting) keeps the lines
 *       between them only for that variant (the {@code //#else} branch for every other one);
 *   <li>{@code $name$} is replaced by the variant's token {@code name} (see {@link Variant}); a {@code $name$} the
 *       variant does not define is an error, so a template cannot render half-substituted.
 * </ul>
 * Adding a dtype (bf16, f16) is one more {@link Variant} plus its {@code //#if} blocks, and one more row in
 * {@link #FILES}.
 */
final class DTypeVariants {
  /** Where the templates live, relative to the {@code jit-tornado} module. */
  static final Path TEMPLATES = Path.of("src/main/template/io/graft/jit/cpu");
  /** Where the generated sources go, relative to the {@code jit-tornado} module. */
  static final Path SOURCES = Path.of("src/main/java/io/graft/jit/cpu");
  /** The command (from the repository root) that rewrites the generated files from the templates. */
  static final String REGENERATE = "./graft generate";

  private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z]+)\\$");

  private DTypeVariants() {}

  /**
   * Writes every generated source whose text changed: {@code java DTypeVariants.java [jit-tornado module directory]}
   * (default {@code jit-tornado}, for a run from the repository root, which is what {@code ./graft generate} does).
   */
  public static void main(String[] args) throws IOException {
    Path module = Path.of(args.length > 0 ? args[0] : "jit-tornado");
    for (var e : renderAll(module).entrySet()) {
      Path file = module.resolve(SOURCES).resolve(e.getKey());
      if (Files.exists(file) && read(file).equals(e.getValue())) continue;
      Files.writeString(file, e.getValue());
      System.out.println("generated " + file);
    }
  }

  /**
   * One dtype: its name (as in {@code //#if f32}) and its tokens — {@code Fxx} (class-name part), {@code fxx} (in
   * prose), {@code type} (the Java element type), {@code Box} (its box, for {@code VectorSpecies<Box>}), {@code Vec}
   * (its Vector API class), {@code narrow} (the cast that rounds a {@code double} result to {@code type}, empty
   * for f64) and {@code lit} (the suffix of a {@code type} literal, {@code 1f}/{@code 1d}).
   */
  record Variant(String name, Map<String, String> tokens) {
    static final Variant F32 = of("f32", "F32", "float", "Float", "FloatVector", "(float) ", "f");
    static final Variant F64 = of("f64", "F64", "double", "Double", "DoubleVector", "", "d");

    private static Variant of(String name, String fxx, String type, String box, String vec, String narrow, String lit) {
      Map<String, String> t = new LinkedHashMap<>();
      t.put("Fxx", fxx);
      t.put("fxx", name);
      t.put("type", type);
      t.put("Box", box);
      t.put("Vec", vec);
      t.put("narrow", narrow);
      t.put("lit", lit);
      return new Variant(name, Map.copyOf(t));
    }
  }

  /** A template and the variants generated from it; the output name is the template's with {@code Fxx} substituted. */
  record Template(String file, List<Variant> variants) {
    String output(Variant v) { return file.replace("Fxx", v.tokens().get("Fxx")).replace(".template", ""); }
  }

  /** Every generated source of the CPU backend. */
  static final List<Template> FILES = List.of(
      new Template("SimdFxx.java.template", List.of(Variant.F32, Variant.F64)),
      new Template("SimdFxxOps.java.template", List.of(Variant.F32, Variant.F64)),
      new Template("BlocksFxx.java.template", List.of(Variant.F32, Variant.F64)));

  /** {@code output file name -> generated text} for every row of {@link #FILES}, read from {@code module}. */
  static Map<String, String> renderAll(Path module) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Template t : FILES) {
      String text = read(module.resolve(TEMPLATES).resolve(t.file()));
      for (Variant v : t.variants()) out.put(t.output(v), header(t.file()) + render(t.file(), text, v));
    }
    return out;
  }

  /** The first lines of a generated file: where it comes from and how to regenerate it. */
  static String header(String template) {
    return "// GENERATED by jit-tornado/src/test/java/io/graft/jit/cpu/DTypeVariants.java from\n"
        + "// jit-tornado/" + TEMPLATES.resolve(template).toString().replace('\\', '/') + ": do not edit; edit the template"
        + " and run " + REGENERATE + "\n";
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
        keep = open.equals(v.name());
        inElse = false;
      } else if (line.equals("//#else")) {
        if (open == null || inElse) throw error(name, n, "//#else without an open //#if");
        keep = !open.equals(v.name());
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
