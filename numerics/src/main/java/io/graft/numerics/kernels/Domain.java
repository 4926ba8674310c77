package io.graft.numerics.kernels;

import io.graft.numerics.DType;

/** Which dtypes an elementwise kernel accepts: one value per row of the kernel tables. */
public enum Domain {
  /** f32, f64. */
  FLOAT("a floating dtype (f32, f64)"),
  /** i32, i64, u32, f32, f64 (not bool). */
  NUMERIC("a numeric dtype (i32, i64, u32, f32, f64)"),
  /** bool, i32, i64, u32. */
  INTEGRAL_OR_BOOL("an integer or bool dtype (bool, i32, i64, u32)"),
  /** i32, i64, u32. */
  INTEGER("an integer dtype (i32, i64, u32)"),
  /** Every dtype. */
  ANY("any dtype");

  private final String description;

  Domain(String description) { this.description = description; }

  /** True if {@code d} is in this domain. */
  public boolean accepts(DType d) {
    return switch (this) {
      case FLOAT -> d.isFloating();
      case NUMERIC -> !d.isBool();
      case INTEGRAL_OR_BOOL -> !d.isFloating();
      case INTEGER -> d.isInteger();
      case ANY -> true;
    };
  }

  /** {@code "a floating dtype (f32, f64)"}: for error messages. */
  public String description() { return description; }
}
