package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import java.util.List;

/**
 * One sample application of a primitive, for the coverage test: every primitive record and every row of every op
 * table must appear in some family's spec list ({@code <Family>Specs.specs()}), and each spec is evaluated and
 * checked against its type rule.
 *
 * @param prim the primitive with parameters
 * @param args sample operands that satisfy its type rule
 */
public record Spec(Primitive prim, List<NdArray> args) {
  /** A spec with these operands. */
  public static Spec of(Primitive prim, NdArray... args) { return new Spec(prim, List.of(args)); }
}
