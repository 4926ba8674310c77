package io.graft.trace.prim;

import java.util.List;

/** Every family's specs, for tests outside this package (the rule properties in api). */
public final class AllSpecs {
  private AllSpecs() {}

  /** All specs of all families. */
  public static List<Spec> all() { return PrimitiveCoverageTest.allSpecs(); }
}
