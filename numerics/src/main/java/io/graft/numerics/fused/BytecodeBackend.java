package io.graft.numerics.fused;

import io.graft.numerics.DType;
import io.graft.numerics.fused.Expr.Binary;
import io.graft.numerics.fused.Expr.Constant;
import io.graft.numerics.fused.Expr.Input;
import io.graft.numerics.fused.Expr.Select;
import io.graft.numerics.fused.Expr.Unary;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backend A: generates JVM bytecode for one {@link Kernel} (a hidden class implementing {@link FusedLoop}) with
 * {@code java.lang.classfile}. The loop body evaluates the expression tree on the operand stack, one element at a
 * time; transcendentals call {@link Math} through {@link ScalarOps}. Inputs marked in {@code broadcast} are read once
 * (element 0) before the loop, so the loop itself has no per-input branches.
 *
 * <p>NB: scalar {@code Math.exp}/{@code Math.tanh} loops do not auto-vectorise; this backend is the fallback
 * without the Vector API and the tail of the SIMD backend.
 */
public final class BytecodeBackend {
  private static final ClassDesc CD_LOOP = ClassDesc.of(FusedLoop.class.getName());
  private static final ClassDesc CD_OPS = ClassDesc.of(ScalarOps.class.getName());
  private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
  private static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(ConstantDescs.CD_void,
      ConstantDescs.CD_Object.arrayType(), ConstantDescs.CD_Object, ConstantDescs.CD_int, ConstantDescs.CD_int);
  private static final MethodTypeDesc MTD_SUM = MethodTypeDesc.of(ConstantDescs.CD_double,
      ConstantDescs.CD_Object.arrayType(), ConstantDescs.CD_int, ConstantDescs.CD_int);
  private static final AtomicLong NAMES = new AtomicLong();

  private BytecodeBackend() {}

