package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.ops.Promotion;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.BitcastConvertType;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.UnaryOp;
import java.util.Objects;

/**
 * Random numbers from explicit keys ({@code jax.random}): a key is a u32 array of shape {@code [2]}; the same key
 * always gives the same numbers, and new keys come from {@link #split} or {@link #foldIn}, never from hidden state.
 * <pre>{@code
 * Array key = Random.key(0);
 * Array keys = Random.split(key, 2);               // u32[2, 2]
 * Array w = Random.normal(keys.get(0), 784, 256);   // f32[784, 256]
 * }</pre>
 *
 * <p><b>Bit compatibility.</b> The generator is threefry2x32 (20 rounds) in JAX's <em>partitionable</em> form
 * ({@code jax_threefry_partitionable=True}, the default since JAX 0.5): {@code key}, {@code split}, {@code foldIn},
 * {@code bits}, {@code uniform}, {@code randint}, {@code bernoulli}, {@code permutation} and {@code choice} without
 * {@code p} give the bits JAX gives for the same key and arguments ({@code random.key_data} for keys); the
 * distributions built on {@code erf_inv}, {@code log} ({@code normal}, {@code truncatedNormal}, {@code categorical},
 * {@code choice} with {@code p}) follow JAX's formulas step by step and agree to the last few ulps of those
 * functions. With JAX's older, non-partitionable threefry ({@code jax_threefry_partitionable=False}) the bits differ.
 *
 * <p><b>Transforms.</b> Everything here is built from primitives (u32 add, xor, shifts, {@code bitcast_convert_type},
 * {@code argsort}, gathers), so it traces, jits and vmaps: {@code Graft.vmap(k -> Random.normal(k, 3))} over
 * {@code split(key, n)} equals calling it on each key. Shapes, bounds given as Java numbers, and sample counts are
 * static. Derivatives with respect to keys are zero.
 */
public final class Random {
  private Random() {}

  // ---------------------------------------------------------------- keys

  /**
   * The key of {@code seed} ({@code jax.random.key(seed)} then {@code key_data}): u32{@code [2]} holding the high and
   * low 32 bits. For seeds in i32 range this is JAX's default (32-bit) answer, {@code [0, seed]} with a negative seed
   * read as its 32 bits; beyond it, JAX's x64 answer {@code [seed >>> 32, seed & 0xFFFFFFFF]}.
   */
  public static Array key(long seed) {
    int hi = seed == (int) seed ? 0 : (int) (seed >>> 32);
    return Array.ofUint32(new int[] {hi, (int) seed}, 2);
  }

