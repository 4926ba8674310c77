package io.graft.jit.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.Simd;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Copying {@code VectorMath}'s bytecode into a generated method: which methods qualify, and the copy's bits. */
class MathInlinerTest {
  private static final ClassDesc MATH = ClassDesc.of("io.graft.numerics.kernels.VectorMath"),
      FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
  private static final MethodTypeDesc FV_OF_FV = MethodTypeDesc.of(FV, FV);
  private static final List<UnaryFn> STRAIGHT = List.of(UnaryFn.EXP, UnaryFn.EXPM1, UnaryFn.TANH, UnaryFn.LOGISTIC,
      UnaryFn.LOG, UnaryFn.LOG1P);

  @Test void straightLinePolynomialsAreInlinableAndBranchingOnesAreNot() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    MathInliner inliner = new MathInliner();
    for (UnaryFn fn : STRAIGHT) assertEquals(true, inliner.inlinable(MATH, fn.scalar(), FV_OF_FV).isPresent(), fn::toString);
    assertEquals(false, inliner.inlinable(MATH, "sin", FV_OF_FV).isPresent(), "sin's range reduction branches");
    assertEquals(false, inliner.inlinable(ClassDesc.of("java.lang.Math"), "abs", MethodTypeDesc.of(ConstantDescs.CD_float,
        ConstantDescs.CD_float)).isPresent(), "only VectorMath's package is copied");
  }

  /** {@code static FloatVector f(FloatVector x)} whose body is {@code VectorMath.<name>(x)} as the inliner emits it. */
  private static MethodHandle generated(String name) throws ReflectiveOperationException {
    ClassDesc self = ClassDesc.of(MathInlinerTest.class.getPackageName() + ".Inlined" + name);
    byte[] bytes = ClassFile.of().build(self, cb -> cb.withMethodBody("f", FV_OF_FV, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
        code -> {
          code.aload(0);
          new MathInliner().invokeStatic(code, MATH, name, FV_OF_FV);
          code.areturn();
        }));
    var lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
    return lookup.findStatic(lookup.lookupClass(), "f", MethodType.methodType(FloatVector.class, FloatVector.class));
  }

  @Test void inlinedCopiesGiveTheCallsBits() throws Throwable {
    assumeTrue(Simd.AVAILABLE, "the Vector API is absent in this JVM");
    var s = FloatVector.SPECIES_PREFERRED;
    float[] special = {0f, -0f, 1f, -1f, 0.5493f, -0.5493f, 88.7f, 89.5f, -103.9f, -104.5f, 1e-30f, -1e-30f, Float.MIN_VALUE,
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 20f, -20f};
    Random r = new Random(9);
    float[] x = new float[s.length() * 256];
    for (int i = 0; i < x.length; i++) x[i] = i < special.length ? special[i] : (float) (r.nextGaussian() * (i % 3 == 0 ? 30 : 2));
    for (UnaryFn fn : STRAIGHT) {
      MethodHandle inlined = generated(fn.scalar());
      MethodHandle called = MethodHandles.lookup().findStatic(io.graft.numerics.kernels.VectorMath.class, fn.scalar(),
          MethodType.methodType(FloatVector.class, FloatVector.class));
      float[] want = new float[x.length], got = new float[x.length];
      for (int i = 0; i < x.length; i += s.length()) {
        FloatVector v = FloatVector.fromArray(s, x, i);
        ((FloatVector) called.invoke(v)).intoArray(want, i);
        ((FloatVector) inlined.invoke(v)).intoArray(got, i);
      }
      int[] wantBits = new int[x.length], gotBits = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        wantBits[i] = Float.floatToRawIntBits(want[i]);
        gotBits[i] = Float.floatToRawIntBits(got[i]);
      }
      assertArrayEquals(wantBits, gotBits, fn::toString);
    }
  }
}
