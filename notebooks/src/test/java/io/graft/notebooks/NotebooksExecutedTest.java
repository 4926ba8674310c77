package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed Jupyter notebooks ({@code notebooks/ipynb}) were executed after their last edit (see
 * {@link NotebookCheck}); runs in the default build, without Jupyter. The notebooks themselves run with
 * {@code notebooks/run-notebooks.sh}.
 */
class NotebooksExecutedTest {
  private static final Path DIR = Path.of("ipynb");

  private static List<Path> notebooks() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).sorted().toList();
    }
  }

  @Test void everyCommittedNotebookWasExecutedAfterItsLastEdit() throws IOException {
    List<Path> notebooks = notebooks();
    assertEquals(7, notebooks.size(), "notebooks 01..07 in " + DIR.toAbsolutePath() + ": " + notebooks);
    Map<String, String> hashes = NotebookCheck.readHashes(DIR.resolve(NotebookCheck.HASHES));
    List<String> problems = new ArrayList<>();
    for (Path nb : notebooks) problems.addAll(NotebookCheck.problems(nb, hashes));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    List<String> names = notebooks.stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(names, List.copyOf(hashes.keySet()), "hashes.txt lists exactly the notebooks, sorted");
  }

  @Test void anEditedCodeCellFailsTheCheck(@TempDir Path tmp) throws IOException {
    Path original = notebooks().get(0);
    Map<String, String> hashes = NotebookCheck.readHashes(DIR.resolve(NotebookCheck.HASHES));
    Path copy = tmp.resolve(original.getFileName());
    Files.copy(original, copy);
    assertEquals(List.of(), NotebookCheck.problems(copy, hashes), "an unchanged copy passes");

    JsonObject nb = JsonParser.parseString(Files.readString(copy)).getAsJsonObject();
    JsonObject cell = lastCodeCell(nb);
    cell.add("source", new JsonPrimitive(NotebookCheck.source(cell) + "\nSystem.out.println(1);"));
    Files.writeString(copy, nb.toString(), StandardCharsets.UTF_8);
    List<String> problems = NotebookCheck.problems(copy, hashes);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("edited after the last execution"), problems.get(0));
  }

  @Test void anUnexecutedOrFailedCellFailsTheCheck(@TempDir Path tmp) throws IOException {
    Path original = notebooks().get(0);
    Map<String, String> hashes = NotebookCheck.readHashes(DIR.resolve(NotebookCheck.HASHES));
    JsonObject nb = JsonParser.parseString(Files.readString(original)).getAsJsonObject();
    JsonObject cell = lastCodeCell(nb);
    cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
    JsonObject error = new JsonObject();
    error.addProperty("output_type", "error");
    error.addProperty("ename", "CompilerException");
    error.addProperty("evalue", "cannot find symbol");
    cell.getAsJsonArray("outputs").add(error);
    Path copy = tmp.resolve(original.getFileName());
    Files.writeString(copy, nb.toString(), StandardCharsets.UTF_8);
    String problems = String.join("\n", NotebookCheck.problems(copy, hashes));
    assertTrue(problems.contains("never executed"), problems);
    assertTrue(problems.contains("failed with CompilerException: cannot find symbol"), problems);
    assertTrue(!problems.contains("edited"), "the sources are unchanged: " + problems);
  }

  @Test void theHashCoversTheCodeCellsOnlyAndTheirOrder() {
    JsonObject a = notebook(List.of("code", "int x = 1;", "markdown", "# title", "code", "x + 1"));
    JsonObject markdownEdited = notebook(List.of("code", "int x = 1;", "markdown", "# other", "code", "x + 1"));
    JsonObject swapped = notebook(List.of("code", "x + 1", "markdown", "# title", "code", "int x = 1;"));
    JsonObject joined = notebook(List.of("code", "int x = 1;x + 1"));
    assertEquals(NotebookCheck.sourceHash(a), NotebookCheck.sourceHash(markdownEdited));
    assertTrue(!NotebookCheck.sourceHash(a).equals(NotebookCheck.sourceHash(swapped)));
    assertTrue(!NotebookCheck.sourceHash(a).equals(NotebookCheck.sourceHash(joined)), "cells are delimited");
    // the list-of-lines form nbformat also allows hashes as the joined string
    JsonObject lines = notebook(List.of("code", "int x = 1;"));
    JsonArray split = new JsonArray();
    split.add("int x ");
    split.add("= 1;");
    lines.getAsJsonArray("cells").get(0).getAsJsonObject().add("source", split);
    assertEquals(NotebookCheck.sourceHash(notebook(List.of("code", "int x = 1;"))), NotebookCheck.sourceHash(lines));
  }

  /** A notebook of (cell type, source) pairs. */
  private static JsonObject notebook(List<String> typesAndSources) {
    JsonArray cells = new JsonArray();
    for (int i = 0; i < typesAndSources.size(); i += 2) {
      JsonObject c = new JsonObject();
      c.addProperty("cell_type", typesAndSources.get(i));
      c.addProperty("source", typesAndSources.get(i + 1));
      cells.add(c);
    }
    JsonObject nb = new JsonObject();
    nb.add("cells", cells);
    return nb;
  }

  private static JsonObject lastCodeCell(JsonObject nb) {
    JsonObject last = null;
    for (var c : nb.getAsJsonArray("cells"))
      if ("code".equals(c.getAsJsonObject().get("cell_type").getAsString())) last = c.getAsJsonObject();
    return last;
  }
}
