package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.Half;
import io.graft.numerics.kernels.ScalarMath;
import io.graft.numerics.kernels.ScalarOpsF32;
import io.graft.numerics.kernels.ScalarOpsF64;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.Arrays;

/**
 * Emits one row-loop method of {@link BytecodeBackend} (locals: 0 this, 1 {@code Object[] in}, 2 {@code int[] base},
 * then the method's own parameters, with {@code lo}/{@code hi} at the given slots). Mutable state lives only while
 * one method is generated.
 *
 * <p>A bf16/f16 kernel computes in f32 registers: a load widens the {@code short} bits (bf16: {@code bits << 16};
 * f16: {@link Float#float16ToFloat}), every unary and binary op's result is rounded to the 16-bit dtype and widened
 * again ({@link Half#roundBf16}/{@link Half#roundF16}), exactly as eager rounds once per op, and the store rounds
 * to the bits. No f32 copy of an operand is materialised.
 */
final class RowEmitter {
  private static final ClassDesc CD_OPS32 = ClassDesc.of(ScalarOpsF32.class.getName()), CD_OPS64 = ClassDesc.of(ScalarOpsF64.class.getName());
  private static final ClassDesc CD_SCALAR_MATH = ClassDesc.of(ScalarMath.class.getName());
  private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math"), CD_FLOAT = ClassDesc.of("java.lang.Float");
  private static final ClassDesc CD_HALF = ClassDesc.of(Half.class.getName());
  private static final ClassDesc I = ConstantDescs.CD_int;

  private final Kernel k;
  private final int[] inner;     // inner stride per input
  private final CodeBuilder code;
  private final int loSlot, hiSlot;
  private final boolean f32;
  /** The 16-bit compute dtype, or null: then values are rounded to it after each op and loaded/stored as bits. */
  private final DType half;
  /** The scalar definitions of the compute dtype: {@code ScalarOpsF32} or {@code ScalarOpsF64}. */
  private final ClassDesc ops;
  private final TypeKind elem;
  private final int[] arrays, bases, hoisted;   // per input: locals of the store, the row base, the stride-0 value
  private int j;                                // the row position local

  RowEmitter(Kernel k, int[] inner, CodeBuilder code, int loSlot, int hiSlot) {
    this.k = k;
    this.inner = inner;
    this.code = code;
    this.loSlot = loSlot;
    this.hiSlot = hiSlot;
    this.half = k.dtype().isHalf() ? k.dtype() : null;
    this.f32 = k.dtype() == DType.F32 || half != null;
    this.ops = f32 ? CD_OPS32 : CD_OPS64;
    this.elem = f32 ? TypeKind.FLOAT : TypeKind.DOUBLE;
    int n = k.inputs().size();
    this.arrays = new int[n];
    this.bases = new int[n];
    this.hoisted = new int[n];
  }

  /** {@code out[outBase + j] = convert(body(j))}. */
  void write() {
    prologue();
    DType od = k.outDType();
    int out = code.allocateLocal(TypeKind.REFERENCE);
    code.aload(3).checkcast(BytecodeBackend.storeDesc(od)).astore(out);
    loop(() -> {
      code.aload(out).iload(4).iload(j).iadd();
      expr(k.body());
      if (od == DType.BOOL) call(ops, "bool", ConstantDescs.CD_boolean, 1);
      else if (od.isHalf()) toBits(od);
      else convert(elem, BytecodeBackend.stackKind(od));
      code.arrayStore(BytecodeBackend.storeKind(od));
    });
    code.return_();
  }

  /** {@code acc[accBase + j] = acc[accBase + j] ⊕ body(j)} in f64. */
  void accumulate() {
    prologue();
    loop(() -> {
      code.aload(3).iload(4).iload(j).iadd().dup2().daload();
      expr(k.body());
      convert(elem, TypeKind.DOUBLE);
      combine();
      code.dastore();
    });
    code.return_();
  }

  /** {@code identity ⊕ body(lo) ⊕ ... ⊕ body(hi-1)} in f64. */
  void reduce() {
    prologue();
    int acc = code.allocateLocal(TypeKind.DOUBLE);
    code.loadConstant(k.reduction().identity()).dstore(acc);
    loop(() -> {
      code.dload(acc);
      expr(k.body());
      convert(elem, TypeKind.DOUBLE);
      combine();
      code.dstore(acc);
    });
    code.dload(acc).dreturn();
  }

  private void combine() {
    switch (k.reduction()) {
      case SUM -> code.dadd();
      case MAX -> code.invokestatic(CD_MATH, "max", MethodTypeDesc.of(ConstantDescs.CD_double, ConstantDescs.CD_double, ConstantDescs.CD_double));
      case MIN -> code.invokestatic(CD_MATH, "min", MethodTypeDesc.of(ConstantDescs.CD_double, ConstantDescs.CD_double, ConstantDescs.CD_double));
      case NONE -> throw new IllegalStateException("fused kernel: NONE has no fold loop");
    }
  }

