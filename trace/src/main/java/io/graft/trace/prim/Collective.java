package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.MainTrace;
import io.graft.trace.NamedAxis;
import io.graft.trace.TraceContext;
import io.graft.trace.UnboundAxisError;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * A collective over a named axis (JAX's {@code psum_p}, {@code all_gather_p}, ...): an operation whose result for one
 * member of a group depends on the operands of every member. The group is the set of examples of the enclosing
 * {@code vmap(f, inAxes, outAxes, axisName)} that binds {@link #axisName}; on one device the collective therefore
 * means a reduction (or gather, or scatter) along that map's batch axis, and {@link io.graft.trace.Bind} hands it
 * to that map's trace even when the operands are constants or belong to other traces.
 *
 * <p>Two batching rules: {@link #batchNamed} for the {@code vmap} that binds the name (the batch axis is the group and
 * is reduced, gathered or scattered), and {@link #batch} for any other {@code vmap} (the collective is applied to
 * each of that map's examples: the batch axis is carried through). With no enclosing {@code vmap} binding the name,
 * binding raises {@link UnboundAxisError}; {@link #eval} raises it too, for a collective that reaches a kernel (a
 * compiled graph run outside its {@code vmap}) — except on a member of a {@code pmap}, whose executor runs it across
 * the devices through {@code io.graft.jit.collective.DeviceCollectives}. The MPI lowering (issue #15, deliverable 2) will give the same
 * records a second meaning, the group of processes: {@code psum} as {@code MPI_Allreduce(SUM)}, {@code allGather}
 * as {@code MPI_Allgather}, {@code psumScatter} as {@code MPI_Reduce_scatter}, {@code axisIndex} as the rank.
 */
public sealed interface Collective extends Primitive.Single permits Psum, Pmax, Pmin, AllGather, PsumScatter, AxisIndex {
  /** The name of the axis the collective acts across. */
  String axisName();

  /**
   * Batching rule for the {@code vmap} that binds {@link #axisName}: {@code args} carry that map's batch axis at
   * {@code dims} ({@link Batched#NOT_MAPPED} for operands the same on every example), and {@code size} is the group
   * size. The result is {@link Batched#NOT_MAPPED} when it is the same on every member (a {@code psum}).
   */
  Batched batchNamed(Vector<Value> args, Ints dims, int size);

  /** Never runs on one buffer: a collective means something only across the members of its named axis. */
  @Override default NdArray eval(Vector<NdArray> in) { throw unbound(name(), axisName()); }

  /** {@code op: axis name 'i' is not bound ...}: the error for a collective outside every {@code vmap} naming its axis. */
  static UnboundAxisError unbound(String op, String axisName) {
    var bound = TraceContext.axisNames();
    String where = TraceContext.innermost().map(MainTrace::describe)
        .map(d -> "inside " + d).getOrElse("in eager code, outside any transform");
    return new UnboundAxisError(op + ": axis name '" + axisName + "' is not bound by any enclosing vmap ("
        + (bound.isEmpty() ? "no axis names are bound" : "bound names: " + bound.map(n -> "'" + n + "'").mkString(", "))
        + "), called " + where + "; a collective needs its group: call it inside Graft.vmap(f, inAxes, outAxes, \""
        + axisName + "\") (the examples of that map are the members) or Graft.pmap(f, \"" + axisName + "\") (the local "
        + "devices are), or use the name the enclosing map binds");
  }

  /** The group size of {@code axisName} for a batching rule, checking it against the {@code size} it was bound with. */
  static void checkSize(String op, String axisName, int recorded, int size) {
    if (recorded != size)
      throw new ShapeError(op + ": axis '" + axisName + "' had size " + recorded + " when the collective was built, but the "
          + "vmap binding it maps " + size + " examples; build the collective inside the vmap that binds '" + axisName + "'");
  }

  /** The size of the innermost axis bound as {@code axisName}; {@link UnboundAxisError} naming {@code op} when unbound. */
  static int axisSize(String op, String axisName) {
    return TraceContext.axis(axisName).map(NamedAxis::size).getOrElseThrow(() -> unbound(op, axisName));
  }
}
