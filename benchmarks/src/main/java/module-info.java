/**
 * Graft's JMH benchmarks. JMH's annotation processor writes its classes into {@code io.graft.benchmarks.jmh_generated}
 * inside this module; {@code target/benchmarks.jar} (shaded, without any {@code module-info.class}) runs them on the
 * class path. The checks of the fused loop nests and GEMM reach into the kernel IR, the CPU backend and OpenBLAS,
 * which their modules export to this one.
 *
 * <p>JMH has no module descriptor: {@code jmh.core} is its automatic module.
 */
@SuppressWarnings("requires-automatic")
module io.graft.benchmarks {
  requires io.graft.api;
  requires jmh.core;
  requires org.bytedeco.openblas;
  requires com.microsoft.onnxruntime;   // W11Quantized: ONNX Runtime on the exported models
  requires java.management;   // W7ResNet.main: the heap pools' peak usage

  // the workloads' parameter records (W3MlpStep.Mlp, ...) are pytrees, which io.graft.trace reads by reflection
  opens io.graft.benchmarks to io.graft.trace;
}