  /** The class file for {@code k}, broadcasting the inputs whose bit is set in {@code broadcast}. */
  public static byte[] generate(Kernel k, long broadcast) {
    ClassDesc self = ClassDesc.of(BytecodeBackend.class.getPackageName() + ".FusedLoop$" + NAMES.incrementAndGet());
    return ClassFile.of().build(self, cb -> {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL);
      cb.withInterfaceSymbols(CD_LOOP);
      cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
          .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
      cb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC, code -> new Emitter(k, broadcast, code, 3, 4).run(2));
      cb.withMethodBody("sum", MTD_SUM, ClassFile.ACC_PUBLIC, code -> new Emitter(k, broadcast, code, 2, 3).sum());
    });
  }

  /** A new instance of the class generated for {@code k} and {@code broadcast}. */
  public static FusedLoop load(Kernel k, long broadcast) {
    byte[] bytes = generate(k, broadcast);
    try {
      var lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return (FusedLoop) lookup.lookupClass().getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fused kernel: cannot load the class generated for " + k, e);
    }
  }

  /** Emits one method body; mutable state lives only while one method is generated. */
  private static final class Emitter {
    private final Kernel k;
    private final long broadcast;
    private final CodeBuilder code;
    private final int loSlot, hiSlot;
    private final boolean f32;
    private final TypeKind elem;
    private final int[] slots;   // per input: the array local, or the scalar local when broadcast
    private int index;           // the loop index local

    Emitter(Kernel k, long broadcast, CodeBuilder code, int loSlot, int hiSlot) {
      this.k = k;
      this.broadcast = broadcast;
      this.code = code;
      this.loSlot = loSlot;
      this.hiSlot = hiSlot;
      this.f32 = k.dtype() == DType.F32;
      this.elem = f32 ? TypeKind.FLOAT : TypeKind.DOUBLE;
      this.slots = new int[k.inputs()];
    }

    private ClassDesc arrayDesc() { return f32 ? ConstantDescs.CD_float.arrayType() : ConstantDescs.CD_double.arrayType(); }

    private boolean isBroadcast(int i) { return i < 64 && (broadcast >>> i & 1) != 0; }

    /** Loads each input into a local: the array, or its element 0 when broadcast. */
    private void prologue() {
      for (int i = 0; i < k.inputs(); i++) {
        code.aload(1).loadConstant(i).aaload().checkcast(arrayDesc());
        if (isBroadcast(i)) {
          code.iconst_0().arrayLoad(elem);
          slots[i] = code.allocateLocal(elem);
          code.storeLocal(elem, slots[i]);
        } else {
          slots[i] = code.allocateLocal(TypeKind.REFERENCE);
          code.astore(slots[i]);
        }
      }
      index = code.allocateLocal(TypeKind.INT);
      code.iload(loSlot).istore(index);
    }

    /** {@code for (j = lo; j < hi; j++) body}. */
    private void loop(Runnable body) {
      var top = code.newLabel();
      var end = code.newLabel();
      code.labelBinding(top).iload(index).iload(hiSlot).if_icmpge(end);
      body.run();
      code.iinc(index, 1).goto_(top).labelBinding(end);
    }

    void run(int outSlot) {
      prologue();
      int out = code.allocateLocal(TypeKind.REFERENCE);
      code.aload(outSlot).checkcast(arrayDesc()).astore(out);
      loop(() -> {
        code.aload(out).iload(index);
        expr(k.body());
        code.arrayStore(elem);
      });
      code.return_();
    }

    void sum() {
      prologue();
      int acc = code.allocateLocal(TypeKind.DOUBLE);
      code.dconst_0().dstore(acc);
      loop(() -> {
        code.dload(acc);
        expr(k.body());
        if (f32) code.f2d();
        code.dadd().dstore(acc);
      });
      code.dload(acc).dreturn();
    }

    /** Pushes the value of {@code e} at the current index. */
    private void expr(Expr e) {
      switch (e) {
        case Input(var i) -> {
          if (isBroadcast(i)) code.loadLocal(elem, slots[i]);
          else code.aload(slots[i]).iload(index).arrayLoad(elem);
        }
        case Constant(var v) -> code.loadConstant(f32 ? (java.lang.constant.ConstantDesc) Float.valueOf((float) v) : Double.valueOf(v));
        case Unary(var fn, var x) -> { expr(x); unary(fn); }
        case Binary(var fn, var a, var b) -> { expr(a); expr(b); binary(fn); }
        case Select(var c, var t, var f) -> { expr(c); expr(t); expr(f); ops("select", 3); }
      }
    }

    private void unary(UnaryFn fn) {
      switch (fn) {
        case NEG -> { if (f32) code.fneg(); else code.dneg(); }
        case ABS -> call(CD_MATH, "abs", 1);
        case EXP -> math("exp");
        case LOG -> math("log");
        case TANH -> math("tanh");
        case SIN -> math("sin");
        case COS -> math("cos");
        case SQRT -> math("sqrt");
        case LOGISTIC -> ops("logistic", 1);
      }
    }

    private void binary(BinaryFn fn) {
      switch (fn) {
        case ADD -> { if (f32) code.fadd(); else code.dadd(); }
        case SUB -> { if (f32) code.fsub(); else code.dsub(); }
        case MUL -> { if (f32) code.fmul(); else code.dmul(); }
        case DIV -> { if (f32) code.fdiv(); else code.ddiv(); }
        case MAX -> call(CD_MATH, "max", 2);
        case MIN -> call(CD_MATH, "min", 2);
        case GT -> ops("gt", 2);
        case LT -> ops("lt", 2);
      }
    }

    /** {@code Math.name} for f64, {@code ScalarOps.name} (rounded to float) for f32. */
    private void math(String name) { call(f32 ? CD_OPS : CD_MATH, name, 1); }

    private void ops(String name, int arity) { call(CD_OPS, name, arity); }

    private void call(ClassDesc owner, String name, int arity) {
      ClassDesc t = f32 ? ConstantDescs.CD_float : ConstantDescs.CD_double;
      ClassDesc[] params = new ClassDesc[arity];
      java.util.Arrays.fill(params, t);
      code.invokestatic(owner, name, MethodTypeDesc.of(t, params));
    }
  }
}
