/**
 * Graft's user surface: {@code requires io.graft.api;} and {@code import io.graft.*;} (see {@link io.graft}).
 * Exported: {@link io.graft}, {@link io.graft.testing} and the user packages {@link io.graft.optim},
 * {@link io.graft.nn}, {@link io.graft.data}, {@link io.graft.io}, {@link io.graft.quant} and {@link io.graft.dist}
 * (data-parallel training over MPI); through {@code requires transitive}, the packages whose
 * types those signatures show ({@code io.graft.numerics} for {@code DType} and the shape/dtype errors,
 * {@code io.graft.trace} for {@code Graph} and the tracing errors, {@code io.graft.trace.tree},
 * {@code io.graft.trace.prim}, {@code io.graft.jit}) and Vavr.
 *
 * <p>A module whose records are pytrees opens their packages to {@code io.graft.trace}, which reads them
 * ({@code opens com.example.model to io.graft.trace;}). {@code io.graft.testing} needs jqwik, an optional dependency
 * ({@code requires static}): a module using it requires {@code net.jqwik.api} itself.
 */
@SuppressWarnings("requires-automatic")   // tribuo-util-onnx and protobuf-java ship no module-info
module io.graft.api {
  requires transitive io.graft.trace;
  requires transitive io.graft.jit;
  requires io.graft.transforms;
  requires transitive io.vavr;
  requires static net.jqwik.api;
  // io.graft.io.Onnx writes ONNX models with the protobuf classes tribuo-util-onnx ships (automatic modules)
  requires org.tribuo.util.onnx;
  requires com.google.protobuf;

  exports io.graft;
  exports io.graft.testing;
  exports io.graft.optim;
  exports io.graft.nn;
  exports io.graft.data;
  exports io.graft.io;
  exports io.graft.quant;
  exports io.graft.dist;

  // their records (optimiser states, layers, batches) are pytrees, read and rebuilt by io.graft.trace
  opens io.graft.optim to io.graft.trace;
  opens io.graft.nn to io.graft.trace;
  opens io.graft.data to io.graft.trace;
}
