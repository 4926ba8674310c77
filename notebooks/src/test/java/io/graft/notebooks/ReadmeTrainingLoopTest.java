package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "Train a model" loop is TrainExample's code (which the build compiles), line for line. */
class ReadmeTrainingLoopTest {
  @Test void theReadmeLoopIsTrainExample() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Train a model");
    assertTrue(section >= 0, "README has no 'Train a model' section");
    int start = readme.indexOf("```java\n", section) + "```java\n".length(), end = readme.indexOf("```", start);
    List<String> block = readme.substring(start, end).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertTrue(block.size() < 40, "the README's training loop should stay under 40 lines, has " + block.size());
    Set<String> source = Files.readAllLines(Path.of("src/main/java/io/graft/notebooks/TrainExample.java")).stream()
        .map(String::strip).collect(Collectors.toSet());
    for (String line : block) assertTrue(source.contains(line), "README line not in TrainExample.java: " + line);
  }
}
