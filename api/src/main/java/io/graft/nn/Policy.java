package io.graft.nn;

import io.graft.Array;
import io.graft.Tree;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import java.util.Objects;

/**
 * A mixed-precision policy (JAX's {@code jmp.Policy}): the dtype parameters are stored in, the dtype a model
 * computes in, and the dtype its outputs are returned in, e.g. {@code params=f32, compute=bf16, output=f32}.
 * Each cast converts the floating leaves of a pytree (parameters, inputs, activations) and leaves integer and bool
 * leaves alone, so labels and indices pass through.
 * <pre>{@code
 * Policy policy = Policy.parse("params=f32,compute=bf16,output=f32");
 * Array logits = policy.castToOutput(model.apply(policy.castToCompute(params), policy.castToCompute(x)));
 * // grad with respect to the f32 params: the casts are differentiable, so gradients arrive in f32
 * }</pre>
 *
 * <p>It lives in {@code io.graft.nn} rather than in {@code io.graft} because it is applied where models run (as
 * Haiku's {@code hk.mixed_precision} is), and layers and models may take one; it is a plain value with no global
 * registry. Loss scaling for f16 compute is an optimiser transformation: {@link io.graft.optim.Optim#dynamicLossScale}.
 *
 * @param param   the dtype parameters are kept in (usually f32)
 * @param compute the dtype the forward and backward passes compute in (bf16, f16 or f32)
 * @param output  the dtype results are returned in (usually f32)
 */
public record Policy(DType param, DType compute, DType output) {
  /** Validates: all three must be floating dtypes. */
  public Policy {
    for (DType d : new DType[] {param, compute, output}) {
      Objects.requireNonNull(d, "dtype is null");
      if (!d.isFloating())
        throw new DTypeError("Policy: every dtype must be floating (bf16, f16, f32, f64), got params=" + param + ", compute="
            + compute + ", output=" + output);
    }
  }

  /** The policy that keeps everything in {@code dtype} (e.g. f32: no mixed precision). */
  public static Policy uniform(DType dtype) { return new Policy(dtype, dtype, dtype); }

  /**
   * The policy {@code spec} describes, in jmp's syntax: comma-separated {@code key=dtype} pairs with keys
   * {@code params}/{@code p}, {@code compute}/{@code c}, {@code output}/{@code o} and dtypes {@code f32}/{@code float32},
   * {@code bf16}/{@code bfloat16}, {@code f16}/{@code float16}/{@code half}, {@code f64}/{@code float64}; keys left out
   * are f32. A {@link IllegalArgumentException} names a malformed pair, an unknown key or dtype.
   * <pre>{@code Policy.parse("params=f32,compute=bf16,output=f32").compute() == DType.BF16}</pre>
   */
  public static Policy parse(String spec) {
    Objects.requireNonNull(spec, "spec is null");
    DType[] d = {DType.F32, DType.F32, DType.F32};
    for (String part : spec.split(",")) {
      if (part.isBlank()) continue;
      String[] kv = part.split("=", -1);
      if (kv.length != 2)
        throw new IllegalArgumentException("Policy.parse(\"" + spec + "\"): '" + part.strip() + "' is not key=dtype; write e.g. params=f32,compute=bf16,output=f32");
      int slot = switch (kv[0].strip().toLowerCase(java.util.Locale.ROOT)) {
        case "params", "param", "p" -> 0;
        case "compute", "c" -> 1;
        case "output", "o" -> 2;
        default -> throw new IllegalArgumentException("Policy.parse(\"" + spec + "\"): unknown key '" + kv[0].strip()
            + "'; the keys are params (p), compute (c) and output (o)");
      };
      d[slot] = dtype(kv[1].strip(), spec);
    }
    return new Policy(d[0], d[1], d[2]);
  }

  private static DType dtype(String name, String spec) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "f32", "float32", "float", "full" -> DType.F32;
      case "bf16", "bfloat16" -> DType.BF16;
      case "f16", "float16", "half" -> DType.F16;
      case "f64", "float64", "double" -> DType.F64;
      default -> throw new IllegalArgumentException("Policy.parse(\"" + spec + "\"): unknown dtype '" + name
          + "'; use f32, bf16, f16 or f64 (or float32, bfloat16, float16, float64)");
    };
  }

  /** {@code tree} with every floating leaf converted to {@link #compute} (integer and bool leaves unchanged). */
  public <T> T castToCompute(T tree) { return cast(tree, compute); }

  /** {@code tree} with every floating leaf converted to {@link #param}. */
  public <T> T castToParam(T tree) { return cast(tree, param); }

  /** {@code tree} with every floating leaf converted to {@link #output}. */
  public <T> T castToOutput(T tree) { return cast(tree, output); }

  private static <T> T cast(T tree, DType d) {
    Objects.requireNonNull(tree, "tree is null");
    return Tree.map(tree, (Array x) -> x.dtype().isFloating() && x.dtype() != d ? x.astype(d) : x);
  }

  /** The jmp spelling, e.g. {@code params=f32,compute=bf16,output=f32}, which {@link #parse} reads back. */
  @Override public String toString() { return "params=" + param + ",compute=" + compute + ",output=" + output; }
}