  private void convert(TypeKind from, TypeKind to) {
    if (from != to) code.conversion(from, to);
  }

  /** Loads each used input's store and row base into locals, and each stride-0 input's (converted) value. */
  private void prologue() {
    boolean[] used = new boolean[k.inputs().size()];
    Expr.markInputs(k.body(), used);
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      DType d = k.inputs().get(i).dtype();
      arrays[i] = code.allocateLocal(TypeKind.REFERENCE);
      bases[i] = code.allocateLocal(TypeKind.INT);
      code.aload(1).loadConstant(i).aaload().checkcast(BytecodeBackend.storeDesc(d)).astore(arrays[i]);
      code.aload(2).loadConstant(i).iaload().istore(bases[i]);
      if (inner[i] == 0) {
        hoisted[i] = code.allocateLocal(elem);
        code.aload(arrays[i]).iload(bases[i]).arrayLoad(BytecodeBackend.storeKind(d));
        widen(d);
        code.storeLocal(elem, hoisted[i]);
      }
    }
    j = code.allocateLocal(TypeKind.INT);
    code.iload(loSlot).istore(j);
  }

  /** {@code for (j = lo; j < hi; j++) body}. */
  private void loop(Runnable body) {
    var top = code.newLabel();
    var end = code.newLabel();
    code.labelBinding(top).iload(j).iload(hiSlot).if_icmpge(end);
    body.run();
    code.iinc(j, 1).goto_(top).labelBinding(end);
  }

  /** Pushes the value of {@code e} at row position {@code j}, in the compute dtype. */
  private void expr(Expr e) {
    switch (e) {
      case Input(var i) -> input(i);
      case Constant(var v) -> code.loadConstant(half != null ? (ConstantDesc) Half.value(half, Half.round(half, v))
          : f32 ? (ConstantDesc) Float.valueOf((float) v) : Double.valueOf(v));
      case Unary(var fn, var x) -> { expr(x); unary(fn); round16(); }
      case Binary(var fn, var a, var b) -> { expr(a); expr(b); binary(fn); round16(); }
      case Select(var c, var t, var f) -> { expr(c); expr(t); expr(f); ops("select", 3); }
    }
  }

  private void input(int i) {
    if (inner[i] == 0) {
      code.loadLocal(elem, hoisted[i]);
      return;
    }
    DType d = k.inputs().get(i).dtype();
    code.aload(arrays[i]).iload(bases[i]).iload(j);
    if (inner[i] != 1) code.loadConstant(inner[i]).imul();
    code.iadd().arrayLoad(BytecodeBackend.storeKind(d));
    widen(d);
  }

  /** The loaded element of {@code d} (on the stack as its JVM kind) to the compute dtype; 16-bit bits exactly. */
  private void widen(DType d) {
    if (d == DType.BF16) code.loadConstant(16).ishl().invokestatic(CD_FLOAT, "intBitsToFloat", MethodTypeDesc.of(ConstantDescs.CD_float, I));
    else if (d == DType.F16) code.invokestatic(CD_FLOAT, "float16ToFloat", MethodTypeDesc.of(ConstantDescs.CD_float, ConstantDescs.CD_short));
    else convert(BytecodeBackend.stackKind(d), elem);
  }

  /** The f32 on the stack rounded to {@code d}'s 16 bits, for {@code sastore}. */
  private void toBits(DType d) {
    code.invokestatic(CD_HALF, d == DType.BF16 ? "toBf16" : "toF16", MethodTypeDesc.of(ConstantDescs.CD_short, ConstantDescs.CD_float));
  }

  /** In a 16-bit kernel, the f32 on the stack rounded to the 16-bit dtype and widened back (eager's per-op rounding). */
  private void round16() {
    if (half != null)
      code.invokestatic(CD_HALF, half == DType.BF16 ? "roundBf16" : "roundF16", MethodTypeDesc.of(ConstantDescs.CD_float, ConstantDescs.CD_float));
  }

  /**
   * The row's scalar definition: {@code ScalarMath.<scalar()>} for a polynomial (the twin of the vector loops'
   * function, so a tail gives their bits), else {@code ScalarOpsF32/F64.<scalar()>}.
   */
  private void unary(UnaryFn fn) {
    call(fn.polynomial() ? CD_SCALAR_MATH : ops, fn.scalar(), null, 1);
  }

  private void binary(BinaryFn fn) { ops(fn.scalar(), 2); }

  private void ops(String name, int arity) { call(ops, name, null, arity); }

  /** A static call taking {@code arity} compute-dtype values and returning {@code ret} (null: the compute dtype). */
  private void call(ClassDesc owner, String name, ClassDesc ret, int arity) {
    ClassDesc t = f32 ? ConstantDescs.CD_float : ConstantDescs.CD_double;
    ClassDesc[] params = new ClassDesc[arity];
    Arrays.fill(params, t);
    code.invokestatic(owner, name, MethodTypeDesc.of(ret == null ? t : ret, params));
  }
}
