package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.data.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./graft demo resnet} on a few synthetic images: every part of the workflow prints its line; resume continues. */
class ResNetDemoTest {
  private static String run(String args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      ResNetDemo.main(args.split(" "));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      System.setOut(old);
    }
    return buf.toString();
  }

  @Test void workflowRunsChecksInTrainsCheckpointsResumesAndProfiles(@TempDir Path dir) {
    String common = "--synthetic 4 --batch 2 --steps 2 --eval 2 --epochs 1 --out " + dir;
    String out = run(common);
    assertTrue(out.contains("grad of f(x) = x^2 + 3x at [1, 2] = [5.0, 7.0] (expected [5.0, 7.0]: ok)"), out);
    assertTrue(out.contains("4 synthetic random 32x32x3 images"), out);
    assertTrue(out.contains("ResNet-18 (CIFAR variant: 3x3 stem, no pool), 11,173,962 parameters"), out);
    assertTrue(out.contains("peak learning rate 1.0e-03 (warm-up, cosine), clipByGlobalNorm(1.0)"), out);
    assertEquals(2, out.lines().filter(l -> l.startsWith("epoch 1 [") && l.contains("|g| ") && l.contains("loss ")).count(), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("epoch 1: test accuracy (0|50|100)\\.00% on 2 images.*")), out);
    assertTrue(Files.exists(dir.resolve("resnet18.npz")), "checkpoint written");
    assertTrue(out.contains("one train step, profiled:"), out);
    assertTrue(out.contains("conv_general_dilated") && out.contains("calls/run") && out.contains("(between kernels)"), out);

    String resumed = run(common + " --resume");
    assertTrue(resumed.contains("resumed from " + dir.resolve("resnet18.npz") + " after 1 epoch"), resumed);
    assertTrue(resumed.lines().anyMatch(l -> l.startsWith("epoch 2 [")), resumed);
    assertTrue(resumed.lines().anyMatch(l -> l.startsWith("epoch 2: test accuracy")), resumed);
  }

  @Test void grayImagesArePaddedTo32x32AndRepeatedOverThreeChannels() {
    float[] px = new float[2 * 28 * 28];
    for (int i = 0; i < px.length; i++) px[i] = i;
    Examples rgb = ResNetDemo.rgb32(new Examples(Array.of(px, 2, 28, 28), Array.of(new int[] {3, 4})), true);
    assertArrayEquals(new int[] {2, 32, 32, 3}, rgb.inputs().shape());
    float[] v = rgb.inputs().toFloatArray();
    // example 1, row 5, column 7 of the original lands at row 7, column 9, in all three channels
    int at = ((32 + 7) * 32 + 9) * 3;
    float want = 28 * 28 + 5 * 28 + 7;
    assertArrayEquals(new float[] {want, want, want}, new float[] {v[at], v[at + 1], v[at + 2]});
    assertEquals(0f, v[0]);   // the padding
    assertEquals(2 * 28 * 28 * 3, java.util.stream.IntStream.range(0, v.length).filter(i -> v[i] != 0).count() + 3,
        "every pixel but the zero-valued first one of example 0 lands once per channel");
  }
}
