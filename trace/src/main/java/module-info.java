/**
 * Graft's graph IR and tracing ({@link io.graft.trace}), the primitives ({@link io.graft.trace.prim}) and pytrees
 * ({@link io.graft.trace.tree}); the NumPy-level ops ({@code io.graft.trace.ops}) are exported only to the Graft
 * modules above.
 *
 * <p>The exported packages are those whose types {@code io.graft} shows: {@code Graph} and {@code Value}, the errors
 * ({@code TracerLeakError}, {@code ConcretizationError}, {@code TransformError}, {@code NotATreeError},
 * {@code TransposeError}), {@code TreeDef}, and the records {@code io.graft.Lax} takes ({@code ConvDims},
 * {@code GatherDims}, {@code PadConfig}, {@code WindowOp}, ...).
 *
 * <p>Pytrees read users' records by reflection ({@code io.graft.trace.tree}): a record in a named module must be in
 * a package that module opens to {@code io.graft.trace}, or flattening it throws
 * {@link io.graft.trace.tree.NotATreeError} saying so.
 */
@SuppressWarnings("module")   // the qualified exports name Graft modules built after this one
module io.graft.trace {
  requires transitive io.graft.numerics;
  requires transitive io.vavr;

  exports io.graft.trace;
  exports io.graft.trace.prim;
  exports io.graft.trace.tree;
  exports io.graft.trace.ops to io.graft.transforms, io.graft.jit, io.graft.api;
}
