package io.graft.nn;

import io.graft.Array;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import java.util.Objects;

/** Argument checks shared by losses and metrics: messages name the function, both full types and the fix. */
final class Checks {
  private Checks() {}

  static String type(Array a) { return a.value().type().toString(); }

  /** {@code logits} is a float array with a class axis last. */
  static void logits(String fn, Array logits) {
    Objects.requireNonNull(logits, "logits is null");
    if (logits.ndim() == 0)
      throw new ShapeError(fn + ": logits must have a class axis last, got a scalar " + type(logits) + "; pass [..., classes]");
    if (!logits.dtype().isFloating())
      throw new DTypeError(fn + ": logits must be floating point, got " + type(logits) + "; convert with astype(Np.float32)");
  }

  /** Integer {@code labels} of {@code logits}' shape without its class axis. */
  static void integerLabels(String fn, Array logits, Array labels) {
    logits(fn, logits);
    Objects.requireNonNull(labels, "labels is null");
    if (!labels.dtype().isInteger())
      throw new DTypeError(fn + ": labels must be integer class indices, got " + type(labels) + " (logits " + type(logits)
          + "); for one-hot or probability targets use softmaxCrossEntropy");
    int[] batch = Arrays.copyOf(logits.shape(), logits.ndim() - 1);
    if (!Arrays.equals(batch, labels.shape()))
      throw new ShapeError(fn + ": labels " + type(labels) + " must have the shape of logits " + type(logits)
          + " without its last (class) axis, " + Arrays.toString(batch));
  }

  /** {@code a} and {@code b} of one shape, {@code a} floating point. */
  static void sameShape(String fn, String an, Array a, String bn, Array b) {
    Objects.requireNonNull(a, an + " is null");
    Objects.requireNonNull(b, bn + " is null");
    if (!Arrays.equals(a.shape(), b.shape()))
      throw new ShapeError(fn + ": " + an + " " + type(a) + " and " + bn + " " + type(b) + " must have the same shape; "
          + "reshape or broadcast one explicitly (implicit broadcasting here usually hides a bug such as [n] vs [n,1])");
    if (!a.dtype().isFloating())
      throw new DTypeError(fn + ": " + an + " must be floating point, got " + type(a) + "; convert with astype(Np.float32)");
  }
}
