package io.graft.jit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BytecodeBackend}'s scalar row loops: one class per body, dtypes and strides, whatever the space. */
class BytecodeBackendTest {
  private static final Input X = new Input(0), Y = new Input(1);
  private static final Expr BODY = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, X, new Constant(0.9)), Y);

  private static Kernel kernel(Shape space, DType yType, Expr body) {
    return new Kernel(DType.F32, space, List.of(Access.contiguous(DType.F32, space), Access.contiguous(yType, space)), body,
        Reduction.NONE, Ints.of(), DType.F32);
  }

  @Test void kernelsThatDifferOnlyInTheirSpaceShareOneScalarLoopClass() {
    Kernel big = kernel(Shape.of(784, 256), DType.F32, BODY), small = kernel(Shape.of(256), DType.F32, BODY);
    FusedLoop a = BytecodeBackend.load(big), b = BytecodeBackend.load(small);
    assertEquals(a.getClass(), b.getClass(), "one class for both spaces");
    float[] x = new float[256], y = new float[256], got = new float[256];
    for (int i = 0; i < 256; i++) { x[i] = i * 0.37f - 20; y[i] = 1f / (i + 1); }
    a.write(new Object[] {x, y}, new int[] {0, 0}, got, 0, 0, 256);
    for (int i = 0; i < 256; i++) assertEquals(Float.floatToRawIntBits(x[i] * 0.9f + y[i]), Float.floatToRawIntBits(got[i]), "at " + i);
  }

  @Test void anotherBodyInputDTypeOrStrideGetsAnotherClass() {
    Class<?> base = BytecodeBackend.load(kernel(Shape.of(256), DType.F32, BODY)).getClass();
    assertNotEquals(base, BytecodeBackend.load(kernel(Shape.of(256), DType.F32, new Binary(BinaryFn.SUB, X, Y))).getClass(), "body");
    Kernel ints = kernel(Shape.of(256), DType.I32, BODY);
    FusedLoop i = BytecodeBackend.load(ints);
    assertNotEquals(base, i.getClass(), "an i32 input converts on load: other code");
    float[] x = new float[4], got = new float[4];
    int[] y = {1, 2, 3, 4};
    for (int k = 0; k < 4; k++) x[k] = k;
    i.write(new Object[] {x, y}, new int[] {0, 0}, got, 0, 0, 4);
    for (int k = 0; k < 4; k++) assertEquals(x[k] * 0.9f + y[k], got[k], "at " + k);
    Shape space = Shape.of(16, 16);
    Kernel transposed = new Kernel(DType.F32, space, List.of(Access.contiguous(DType.F32, space),
        new Access(DType.F32, Ints.of(1, 16))), BODY, Reduction.NONE, Ints.of(), DType.F32);
    assertNotEquals(BytecodeBackend.load(kernel(space, DType.F32, BODY)).getClass(), BytecodeBackend.load(transposed).getClass(),
        "an inner stride of 16 is baked into other code");
  }
}
