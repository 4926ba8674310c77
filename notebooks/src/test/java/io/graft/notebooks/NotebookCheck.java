package io.graft.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a committed notebook was executed after its last edit, without Jupyter: every code cell ran, in order, top to
 * bottom ({@code execution_count} 1, 2, ..., n, as one {@code jupyter nbconvert --execute} run leaves them), none has
 * an error output, and the hash of the code cells' sources equals the one {@code run-notebooks.sh} recorded in
 * {@code ipynb/hashes.txt} when it executed the notebook.
 *
 * <p>The hash is SHA-256 over each code cell's source (its lines joined as nbformat stores them), each followed by a
 * NUL byte, in UTF-8, hex; {@code run-notebooks.sh} computes the same in Python.
 */
final class NotebookCheck {
  private NotebookCheck() {}

  /** The file {@code run-notebooks.sh} writes next to the notebooks. */
  static final String HASHES = "hashes.txt";

  /** The SHA-256 of the code cells' sources of {@code notebook} (hex), as {@code run-notebooks.sh} records it. */
  static String sourceHash(JsonObject notebook) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    for (JsonElement c : notebook.getAsJsonArray("cells")) {
      JsonObject cell = c.getAsJsonObject();
      if (!isCode(cell)) continue;
      sha.update(source(cell).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** {@code hashes.txt}: lines {@code "<sha256>  <file name>"}, as a map from file name to hash. */
  static Map<String, String> readHashes(Path hashes) throws IOException {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String line : Files.readAllLines(hashes, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      int sep = line.indexOf("  ");
      if (sep < 0) throw new IllegalArgumentException(hashes + ": line '" + line + "' is not '<sha256>  <file>'");
      byName.put(line.substring(sep + 2), line.substring(0, sep));
    }
    return byName;
  }

  /**
   * What is wrong with {@code notebook} (empty when it was executed after its last edit), given the hashes that
   * {@code run-notebooks.sh} recorded; each problem names the notebook, the cell and the fix.
   */
  static List<String> problems(Path notebook, Map<String, String> storedHashes) throws IOException {
    String name = notebook.getFileName().toString();
    String rerun = "run notebooks/run-notebooks.sh notebooks/ipynb/" + name + " and commit the result";
    JsonObject nb;
    try {
      nb = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return List.of(name + ": not a notebook (JSON: " + e.getMessage() + ")");
    }
    List<String> problems = new ArrayList<>();
    JsonArray cells = nb.getAsJsonArray("cells");
    if (cells == null) return List.of(name + ": no \"cells\" array");
    int expected = 1;
    for (int i = 0; i < cells.size(); i++) {
      JsonObject cell = cells.get(i).getAsJsonObject();
      if (!isCode(cell)) continue;
      String where = name + " cell " + i;
      if (source(cell).isBlank()) {
        problems.add(where + ": empty code cell (nbconvert leaves it unexecuted); delete it");
        continue;
      }
      JsonElement count = cell.get("execution_count");
      if (count == null || count.isJsonNull()) {
        problems.add(where + ": never executed; " + rerun);
      } else if (count.getAsInt() != expected) {
        problems.add(where + ": execution_count " + count.getAsInt() + " where a top-to-bottom run gives " + expected
            + "; " + rerun);
      }
      expected++;
      JsonArray outputs = cell.getAsJsonArray("outputs");
      if (outputs == null) continue;
      for (JsonElement o : outputs) {
        JsonObject out = o.getAsJsonObject();
        if ("error".equals(string(out, "output_type")))
          problems.add(where + ": failed with " + string(out, "ename") + ": " + string(out, "evalue") + "; fix it and " + rerun);
      }
    }
    String stored = storedHashes.get(name);
    String actual = sourceHash(nb);
    if (stored == null) problems.add(name + ": no hash in ipynb/" + HASHES + " (never executed by the script); " + rerun);
    else if (!stored.equals(actual))
      problems.add(name + ": code cells edited after the last execution (hash " + actual + ", recorded " + stored + "); " + rerun);
    return problems;
  }

  private static boolean isCode(JsonObject cell) { return "code".equals(string(cell, "cell_type")); }

  /** A cell's source: nbformat stores a string or a list of lines (each with its newline), to be joined. */
  static String source(JsonObject cell) {
    JsonElement s = cell.get("source");
    if (s == null || s.isJsonNull()) return "";
    if (s.isJsonPrimitive()) return s.getAsString();
    StringBuilder joined = new StringBuilder();
    for (JsonElement line : s.getAsJsonArray()) joined.append(line.getAsString());
    return joined.toString();
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}
