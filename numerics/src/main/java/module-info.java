/**
 * Graft's leaf layer: element types, shapes, dense immutable buffers ({@link io.graft.numerics}) and the CPU kernels
 * that eager mode and jit call ({@code io.graft.numerics.kernels}, exported only to the Graft modules that call them).
 *
 * <p>The Vector API is optional ({@code requires static}): with {@code --add-modules jdk.incubator.vector} the SIMD
 * kernels run, without it the scalar ones ({@link io.graft.numerics.Simd}). OpenBLAS comes with its linux-x86_64
 * natives through JavaCPP ({@code io.graft.numerics.kernels.Blas}), oneDNN for the int8 convolutions the same way
 * ({@code io.graft.numerics.kernels.Dnnl}); the natives modules are required so that they are
 * resolved on the module path, where nothing else names them.
 */
@SuppressWarnings("module")   // the qualified exports name Graft modules built after this one
module io.graft.numerics {
  requires static jdk.incubator.vector;
  requires java.management;   // CompilerLoad reads the JIT's compile time
  requires org.bytedeco.openblas;
  requires org.bytedeco.openblas.linux.x86_64;
  requires org.bytedeco.javacpp.linux.x86_64;
  requires org.bytedeco.dnnl.linux.x86_64;

  exports io.graft.numerics;
  exports io.graft.numerics.kernels to io.graft.trace, io.graft.jit, io.graft.api, io.graft.benchmarks;
}
