package io.graft.trace.prim;

/**
 * Reductions along axes: {@link Reduce} (sum, prod, max, min over a set of axes), {@link ArgMinMax} (index of the
 * extreme along one axis) and {@link Cumulative} (inclusive scans along one axis).
 */
public sealed interface Reduction extends Primitive.Single permits Reduce, ArgMinMax, Cumulative, ArgSort {
}
