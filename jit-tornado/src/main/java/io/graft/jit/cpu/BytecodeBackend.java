package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.KernelText;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.numerics.kernels.ScalarOpsF32;
import java.lang.classfile.ClassFile;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backend A: generates JVM bytecode for the row loops of one {@link Kernel} (a hidden class implementing
 * {@link FusedLoop}) with {@code java.lang.classfile}. Each loop evaluates the expression tree on the operand stack
 * one element at a time; input loads have their dtype conversion and inner stride baked in (stride 0: loaded once
 * before the loop; 1: {@code base + j}; s: {@code base + j * s}); transcendentals call {@link Math} through
 * {@link ScalarOpsF32}/{@code F64}. It is the whole implementation without the Vector API and the tail/gather path with it.
 *
 * <p>NB: scalar {@code Math.exp}/{@code Math.tanh} loops do not auto-vectorise.
 */
public final class BytecodeBackend {
  private static final ClassDesc CD_LOOP = ClassDesc.of(FusedLoop.class.getName());
  private static final AtomicLong NAMES = new AtomicLong();
  private static final ClassDesc OBJS = ConstantDescs.CD_Object.arrayType(), INTS = ConstantDescs.CD_int.arrayType();
  private static final ClassDesc I = ConstantDescs.CD_int;
  static final MethodTypeDesc MTD_WRITE = MethodTypeDesc.of(ConstantDescs.CD_void, OBJS, INTS, ConstantDescs.CD_Object, I, I, I);
  static final MethodTypeDesc MTD_ACC = MethodTypeDesc.of(ConstantDescs.CD_void, OBJS, INTS, ConstantDescs.CD_double.arrayType(), I, I, I);
  static final MethodTypeDesc MTD_REDUCE = MethodTypeDesc.of(ConstantDescs.CD_double, OBJS, INTS, I, I);

  private BytecodeBackend() {}

  /** The class file of {@code k}'s row loops: {@code write} for a {@code NONE} kernel, else the two folds. */
  public static byte[] generate(Kernel k) {
    int[] inner = innerStrides(k);
    ClassDesc self = ClassDesc.of(BytecodeBackend.class.getPackageName() + ".FusedLoop$" + NAMES.incrementAndGet());
    return ClassFile.of().build(self, cb -> {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL);
      cb.withInterfaceSymbols(CD_LOOP);
      cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
          .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
      if (k.reduction() == Reduction.NONE) {
        cb.withMethodBody("write", MTD_WRITE, ClassFile.ACC_PUBLIC, code -> new RowEmitter(k, inner, code, 5, 6).write());
      } else {
        cb.withMethodBody("accumulate", MTD_ACC, ClassFile.ACC_PUBLIC, code -> new RowEmitter(k, inner, code, 5, 6).accumulate());
        cb.withMethodBody("reduce", MTD_REDUCE, ClassFile.ACC_PUBLIC, code -> new RowEmitter(k, inner, code, 3, 4).reduce());
      }
    });
  }

  /**
   * A new instance of the class generated for {@code k}, kept by {@link LoopClasses}: kernels that differ only in their
   * iteration space share one class.
   */
  public static FusedLoop load(Kernel k) {
    Class<?> c = LoopClasses.get(new LoopClasses.Key(LoopClasses.Kind.SCALAR, java.util.List.of(k.body()), k, innerStrides(k)),
        () -> generate(k));
    try {
      return (FusedLoop) c.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fused kernel: cannot load the class generated for " + KernelText.render(k), e);
    }
  }

  private static int[] innerStrides(Kernel k) {
    LoopNest nest = LoopNest.of(k);
    int[] s = new int[k.inputs().size()];
    for (int i = 0; i < s.length; i++) s[i] = nest.innerStride(i);
    return s;
  }

  /** The JVM type of a store element of {@code d} ({@code BOOLEAN} for {@code baload}/{@code bastore}). */
  static TypeKind storeKind(DType d) {
    return switch (d) {
      case BOOL -> TypeKind.BOOLEAN;
      case I32, U32 -> TypeKind.INT;
      case I64 -> TypeKind.LONG;
      case F32 -> TypeKind.FLOAT;
      case F64 -> TypeKind.DOUBLE;
      case BF16, F16 -> TypeKind.SHORT;                 // the raw bits; Fusion keeps 16-bit values out of fused loops
      case I8, U8 -> TypeKind.BYTE;                     // Fusion keeps 8-bit values out of fused loops
    };
  }

  /** The array descriptor of a store of {@code d}. */
  static ClassDesc storeDesc(DType d) {
    return switch (d) {
      case BOOL -> ConstantDescs.CD_boolean.arrayType();
      case I32, U32 -> ConstantDescs.CD_int.arrayType();
      case I64 -> ConstantDescs.CD_long.arrayType();
      case F32 -> ConstantDescs.CD_float.arrayType();
      case F64 -> ConstantDescs.CD_double.arrayType();
      case BF16, F16 -> ConstantDescs.CD_short.arrayType();
      case I8, U8 -> ConstantDescs.CD_byte.arrayType();
    };
  }

  /** The operand-stack type of a loaded element of {@code d} (bool loads as int). */
  static TypeKind stackKind(DType d) {
    TypeKind t = storeKind(d);
    return t == TypeKind.BOOLEAN ? TypeKind.INT : t;
  }
}
