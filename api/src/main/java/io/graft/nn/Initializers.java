package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Parameter initialisers, as {@code jax.nn.initializers}. The variance-scaling family draws with variance
 * {@code σ² = scale / n}, {@code n} the fan of {@code mode}, reading fans as JAX does for kernels whose last two axes
 * are (input features, output features) — Dense {@code [in, out]}, convolutions {@code [spatial..., in, out]}:
 * {@code fanIn = shape[-2] · r}, {@code fanOut = shape[-1] · r} with {@code r} the product of the other axes (the
 * receptive field). Distributions: {@code "truncated_normal"} draws {@code N(0,1)} truncated to {@code [-2, 2]} times
 * {@code σ / 0.87962566103423978} (that constant is the truncated distribution's standard deviation, so the result has
 * variance {@code σ²}); {@code "normal"} draws {@code σ N(0,1)}; {@code "uniform"} draws from {@code [-a, a)} with
 * {@code a = √(3 σ²)}.
 * <pre>{@code
 * Array w = Initializers.heNormal().init(key, new int[] {3, 3, 1, 32}, Np.float32);   // fanIn = 3*3*1
 * }</pre>
 */
public final class Initializers {
  private Initializers() {}

  /** Standard deviation of {@code N(0,1)} truncated to {@code [-2, 2]}. */
  private static final double TRUNCATED_STD = 0.87962566103423978;

  /** The scaling fan of {@link #varianceScaling}. */
  public enum Mode {
    /** {@code fanIn}. */ FAN_IN,
    /** {@code fanOut}. */ FAN_OUT,
    /** {@code (fanIn + fanOut) / 2}. */ FAN_AVG
  }

  /** The distribution of {@link #varianceScaling}. */
  public enum Distribution {
    /** {@code N(0,1)} truncated to {@code [-2, 2]}, rescaled to unit variance. */ TRUNCATED_NORMAL,
    /** {@code N(0,1)}. */ NORMAL,
    /** {@code U[-√3, √3)}. */ UNIFORM
  }

  /**
   * {@code jax.nn.initializers.variance_scaling(scale, mode, distribution)}: variance {@code scale / fan(mode)}.
   *
   * @param scale        the variance numerator, {@code > 0}
   * @param mode         which fan divides it
   * @param distribution the distribution drawn from
   * @return the initialiser; it needs a rank ≥ 2 shape and a floating dtype
   */
  public static Initializer varianceScaling(double scale, Mode mode, Distribution distribution) {
    if (!(scale > 0)) throw new IllegalArgumentException("varianceScaling: scale must be positive, got " + scale);
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(distribution, "distribution is null");
    return (key, shape, dtype) -> {
      double[] fans = fans("varianceScaling(" + distribution.name().toLowerCase(Locale.ROOT) + ")", shape);
      double fan = switch (mode) {
        case FAN_IN -> fans[0];
        case FAN_OUT -> fans[1];
        case FAN_AVG -> (fans[0] + fans[1]) / 2;
      };
      double variance = scale / Math.max(1, fan);
      floating("varianceScaling", dtype);
      return switch (distribution) {
        case TRUNCATED_NORMAL -> Random.truncatedNormal(key, -2, 2, shape, dtype).mul(Math.sqrt(variance) / TRUNCATED_STD);
        case NORMAL -> Random.normal(key, shape, dtype).mul(Math.sqrt(variance));
        case UNIFORM -> Random.uniform(key, shape, dtype, -1, 1).mul(Math.sqrt(3 * variance));
      };
    };
  }

  /**
   * {@code (fanIn, fanOut)} of {@code shape} ({@code jax.nn.initializers}' {@code _compute_fans} with
   * {@code in_axis=-2, out_axis=-1}).
   *
   * @param shape a shape of rank ≥ 2
   * @return {@code {fanIn, fanOut}}
   */
  public static double[] fans(int[] shape) { return fans("fans", shape); }

  private static double[] fans(String op, int[] shape) {
    Objects.requireNonNull(shape, "shape is null");
    if (shape.length < 2)
      throw new ShapeError(op + ": shape " + Arrays.toString(shape) + " has no fans: variance scaling reads the input and output "
          + "sizes from the last two axes, so it needs rank >= 2; use normal(stddev) or uniform(scale) for vectors");
    double receptive = 1;
    for (int d = 0; d < shape.length - 2; d++) receptive *= shape[d];
    return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }

  private static void floating(String op, io.graft.numerics.DType dtype) {
    if (!Objects.requireNonNull(dtype, "dtype is null").isFloating())
      throw new DTypeError(op + ": initialisers draw floating values, got dtype " + dtype + "; pass Np.float32 or Np.float64");
  }

  /** Glorot (Xavier) uniform: variance {@code 1 / fanAvg}, uniform. */
  public static Initializer glorotUniform() { return varianceScaling(1, Mode.FAN_AVG, Distribution.UNIFORM); }

  /** Glorot (Xavier) normal: variance {@code 1 / fanAvg}, truncated normal (as JAX's). */
  public static Initializer glorotNormal() { return varianceScaling(1, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL); }

  /** He (Kaiming) uniform: variance {@code 2 / fanIn}, uniform. */
  public static Initializer heUniform() { return varianceScaling(2, Mode.FAN_IN, Distribution.UNIFORM); }

  /** He (Kaiming) normal: variance {@code 2 / fanIn}, truncated normal (as JAX's). */
  public static Initializer heNormal() { return varianceScaling(2, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL); }

  /** LeCun uniform: variance {@code 1 / fanIn}, uniform. */
  public static Initializer lecunUniform() { return varianceScaling(1, Mode.FAN_IN, Distribution.UNIFORM); }

  /** LeCun normal: variance {@code 1 / fanIn}, truncated normal (as JAX's); Dense's and Conv's default kernel initialiser. */
  public static Initializer lecunNormal() { return varianceScaling(1, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL); }

  /**
   * {@code jax.nn.initializers.uniform(scale)}: {@code U[0, scale)}.
   *
   * @param scale the upper bound
   * @return the initialiser
   */
  public static Initializer uniform(double scale) {
    return (key, shape, dtype) -> { floating("uniform", dtype); return Random.uniform(key, shape, dtype, 0, scale); };
  }

  /**
   * {@code jax.nn.initializers.normal(stddev)}: {@code stddev · N(0,1)}.
   *
   * @param stddev the standard deviation
   * @return the initialiser
   */
  public static Initializer normal(double stddev) {
    return (key, shape, dtype) -> { floating("normal", dtype); return Random.normal(key, shape, dtype).mul(stddev); };
  }

  /** Zeros (the key is unused). */
  public static Initializer zeros() { return (key, shape, dtype) -> Np.zeros(dtype, shape); }

  /** Ones (the key is unused). */
  public static Initializer ones() { return (key, shape, dtype) -> Np.ones(dtype, shape); }
}