  /**
   * The key of a (possibly traced) integer scalar {@code seed}: i32 and u32 seeds give {@code [0, seed]}, i64 seeds
   * {@code [seed >>> 32, seed & 0xFFFFFFFF]} ({@code threefry_seed}).
   */
  public static Array key(Array seed) {
    Value s = Objects.requireNonNull(seed, "seed is null").value();
    if (!s.type().dtype().isInteger() || s.type().rank() != 0)
      throw new DTypeError("Random.key: the seed must be an integer scalar, got " + s.type() + "; pass a Java long or an i32/i64 scalar");
    Value lo = LaxOps.convert(s, DType.U32);
    Value hi = s.type().dtype() == DType.I64
        ? LaxOps.convert(LaxOps.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, s, Const.of(NdArray.scalarLong(DType.I64, 32))), DType.U32)
        : Threefry.u32(0);
    return new Array(Threefry.seed(hi, lo));
  }

  /** Two new keys, u32{@code [2, 2]} ({@code jax.random.split(key)}). */
  public static Array split(Array key) { return split(key, 2); }

  /** {@code n} new keys, u32{@code [n, 2]} ({@code jax.random.split(key, n)}); key {@code i} equals {@code foldIn(key, i)}. */
  public static Array split(Array key, int n) {
    if (n < 0) throw new ShapeError("Random.split: n must be >= 0, got " + n);
    return new Array(Threefry.split(Threefry.checkKey("split", key), n));
  }

  /** The key for {@code data} derived from {@code key} ({@code jax.random.fold_in}); {@code data} is read as u32 bits. */
  public static Array foldIn(Array key, int data) {
    return new Array(Threefry.foldIn(Threefry.checkKey("foldIn", key), Threefry.u32(Integer.toUnsignedLong(data))));
  }

  /** {@link #foldIn(Array, int)} with a (possibly traced) integer scalar {@code data}, converted to u32. */
  public static Array foldIn(Array key, Array data) {
    Value d = Objects.requireNonNull(data, "data is null").value();
    if (!d.type().dtype().isInteger() || d.type().rank() != 0)
      throw new DTypeError("Random.foldIn: data must be an integer scalar, got " + d.type());
    return new Array(Threefry.foldIn(Threefry.checkKey("foldIn", key), LaxOps.convert(d, DType.U32)));
  }

  // ---------------------------------------------------------------- bits and uniform floats

  /** Uniform random u32 bits of {@code shape} ({@code jax.random.bits(key, shape)}). */
  public static Array bits(Array key, int... shape) {
    return new Array(Threefry.bits(Threefry.checkKey("bits", key), checkShape("bits", shape)));
  }

  /** Uniform f32 values in {@code [0, 1)} of {@code shape} ({@code jax.random.uniform(key, shape)}). */
  public static Array uniform(Array key, int... shape) { return uniform(key, shape, DType.F32, 0, 1); }

  /**
   * Uniform values in {@code [minval, maxval)} of {@code shape} and float {@code dtype}
   * ({@code jax.random.uniform}): the top mantissa bits of {@link #bits} under exponent 0 give {@code f in [1, 2)}
   * ({@code (bits >>> 9) | 0x3f800000} for f32, 64 bits {@code >>> 12} for f64; bf16/f16 keep the top 7/10 bits, so
   * {@code f} is exact in them), then
   * {@code max(minval, (f - 1) * (maxval - minval) + minval)} in {@code dtype}.
   */
  public static Array uniform(Array key, int[] shape, DType dtype, double minval, double maxval) {
    Value k = Threefry.checkKey("uniform", key);
    floatDtype("uniform", dtype);
    return new Array(uniform(k, checkShape("uniform", shape), dtype, constant(dtype, minval), constant(dtype, maxval)));
  }

  /** Uniform in {@code [min, max)} ({@code min, max} of {@code dtype}, broadcasting to {@code shape}). */
  static Value uniform(Value key, int[] shape, DType dtype, Value min, Value max) {
    Value floats;
    if (dtype == DType.F32) {
      Value mant = LaxOps.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, Threefry.bits(key, shape), Threefry.u32(32 - 23));
      Value one = LaxOps.binary(BinaryOp.OR, mant, Threefry.u32(Float.floatToRawIntBits(1f)));
      floats = Bind.bind1(new BitcastConvertType(DType.F32), one);
    } else if (dtype.isHalf()) {
      // the top 7 (bf16) or 10 (f16) random bits as the fraction of an f32 in [1, 2): exact in the 16-bit dtype
      int m = dtype.fractionBits();
      Value mant = LaxOps.binary(BinaryOp.SHIFT_LEFT,
          LaxOps.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, Threefry.bits(key, shape), Threefry.u32(32 - m)), Threefry.u32(23 - m));
      Value one = LaxOps.binary(BinaryOp.OR, mant, Threefry.u32(Float.floatToRawIntBits(1f)));
      floats = Promotion.convert(Bind.bind1(new BitcastConvertType(DType.F32), one), dtype, false);
    } else {
      Value mant = LaxOps.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, Threefry.bits64(key, shape), Const.of(NdArray.scalarLong(DType.I64, 64 - 52)));
      Value one = LaxOps.binary(BinaryOp.OR, mant, Const.of(NdArray.scalarLong(DType.I64, Double.doubleToRawLongBits(1.0))));
      floats = Bind.bind1(new BitcastConvertType(DType.F64), one);
    }
    floats = LaxOps.sub(floats, constant(dtype, 1));
    return Arith.maximum(min, Arith.add(Arith.mul(floats, Arith.sub(max, min)), min));
  }

  // ---------------------------------------------------------------- continuous distributions

  /** Standard normal f32 values of {@code shape} ({@code jax.random.normal(key, shape)}). */
  public static Array normal(Array key, int... shape) { return normal(key, shape, DType.F32); }

  /**
   * Standard normal values of {@code shape} and float {@code dtype}: {@code sqrt(2) * erf_inv(u)} with {@code u}
   * uniform in {@code [nextafter(-1, 0), 1)} (JAX's inverse-CDF method).
   */
  public static Array normal(Array key, int[] shape, DType dtype) {
    Value k = Threefry.checkKey("normal", key);
    floatDtype("normal", dtype);
    double lo = dtype == DType.F64 ? Math.nextUp(-1d) : -1 + Math.scalb(1.0, -dtype.fractionBits() - 1);   // next above -1
    Value u = uniform(k, checkShape("normal", shape), dtype, constant(dtype, lo), constant(dtype, 1));
    return new Array(LaxOps.mul(constant(dtype, Math.sqrt(2)), LaxOps.unary(UnaryOp.ERF_INV, u)));
  }

  /** Standard normal f32 values truncated to {@code (lower, upper)}, of {@code shape}. */
  public static Array truncatedNormal(Array key, double lower, double upper, int... shape) {
    return truncatedNormal(key, lower, upper, shape, DType.F32);
  }

  /**
   * Standard normal values truncated to the open interval {@code (lower, upper)} ({@code jax.random.truncated_normal}):
   * {@code sqrt(2) * erf_inv(u)} with {@code u} uniform in {@code [erf(lower/sqrt 2), erf(upper/sqrt 2))}, clipped
   * to {@code [nextafter(lower, +inf), nextafter(upper, -inf)]} so rounding never leaves the interval.
   */
  public static Array truncatedNormal(Array key, double lower, double upper, int[] shape, DType dtype) {
    Value k = Threefry.checkKey("truncatedNormal", key);
    floatDtype("truncatedNormal", dtype);
    Value sqrt2 = constant(dtype, Math.sqrt(2)), lo = constant(dtype, lower), hi = constant(dtype, upper);
    Value a = LaxOps.unary(UnaryOp.ERF, LaxOps.div(lo, sqrt2)), b = LaxOps.unary(UnaryOp.ERF, LaxOps.div(hi, sqrt2));
    Value u = uniform(k, checkShape("truncatedNormal", shape), dtype, a, b);
    Value out = LaxOps.mul(sqrt2, LaxOps.unary(UnaryOp.ERF_INV, u));
    Value floor = LaxOps.binary(BinaryOp.NEXTAFTER, lo, constant(dtype, Double.POSITIVE_INFINITY));
    Value ceiling = LaxOps.binary(BinaryOp.NEXTAFTER, hi, constant(dtype, Double.NEGATIVE_INFINITY));
    return new Array(Arith.minimum(Arith.maximum(out, floor), ceiling));
  }

  /**
   * Standard Gumbel values ({@code jax.random.gumbel}, mode "low"): {@code -log(-log(u))} with {@code u} uniform in
   * {@code [tiny, 1)}, {@code tiny} the smallest normal float of {@code dtype}.
   */
  static Value gumbel(Value key, int[] shape, DType dtype) {
    double tiny = dtype.minNormal();
    Value u = uniform(key, shape, dtype, constant(dtype, tiny), constant(dtype, 1));
    return LaxOps.neg(LaxOps.log(LaxOps.neg(LaxOps.log(u))));
  }

  // ---------------------------------------------------------------- discrete distributions

  /** True with probability {@code p}, of {@code shape} ({@code jax.random.bernoulli}): {@code uniform(f32) < p}. */
  public static Array bernoulli(Array key, double p, int... shape) {
    Value k = Threefry.checkKey("bernoulli", key);
    return new Array(Logic.lt(uniform(k, checkShape("bernoulli", shape), DType.F32, constant(DType.F32, 0), constant(DType.F32, 1)),
        constant(DType.F32, p)));
  }

  /** True with probability {@code p} (elementwise, broadcast to {@code shape}; {@code p}'s shape when empty). */
  public static Array bernoulli(Array key, Array p, int... shape) {
    Value k = Threefry.checkKey("bernoulli", key), pv = Objects.requireNonNull(p, "p is null").value();
    DType d = pv.type().dtype().isFloating() ? pv.type().dtype() : DType.F32;
    int[] s = shape.length == 0 ? pv.type().shape().dims() : checkShape("bernoulli", shape);
    return new Array(Logic.lt(uniform(k, s, d, constant(d, 0), constant(d, 1)), pv));
  }

  /** One category per row of {@code logits} along its last axis ({@code jax.random.categorical(key, logits)}). */
  public static Array categorical(Array key, Array logits) { return categorical(key, logits, -1); }

  /** One category index (i32) along {@code axis} of {@code logits} for every other position. */
  public static Array categorical(Array key, Array logits, int axis) {
    Value l = Objects.requireNonNull(logits, "logits is null").value();
    return categorical(key, logits, axis, l.type().shape().drop(l.type().shape().axis(axis, "Random.categorical")).dims());
  }

  /**
   * Category indices (i32) of {@code shape}, drawn from {@code softmax(logits, axis)} by the Gumbel-max trick
   * ({@code argmax(gumbel + logits)}); {@code shape} must end with {@code logits}' shape without {@code axis}, its
   * leading axes being independent draws ({@code jax.random.categorical(key, logits, axis, shape)}).
   */
  public static Array categorical(Array key, Array logits, int axis, int[] shape) {
    Value k = Threefry.checkKey("categorical", key), l = Objects.requireNonNull(logits, "logits is null").value();
    if (!l.type().dtype().isFloating()) l = LaxOps.convert(l, DType.F32);
    Shape ls = l.type().shape();
    int a = ls.axis(axis, "Random.categorical");
    int[] batch = ls.drop(a).dims(), s = checkShape("categorical", shape);
    int prefix = s.length - batch.length;
    if (prefix < 0 || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(s, prefix, s.length), batch))
      throw new ShapeError("Random.categorical: shape " + Shape.of(s) + " must end with the logits' shape without axis " + a
          + ", " + Shape.of(batch) + " (logits " + l.type() + "); put extra draws in leading axes");
    int[] full = new int[prefix + ls.rank()];
    System.arraycopy(s, 0, full, 0, prefix);
    System.arraycopy(ls.dims(), 0, full, prefix, ls.rank());
    Value g = Arith.add(gumbel(k, full, l.type().dtype()), l);     // logits broadcast over the leading draws
    return new Array(io.graft.trace.ops.Reduce.argmax(g, prefix + a, false));
  }

  /**
   * Integers uniform in {@code [minval, maxval)} (i32) of {@code shape} ({@code jax.random.randint}): two 32-bit draws
   * from {@code split(key)} combined as {@code (hi mod span) * (2^32 mod span) + lo mod span}, mod {@code span}, which
   * keeps the bias of a non-power-of-two span near {@code 2^-32}. {@code maxval <= minval} gives {@code minval}.
   */
  public static Array randint(Array key, int[] shape, int minval, int maxval) {
    Value k = Threefry.checkKey("randint", key);
    int[] s = checkShape("randint", shape);
    Value keys = Threefry.split(k, 2);
    Value higher = Threefry.bits(row(keys, 0), s), lower = Threefry.bits(row(keys, 1), s);
    long span = maxval <= minval ? 1 : Integer.toUnsignedLong(maxval - minval);
    long m = (1L << 16) % span;
    m = ((m * m) & 0xFFFF_FFFFL) % span;                        // 2^32 mod span, as JAX computes it in u32
    Value spanV = Threefry.u32(span);
    Value offset = LaxOps.add(LaxOps.mul(LaxOps.binary(BinaryOp.REM, higher, spanV), Threefry.u32(m)),
        LaxOps.binary(BinaryOp.REM, lower, spanV));
    offset = LaxOps.binary(BinaryOp.REM, offset, spanV);
    return new Array(LaxOps.add(Const.of(NdArray.scalar(DType.I32, minval)), LaxOps.convert(offset, DType.I32)));
  }

  /** A random permutation of {@code 0 .. n-1} (i32; {@code jax.random.permutation(key, n)}). */
  public static Array permutation(Array key, int n) {
    Value k = Threefry.checkKey("permutation", key);
    if (n < 0) throw new ShapeError("Random.permutation: n must be >= 0, got " + n);
    return new Array(shuffle(k, io.graft.trace.ops.Creation.iota(DType.I32, n)));
  }

  /** {@code x} with its rows (axis 0) in random order ({@code jax.random.permutation(key, x)}). */
  public static Array permutation(Array key, Array x) {
    Value k = Threefry.checkKey("permutation", key), v = Objects.requireNonNull(x, "x is null").value();
    if (v.type().rank() == 0)
      throw new ShapeError("Random.permutation: x must have an axis to permute, got " + v.type() + "; for 0..n-1 pass an int n");
    if (v.type().rank() == 1) return new Array(shuffle(k, v));
    Value ind = shuffle(k, io.graft.trace.ops.Creation.iota(DType.I32, v.type().shape().dim(0)));
    return new Array(io.graft.trace.ops.Indexing.take(v, ind, 0));
  }

  /**
   * {@code x} (1-D) reordered by stable sorts on fresh random u32 keys, {@code ceil(3 ln n / ln(2^32-1))} rounds
   * (JAX's {@code _shuffle}: repeated rounds make key collisions, which a stable sort leaves in order, negligible).
   */
  static Value shuffle(Value key, Value x) {
    int n = x.type().shape().dim(0);
    int rounds = (int) Math.ceil(3 * Math.log(Math.max(1, n)) / Math.log(4294967295.0));
    for (int r = 0; r < rounds; r++) {
      Value keys = Threefry.split(key, 2);
      key = row(keys, 0);
      Value order = Bind.bind1(new io.graft.trace.prim.ArgSort(0), Threefry.bits(row(keys, 1), new int[] {n}));
      x = io.graft.trace.ops.Indexing.take(x, order, 0);
    }
    return x;
  }

  /** {@link #choice(Array, Array, int[], boolean, Array)} from {@code 0 .. n-1} (i32), uniformly. */
  public static Array choice(Array key, int n, int[] shape, boolean replace) { return choice(key, n, shape, replace, null); }

  /** {@link #choice(Array, Array, int[], boolean, Array)} from {@code 0 .. n-1} (i32), with probabilities {@code p} or uniformly when null. */
  public static Array choice(Array key, int n, int[] shape, boolean replace, Array p) {
    return new Array(RandomChoice.choice(Threefry.checkKey("choice", key), n, null, checkShape("choice", shape), replace,
        p == null ? null : p.value()));
  }

  /**
   * Rows (axis 0) of {@code a} drawn at random into an array of {@code shape + a.shape[1:]}
   * ({@code jax.random.choice}): with {@code replace}, independent draws (uniform: {@link #randint}; with
   * probabilities {@code p}: inverse-CDF search of {@code cumsum(p)}); without, distinct rows (uniform: the first
   * rows of a {@link #permutation}; with {@code p}: the Gumbel top-k trick). {@code p} may be null (uniform); it is
   * normalised by its sum.
   */
  public static Array choice(Array key, Array a, int[] shape, boolean replace, Array p) {
    Value av = Objects.requireNonNull(a, "a is null").value();
    if (av.type().rank() == 0)
      throw new ShapeError("Random.choice: a must have an axis to choose from, got " + av.type() + "; for 0..n-1 pass an int n");
    return new Array(RandomChoice.choice(Threefry.checkKey("choice", key), av.type().shape().dim(0), av,
        checkShape("choice", shape), replace, p == null ? null : p.value()));
  }

  // ---------------------------------------------------------------- helpers

  /** Key {@code i} of a batch of keys u32{@code [n, 2]}, as u32{@code [2]}. */
  static Value row(Value keys, int i) {
    return LaxOps.reshape(Shapes.laxSlice(keys, new int[] {i, 0}, new int[] {i + 1, 2}, null), Shape.of(2));
  }

  /** A strong rank-0 constant {@code v} of {@code dtype} (rounded to it, as {@code np.array(v, dtype)}). */
  static Value constant(DType dtype, double v) { return Const.of(NdArray.scalar(dtype, v)); }

  private static void floatDtype(String fn, DType dtype) {
    if (!Objects.requireNonNull(dtype, "dtype is null").isFloating())
      throw new DTypeError("Random." + fn + ": dtype must be a float (f32, f64, bf16, f16), got " + dtype + "; for integers use Random.randint");
  }

  static int[] checkShape(String fn, int[] shape) {
    Objects.requireNonNull(shape, "shape is null");
    for (int d : shape)
      if (d < 0) throw new ShapeError("Random." + fn + ": shape " + java.util.Arrays.toString(shape) + " has a negative extent");
    return shape.clone();
  }
}
