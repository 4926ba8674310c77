/**
 * Graft's compiler behind {@code jit}: {@link io.graft.jit} (exported: {@code io.graft.Jitted} shows its
 * {@code Passes.Stage}) and its internals, the passes, the kernel IR and the CPU backend, exported only to the
 * modules that call them. The generated kernels are hidden classes of {@code io.graft.jit.cpu}, so they read what
 * this module reads; with {@code --add-modules jdk.incubator.vector} that includes the Vector API.
 */
@SuppressWarnings("module")   // the qualified exports name Graft modules built after this one
module io.graft.jit {
  requires transitive io.graft.trace;
  requires static jdk.incubator.vector;
  requires transitive jdk.jfr;   // CompileEvent and ExecuteEvent (exported) extend jdk.jfr.Event

  exports io.graft.jit;
  exports io.graft.jit.passes to io.graft.api;
  exports io.graft.jit.kernel to io.graft.api, io.graft.benchmarks;
  exports io.graft.jit.cpu to io.graft.api, io.graft.benchmarks;
  exports io.graft.jit.opencl;   // GraphCompiler.compileFor and OpenClExecutable name its device and buffer types
  exports io.graft.jit.mpi to io.graft.api, io.graft.benchmarks;   // Open MPI through FFM; users see io.graft.dist
  exports io.graft.jit.spi;      // optional device backends (TornadoVM) implement it; ServiceLoader finds them
  exports io.graft.jit.collective;   // the Communicator seam: pmap drives it, an MPI binding implements it

  uses io.graft.jit.spi.Backend;
  provides io.graft.jit.spi.Backend with io.graft.jit.opencl.OpenClBackend;
}
