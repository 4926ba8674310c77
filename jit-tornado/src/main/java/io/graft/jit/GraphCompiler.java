package io.graft.jit;

import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import io.vavr.collection.Vector;

/**
 * Graft's compiler: optimises the graph with the {@link Passes#PIPELINE} (inline nested jit calls, constant folding,
 * algebraic simplification, CSE, DCE), partitions it into fusion groups ({@link Fusion}), lowers each group to one
 * loop nest of the kernel IR ({@link Lowering}, {@link KernelBuilder}) compiled to bytecode / Vector API code
 * ({@link io.graft.jit.cpu.FusedKernels}), plans buffers ({@link Program}) and returns the CPU
 * {@link Executor}. Stateless and thread-safe: it keeps no cache. Each {@link #compile} builds a new executable that
 * owns its compiled kernels; whoever asked for it keeps it (a jitted function per signature, a
 * {@link io.graft.trace.prim.JitGraph} per jit-call graph), so dropping the owner frees the executable.
 * {@code -Dgraft.fusion=false} turns fusion off (every equation runs its own kernel), for comparisons.
 */
public final class GraphCompiler implements Compiler {
  private final boolean fuse;

  /** A compiler; fuses unless {@code -Dgraft.fusion=false}. */
  public GraphCompiler() { this(!"false".equals(System.getProperty("graft.fusion"))); }

  /** A compiler that fuses or not. */
  public GraphCompiler(boolean fuse) { this.fuse = fuse; }

  /** {@code g} after every pass, type-checked. */
  public Graph optimize(Graph g) { return Graphs.check(Passes.optimize(g)); }

  /** {@code g} stage by stage (see {@link Passes#stages}): the graph after each named pass, then the fused program. */
  public Vector<Passes.Stage> stages(Graph g) { return Passes.stages(g, fuse); }

  @Override public Executable compile(Graph g) { return new Executor(Program.of(optimize(g), fuse)); }

  /**
   * {@code g} optimised and compiled for an OpenCL {@code device}: every loop (fused, or one equation that a loop can
   * compute) becomes a generated OpenCL C kernel and every {@code dot_general} the tiled matmul, all built now; an
   * equation the device cannot run is an {@link io.graft.jit.opencl.OpenClUnsupportedError} here, not at run time.
   * Always fuses ({@code -Dgraft.fusion} concerns the CPU).
   */
  public OpenClExecutable compileFor(io.graft.jit.opencl.ClDevice device, Graph g) {
    return new OpenClExecutable(Program.of(optimize(g), true, true), device);
  }

  /**
   * {@code g} optimised and planned for a backend's {@code device}: the OpenCL C kernels {@link #compileFor} would
   * launch, over numbered buffers ({@link DevicePlan}), for backends that run whole programs of prebuilt kernels.
   * An equation the device cannot run is an {@link io.graft.jit.opencl.OpenClUnsupportedError} here.
   */
  public DevicePlan planFor(io.graft.jit.spi.BackendDevice device, Graph g) {
    return DevicePlan.of(Program.of(optimize(g), true, true), device);
  }

  @Override public String toString() { return "GraphCompiler(fuse=" + fuse + ")"; }
}
