package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.LaxOps;

/**
 * The threefry2x32 counter hash and the key operations built on it, in JAX's partitionable form
 * ({@code jax_threefry_partitionable}, the default since JAX 0.5): every operation is written with traced
 * primitives (u32 add, xor, or, shifts), so it traces, jits and vmaps like any other function. Written from the
 * algorithm's definition (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11, and JAX's
 * {@code jax/_src/random/threefry2x32.py}: {@code threefry_seed}, {@code _threefry_split_foldlike},
 * {@code threefry_fold_in}, {@code _threefry_random_bits_partitionable}).
 *
 * <p>A key is a u32 array of shape {@code [2]} (JAX's raw {@code PRNGKey} data); a batch of keys has shape
 * {@code [n, 2]}. In partitionable mode the counters of an output of shape {@code s} are the row-major linear indices
 * {@code 0 .. size(s)-1} as (high word, low word) pairs; {@code split} hashes them into new keys and {@code bits}
 * xors the two output words.
 */
final class Threefry {
  private Threefry() {}

  /** Skein's key-schedule parity constant. */
  private static final long PARITY = 0x1BD11BDAL;
  /** Rotation amounts of threefry2x32: rounds 1-4 of even blocks use the first four, odd blocks the last four. */
  private static final int[] ROTATIONS = {13, 15, 26, 6, 17, 29, 16, 24};

  /** A strong rank-0 u32 constant holding the low 32 bits of {@code v}. */
  static Value u32(long v) { return Const.of(NdArray.scalarLong(DType.U32, v)); }

  private static Value add(Value a, Value b) { return LaxOps.binary(BinaryOp.ADD, a, b); }

  private static Value xor(Value a, Value b) { return LaxOps.binary(BinaryOp.XOR, a, b); }

  /** {@code v} rotated left by {@code r} bits ({@code 0 < r < 32}), as two shifts and an or. */
  private static Value rotl(Value v, int r) {
    return LaxOps.binary(BinaryOp.OR, LaxOps.binary(BinaryOp.SHIFT_LEFT, v, u32(r)),
        LaxOps.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, v, u32(32 - r)));
  }

  /**
   * threefry2x32 with 20 rounds: the pair {@code (x0, x1)} encrypted under key {@code (k0, k1)}. All u32; rank-0
   * operands broadcast against the others. Returns {@code {y0, y1}}.
   */
  static Value[] hash(Value k0, Value k1, Value x0, Value x1) {
    Value[] ks = {k0, k1, xor(xor(k0, k1), u32(PARITY))};
    Value a = add(x0, ks[0]), b = add(x1, ks[1]);
    for (int block = 0; block < 5; block++) {
      for (int r = 0; r < 4; r++) {
        a = add(a, b);
        b = xor(rotl(b, ROTATIONS[(block % 2) * 4 + r]), a);
      }
      a = add(a, ks[(block + 1) % 3]);
      b = add(add(b, ks[(block + 2) % 3]), u32(block + 1));
    }
    return new Value[] {a, b};
  }

  /** The key {@code [hi, lo]} of a seed given as its two words ({@code threefry_seed}). */
  static Value seed(Value hi, Value lo) { return Shapes.stack(0, hi, lo); }

  /** Word {@code i} (0 or 1) of the single key {@code key} as a rank-0 u32. */
  static Value word(Value key, int i) {
    return LaxOps.reshape(Shapes.laxSlice(key, new int[] {i}, new int[] {i + 1}, null), Shape.scalar());
  }

  /** The two output words of hashing the linear indices of {@code shape} under {@code key}. */
  private static Value[] counters(Value key, int[] shape) {
    Shape s = Shape.of(shape);
    Value lo = LaxOps.reshape(Creation.iota(DType.U32, s.size()), s);   // high words: 0, as sizes stay below 2^31
    return hash(word(key, 0), word(key, 1), u32(0), lo);
  }

  /** {@code n} new keys, u32{@code [n, 2]}: key {@code i} hashes the counter {@code (0, i)} (partitionable split). */
  static Value split(Value key, int n) {
    Value[] y = counters(key, new int[] {n});
    return Shapes.stack(1, y[0], y[1]);
  }

  /** The key hashing the counter {@code (0, data)} under {@code key} ({@code fold_in}); {@code data} a rank-0 u32. */
  static Value foldIn(Value key, Value data) {
    Value[] y = hash(word(key, 0), word(key, 1), u32(0), data);
    return Shapes.stack(0, y[0], y[1]);
  }

  /** 32 random bits per element of {@code shape} (u32): the xor of the two words hashed from each linear index. */
  static Value bits(Value key, int[] shape) {
    Value[] y = counters(key, shape);
    return xor(y[0], y[1]);
  }

  /**
   * 64 random bits per element of {@code shape} as i64 (the bits JAX's u64 would hold): the first word in the high
   * half, the second in the low half ({@code _threefry_random_bits_partitionable} with {@code bit_width=64}).
   */
  static Value bits64(Value key, int[] shape) {
    Value[] y = counters(key, shape);
    Value hi = LaxOps.convert(y[0], DType.I64), lo = LaxOps.convert(y[1], DType.I64);
    return LaxOps.binary(BinaryOp.OR, LaxOps.binary(BinaryOp.SHIFT_LEFT, hi, Const.of(NdArray.scalarLong(DType.I64, 32))), lo);
  }

  /** {@code key} checked to be one key, u32{@code [2]}; a typed error naming {@code fn} otherwise. */
  static Value checkKey(String fn, Array key) {
    if (key == null) throw new NullPointerException("key is null");
    Value v = key.value();
    if (v.type().dtype() != DType.U32)
      throw new io.graft.numerics.DTypeError("Random." + fn + ": a key is u32[2], got " + v.type()
          + "; make one with Random.key(seed) or Random.split(key, n)");
    if (!v.type().shape().equals(Shape.of(2)))
      throw new ShapeError("Random." + fn + ": needs one key, u32[2], got " + v.type()
          + (v.type().rank() == 2 && v.type().shape().dim(1) == 2
              ? "; that is a batch of keys: pick one (keys.get(i)) or map over them with Graft.vmap"
              : "; make one with Random.key(seed)"));
    return v;
  }
}
