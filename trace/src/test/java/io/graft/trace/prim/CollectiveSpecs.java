package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/**
 * Specs for the collectives. They mean something only under a {@code vmap} binding their axis name, so their samples
 * are checked for the type rule and for the unbound-axis error of their kernel; {@code CollectivesTest} in api checks
 * their values and transform rules against explicit loops.
 */
final class CollectiveSpecs {
  private CollectiveSpecs() {}

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new double[] {0.5, -1, 2, 3, 0.25, -4});
    return List.of(
        Spec.of(new Psum("i"), x),
        Spec.of(new Pmax("i"), x),
        Spec.of(new Pmin("i"), x),
        Spec.of(new AllGather("i", 1, false, 4), x),
        Spec.of(new AllGather("i", 1, true, 4), x),
        Spec.of(new PsumScatter("i", 0, false, 2), x),
        Spec.of(new PsumScatter("i", 1, true, 3), x),
        Spec.of(new AxisIndex("i")));
  }
}
