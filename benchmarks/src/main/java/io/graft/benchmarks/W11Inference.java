package io.graft.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.graft.Array;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The four systems of a W11 benchmark ({@link W11Quantized}, {@link W11Models}): Graft f32 (jitted) and int8, and
 * ONNX Runtime 1.29.0 (CPU, default session options) on the f32 and the QDQ export of the same model, all on the same
 * input {@link #x}, with the JMH settings both share (throughput, 3 warm-up and 5 measured iterations of 2 s, one
 * fork). A subclass's setup fills the fields through {@link #use}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
abstract class W11Inference {
  private Function<Array, Array> f32, int8;
  private Array x;
  private OrtSession ortF32, ortQdq;
  private OnnxTensor input;
  private Path dir;

  /** The files of a trial go here (deleted by the tear-down). */
  Path directory() throws IOException {
    if (dir == null) dir = Files.createTempDirectory("w11");
    return dir;
  }

  /** The systems under test: the jitted f32 model, the int8 one, the two exported models and the input. */
  void use(Function<Array, Array> jittedF32, Function<Array, Array> quantized, Path f32Model, Path qdqModel, Array in)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    f32 = jittedF32;
    int8 = quantized;
    x = in;
    ortF32 = env.createSession(f32Model.toString(), new OrtSession.SessionOptions());
    ortQdq = env.createSession(qdqModel.toString(), new OrtSession.SessionOptions());
    input = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.toFloatArray()),
        java.util.Arrays.stream(in.shape()).asLongStream().toArray());
  }

  @TearDown(Level.Trial) public void tearDown() throws OrtException, IOException {
    input.close();
    ortF32.close();
    ortQdq.close();
    try (var files = Files.list(dir)) { for (Path p : files.toList()) Files.delete(p); }
    Files.delete(dir);
  }

  /** f32, jitted. */
  @Benchmark public Array graftF32() { return f32.apply(x); }

  /** int8 with i32 accumulation. */
  @Benchmark public Array graftInt8() { return int8.apply(x); }

  /** ONNX Runtime on the f32 export. */
  @Benchmark public float ortF32() throws OrtException { return run(ortF32); }

  /** ONNX Runtime on the QDQ export. */
  @Benchmark public float ortQdq() throws OrtException { return run(ortQdq); }

  private float run(OrtSession s) throws OrtException {
    try (OrtSession.Result r = s.run(Map.of("input_0", input))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }
}
