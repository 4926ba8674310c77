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

  /** A CIFAR-10 binary directory of {@code perFile} random records in each of the six batch files. */
  private static Path tinyCifar(Path dir, int perFile) throws java.io.IOException {
    java.util.Random r = new java.util.Random(5);
    for (String f : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
      byte[] b = new byte[perFile * io.graft.data.Cifar10.RECORD_BYTES];
      r.nextBytes(b);
      for (int i = 0; i < perFile; i++) b[i * io.graft.data.Cifar10.RECORD_BYTES] = (byte) r.nextInt(10);
      Files.write(dir.resolve(f + ".bin"), b);
    }
    return dir;
  }

  @Test void workflowRunsChecksInTrainsCheckpointsResumesAndProfiles(@TempDir Path dir, @TempDir Path cifar) throws Exception {
    String common = "--batch 2 --steps 2 --eval 2 --epochs 1 --out " + dir;
    // the first run on CIFAR-10 binary files of random bytes: 5 x 2 training records, 2 test records
    String out = run("--cifar " + tinyCifar(cifar, 2) + " " + common);
    assertTrue(out.contains("grad of f(x) = x^2 + 3x at [1, 2] = [5.0, 7.0] (expected [5.0, 7.0]: ok)"), out);
    assertTrue(out.contains("data: CIFAR-10 from " + cifar + ", 10 training and 2 test images"), out);
    assertTrue(out.contains("ResNet-18 (CIFAR variant: 3x3 stem, no pool), 11,173,962 parameters"), out);
    assertTrue(out.contains("peak learning rate 1.0e-03 (warm-up, cosine), clipByGlobalNorm(1.0)"), out);
    assertTrue(out.contains("policy params=f32,compute=bf16,output=f32"), "bf16 compute by default: " + out);
    assertTrue(out.lines().filter(l -> l.startsWith("epoch 1 [")).noneMatch(l -> l.contains("NaN") || l.contains("Infinity")), out);
    assertEquals(2, out.lines().filter(l -> l.startsWith("epoch 1 [") && l.contains("|g| ") && l.contains("loss ")).count(), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("epoch 1: test accuracy (0|50|100)\\.00% on 2 images.*")), out);
    assertTrue(Files.exists(dir.resolve("resnet18.npz")), "checkpoint written");
    assertTrue(out.contains("one train step, profiled:"), out);
    assertTrue(out.contains("conv_general_dilated") && out.contains("calls/run") && out.contains("(between kernels)"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("int8: test accuracy (0|50|100)\\.00% \\(f32 in evaluation mode (0|50|100)\\.00%\\) on 2 images.*")), out);
    assertTrue(Files.size(dir.resolve("resnet18-int8-qdq.onnx")) > 11_000_000, "the i8 QDQ model: 11.2 M weights of one byte");

    // the resumed run on synthetic images, in f32: the checkpoint holds the (f32) state, not the data
    String resumed = run("--synthetic 4 " + common + " --resume --precision f32");
    assertTrue(resumed.contains("policy params=f32,compute=f32,output=f32"), resumed);
    assertTrue(resumed.contains("4 synthetic random 32x32x3 images"), resumed);
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
