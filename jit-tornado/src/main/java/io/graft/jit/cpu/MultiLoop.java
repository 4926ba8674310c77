package io.graft.jit.cpu;

/**
 * The generated vector loop of a multi-output kernel's elementwise parts ({@link VectorEmitter#loadMulti}): over a
 * row's whole vectors, every part's value at a position is computed before any part's output there is stored, so what
 * the parts share is computed once and an output may overwrite an input read at the same position. The few elements
 * past the last whole vector are left to the parts' own loops ({@link NestRunner#writeAll}).
 * <pre>{@code
 * // Adam's update: m' = b1·m + (1-b1)·g, v' = b2·v + (1-b2)·g², p' = p - lr·m̂'/(√v̂' + eps) in one pass
 * int end = loop.writeVectors(in, base, new Object[] {m, v, p}, 0, 0, n);   // the elements [end, n) remain
 * }</pre>
 */
public interface MultiLoop {
  /**
   * {@code outs[p][outBase + j] = body_p(j)} for {@code j} in {@code [lo, end)}, {@code end = lo + ((hi - lo) & -L)}
   * with {@code L} the vector length; input {@code k}'s element {@code j} is {@code in[k][base[k] + j]}.
   *
   * @return {@code end}
   */
  int writeVectors(Object[] in, int[] base, Object[] outs, int outBase, int lo, int hi);
}
