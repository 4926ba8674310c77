package io.graft.jit.cpu;

import static io.graft.jit.cpu.VectorEmitter.BLOCK;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.Map;
import jdk.incubator.vector.FloatVector;

/**
 * One generated method of a {@link VectorEmitter} class: the bytecode of a kernel's register-level row loop ({@code write}
 * for an elementwise kernel, {@code reduce} for a fold, {@code writeVectors} for a multi-output kernel's parts), its
 * operands' loads, the expression tree on {@code FloatVector}s (transcendentals inlined from {@code VectorMath} by
 * {@link MathInliner}) and the stores. For {@code add(in0, in1)} over f32 rows the loop body is
 * {@code FloatVector.fromArray(S, a, i).lanewise(ADD, FloatVector.fromArray(S, b, i)).intoArray(out, i)}.
 * Mutable state lives only while the method is generated.
 */
final class VectorLoopBody {
  static final int L = FloatVector.SPECIES_PREFERRED.length();
  static final String PKG = "jdk.incubator.vector.";
  static final ClassDesc FV = ClassDesc.of(PKG + "FloatVector"), VEC = ClassDesc.of(PKG + "Vector"),
      SPECIES = ClassDesc.of(PKG + "VectorSpecies"), MASK = ClassDesc.of(PKG + "VectorMask"),
      OPS = ClassDesc.of(PKG + "VectorOperators"), UNARY_OP = ClassDesc.of(PKG + "VectorOperators$Unary"),
      BINARY_OP = ClassDesc.of(PKG + "VectorOperators$Binary"), ASSOC_OP = ClassDesc.of(PKG + "VectorOperators$Associative"),
      CMP_OP = ClassDesc.of(PKG + "VectorOperators$Comparison"), MATH = ClassDesc.of("io.graft.numerics.kernels.VectorMath"),
      LOOP = ClassDesc.of(FusedLoop.class.getName()), MULTI = ClassDesc.of(MultiLoop.class.getName()),
      FLOATS = ConstantDescs.CD_float.arrayType(), OBJECTS = ConstantDescs.CD_Object.arrayType();
  static final MethodTypeDesc FV_OF_FV = MethodTypeDesc.of(FV, FV), FV_OF_VEC = MethodTypeDesc.of(FV, VEC),
      FV_NULLARY = MethodTypeDesc.of(FV), FV_UNARY_OP = MethodTypeDesc.of(FV, UNARY_OP),
      FV_BINARY_OP = MethodTypeDesc.of(FV, BINARY_OP, VEC), MASK_CMP = MethodTypeDesc.of(MASK, CMP_OP, VEC),
      FV_BLEND = MethodTypeDesc.of(FV, VEC, MASK), FROM_ARRAY = MethodTypeDesc.of(FV, SPECIES, FLOATS, ConstantDescs.CD_int),
      BROADCAST = MethodTypeDesc.of(FV, SPECIES, ConstantDescs.CD_float), INTO = MethodTypeDesc.of(ConstantDescs.CD_void, FLOATS, ConstantDescs.CD_int),
      LANE = MethodTypeDesc.of(ConstantDescs.CD_float, ConstantDescs.CD_int),
      MTD_WRITE_VECTORS = MethodTypeDesc.of(ConstantDescs.CD_int, OBJECTS, ConstantDescs.CD_int.arrayType(), OBJECTS,
          ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int);
  static final ClassDesc DV = ClassDesc.of(PKG + "DoubleVector"), CONVERSION = ClassDesc.of(PKG + "VectorOperators$Conversion");
  static final MethodTypeDesc DV_ZERO = MethodTypeDesc.of(DV, SPECIES), DV_OF_VEC = MethodTypeDesc.of(DV, VEC),
      CONVERT_SHAPE = MethodTypeDesc.of(VEC, CONVERSION, SPECIES, ConstantDescs.CD_int),
      DLANE = MethodTypeDesc.of(ConstantDescs.CD_double, ConstantDescs.CD_int);

  private final Kernel k;
  private final java.util.List<Expr> bodies;
  private final int[] stride;
  private final ClassDesc self;
  private final CodeBuilder code;
  private final int[] array, base, broadcast;   // locals per input (-1 when unused)
  private final Map<Double, Integer> constants = new HashMap<>();
  private final MathInliner inliner = new MathInliner();
  private int j;

  VectorLoopBody(Kernel k, int[] stride, ClassDesc self, CodeBuilder code) { this(k, java.util.List.of(k.body()), stride, self, code); }

  /** The emitter of {@code bodies}, expressions over {@code k}'s inputs ({@code k.body()} alone but for multi-output loops). */
  VectorLoopBody(Kernel k, java.util.List<Expr> bodies, int[] stride, ClassDesc self, CodeBuilder code) {
    this.k = k;
    this.bodies = bodies;
    this.stride = stride;
    this.self = self;
    this.code = code;
    int n = k.inputs().size();
    array = new int[n];
    base = new int[n];
    broadcast = new int[n];
  }

  /** {@code -Dgraft.elementBackedges=false}: no empty counting loop before the vector loop (for comparisons). */
  static final boolean ELEMENT_BACKEDGES = !"false".equals(System.getProperty("graft.elementBackedges"));

  /**
   * An empty loop of one trip per element the vector loop is about to cover ({@code end - lo}, locals {@code lo} and
   * {@code end}), so that the method takes one back-edge per element, as the scalar loops HotSpot's compile
   * thresholds are tuned for do. A vector loop that runs interpreted or in C1 executes the Vector API's Java
   * fallbacks, about a hundred times slower per element than compiled code, and with one back-edge per {@code L}
   * elements it reached the on-stack-replacement thresholds of C1 and C2 only after {@code L} times as many elements
   * (W10: Adam's update ran that way through steps 2-10). Counted before the loop, not inside it, so that the vector
   * loop stays an innermost loop that C2 unrolls; C2 deletes the empty loop.
   */
  private void elementBackedges(int lo, int end) {
    if (!ELEMENT_BACKEDGES || L <= 1) return;
    int t = code.allocateLocal(TypeKind.INT);
    Label again = code.newLabel(), out = code.newLabel();
    code.iload(lo).istore(t).labelBinding(again).iload(t).iload(end).if_icmpge(out).iinc(t, 1).goto_(again)
        .labelBinding(out);
  }

  /** {@code write(Object[] in, int[] base, Object out, int outBase, int lo, int hi)}. */
  void write() {
    prologue();
    int out = code.allocateLocal(TypeKind.REFERENCE), end = end(5, 6);
    code.aload(3).checkcast(FLOATS).astore(out);
    j = code.allocateLocal(TypeKind.INT);
    code.iload(5).istore(j);
    elementBackedges(5, end);
    Label top = code.newLabel(), done = code.newLabel();
    code.labelBinding(top).iload(j).iload(end).if_icmpge(done);
    expr(k.body());
    code.aload(out).iload(4).iload(j).iadd().invokevirtual(FV, "intoArray", INTO);
    code.iinc(j, L).goto_(top).labelBinding(done);
    Label exit = code.newLabel();
    code.iload(end).iload(6).if_icmpge(exit);
    code.aload(0).getfield(self, "tail", LOOP).aload(1).aload(2).aload(3).iload(4).iload(end).iload(6)
        .invokeinterface(LOOP, "write", BytecodeBackend.MTD_WRITE);
    code.labelBinding(exit).return_();
  }

  /**
   * {@code int writeVectors(Object[] in, int[] base, Object[] outs, int outBase, int lo, int hi)}: whole vectors
   * only, every body's vector computed before any is stored; returns where they end.
   */
  void writeVectors() {
    prologue();
    int n = bodies.size(), end = end(5, 6);
    int[] out = new int[n], value = new int[n];
    for (int p = 0; p < n; p++) {
      out[p] = code.allocateLocal(TypeKind.REFERENCE);
      value[p] = code.allocateLocal(TypeKind.REFERENCE);
      code.aload(3).loadConstant(p).aaload().checkcast(FLOATS).astore(out[p]);
    }
    j = code.allocateLocal(TypeKind.INT);
    code.iload(5).istore(j);
    elementBackedges(5, end);
    Label top = code.newLabel(), done = code.newLabel();
    code.labelBinding(top).iload(j).iload(end).if_icmpge(done);
    for (int p = 0; p < n; p++) { expr(bodies.get(p)); code.astore(value[p]); }
    for (int p = 0; p < n; p++) code.aload(value[p]).aload(out[p]).iload(4).iload(j).iadd().invokevirtual(FV, "intoArray", INTO);
    code.iinc(j, L).goto_(top).labelBinding(done);
    code.iload(end).ireturn();
  }

  /**
   * {@code reduce(Object[] in, int[] base, int lo, int hi)}: blocks of lanes folded into an f64 total in lane order.
   * MAX/MIN fold f32 lanes (exact); SUM widens each vector into two f64 vectors (its low and high halves) first.
   */
  void reduce() {
    prologue();
    boolean sum = k.reduction() == Reduction.SUM;
    int end = end(3, 4), total = code.allocateLocal(TypeKind.DOUBLE), acc = code.allocateLocal(TypeKind.REFERENCE);
    int accHi = code.allocateLocal(TypeKind.REFERENCE), tmp = code.allocateLocal(TypeKind.REFERENCE);
    int blockEnd = code.allocateLocal(TypeKind.INT), identity = constant(k.reduction().identity());
    code.loadConstant(k.reduction().identity()).dstore(total);
    j = code.allocateLocal(TypeKind.INT);
    code.iload(3).istore(j);
    elementBackedges(3, end);
    Label blocks = code.newLabel(), blocksDone = code.newLabel(), lanes = code.newLabel(), lanesDone = code.newLabel();
    code.labelBinding(blocks).iload(j).iload(end).if_icmpge(blocksDone);
    code.iload(j).loadConstant(BLOCK).iadd().iload(end).invokestatic(ClassDesc.of("java.lang.Math"), "min",
        MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int)).istore(blockEnd);
    if (sum) {
      code.getstatic(DV, "SPECIES_PREFERRED", SPECIES).invokestatic(DV, "zero", DV_ZERO).dup().astore(acc).astore(accHi);
    } else {
      code.aload(identity).astore(acc);
    }
    code.labelBinding(lanes).iload(j).iload(blockEnd).if_icmpge(lanesDone);
    switch (k.reduction()) {
      case SUM -> {
        expr(k.body());
        code.astore(tmp);
        for (int part = 0; part < 2; part++) {
          int a = part == 0 ? acc : accHi;
          code.aload(a).aload(tmp).getstatic(OPS, "F2D", CONVERSION).getstatic(DV, "SPECIES_PREFERRED", SPECIES)
              .loadConstant(part).invokevirtual(FV, "convertShape", CONVERT_SHAPE)
              .invokevirtual(DV, "add", DV_OF_VEC).astore(a);
        }
      }
      case MAX, MIN -> {
        code.aload(acc).getstatic(OPS, k.reduction().name(), ASSOC_OP);
        expr(k.body());
        code.invokevirtual(FV, "lanewise", FV_BINARY_OP).astore(acc);
      }
      case NONE -> throw new AssertionError("reduce is generated for folds only");
    }
    code.iinc(j, L).goto_(lanes).labelBinding(lanesDone);
    if (sum) {
      for (int lane = 0; lane < L; lane++) {
        code.dload(total).aload(lane < L / 2 ? acc : accHi).loadConstant(lane % (L / 2)).invokevirtual(DV, "lane", DLANE).dadd().dstore(total);
      }
    } else {
      for (int lane = 0; lane < L; lane++) {
        code.dload(total).aload(acc).loadConstant(lane).invokevirtual(FV, "lane", LANE).f2d();
        combine();
        code.dstore(total);
      }
    }
    code.goto_(blocks).labelBinding(blocksDone);
    Label exit = code.newLabel();
    code.iload(end).iload(4).if_icmpge(exit);
    code.dload(total).aload(0).getfield(self, "tail", LOOP).aload(1).aload(2).iload(end).iload(4)
        .invokeinterface(LOOP, "reduce", BytecodeBackend.MTD_REDUCE);
    combine();
    code.dstore(total);
    code.labelBinding(exit).dload(total).dreturn();
  }

  /** {@code (double, double) -> double} of the fold on the stack. */
  private void combine() {
    MethodTypeDesc dd = MethodTypeDesc.of(ConstantDescs.CD_double, ConstantDescs.CD_double, ConstantDescs.CD_double);
    switch (k.reduction()) {
      case SUM -> code.dadd();
      case MAX -> code.invokestatic(ClassDesc.of("java.lang.Math"), "max", dd);
      case MIN -> code.invokestatic(ClassDesc.of("java.lang.Math"), "min", dd);
      case NONE -> throw new AssertionError("no fold");
    }
  }

  /** {@code lo + ((hi - lo) & -L)} in a new local. */
  private int end(int lo, int hi) {
    int end = code.allocateLocal(TypeKind.INT);
    code.iload(lo).iload(hi).iload(lo).isub().loadConstant(-L).iand().iadd().istore(end);
    return end;
  }

  /** Loads each used input's array and row base; broadcast inputs become one vector before the loop. */
  private void prologue() {
    boolean[] used = new boolean[array.length];
    for (Expr b : bodies) Expr.markInputs(b, used);
    for (int i = 0; i < array.length; i++) {
      array[i] = base[i] = broadcast[i] = -1;
      if (!used[i]) continue;
      array[i] = code.allocateLocal(TypeKind.REFERENCE);
      base[i] = code.allocateLocal(TypeKind.INT);
      code.aload(1).loadConstant(i).aaload().checkcast(FLOATS).astore(array[i]);
      code.aload(2).loadConstant(i).iaload().istore(base[i]);
      if (stride[i] == 0) {
        broadcast[i] = code.allocateLocal(TypeKind.REFERENCE);
        species();
        code.aload(array[i]).iload(base[i]).faload().invokestatic(FV, "broadcast", BROADCAST).astore(broadcast[i]);
      }
    }
    constant(0.0);
    constant(1.0);
    for (Expr b : bodies) constants(b);
  }

  private void species() { code.getstatic(FV, "SPECIES_PREFERRED", SPECIES); }

  /** Makes the constant vectors the body uses (and 0 and 1, for comparisons, selects and reciprocals). */
  private void constants(Expr e) {
    switch (e) {
      case Input i -> { }
      case Constant(var v) -> constant(v);
      case Unary(var fn, var x) -> constants(x);
      case Binary(var fn, var a, var b) -> { constants(a); constants(b); }
      case Select(var c, var t, var f) -> { constants(c); constants(t); constants(f); }
    }
  }

  /** A local holding {@code broadcast((float) v)}, made once (before any loop). */
  private int constant(double v) {
    Integer slot = constants.get(v);
    if (slot != null) return slot;
    int s = code.allocateLocal(TypeKind.REFERENCE);
    species();
    code.loadConstant((float) v).invokestatic(FV, "broadcast", BROADCAST).astore(s);
    constants.put(v, s);
    return s;
  }

  /** Pushes {@code e}'s vector at element {@code j}. */
  private void expr(Expr e) {
    switch (e) {
      case Input(var i) -> {
        if (broadcast[i] >= 0) code.aload(broadcast[i]);
        else {
          species();
          code.aload(array[i]).iload(base[i]).iload(j).iadd().invokestatic(FV, "fromArray", FROM_ARRAY);
        }
      }
      case Constant(var v) -> code.aload(constants.get(v));
      case Unary(var fn, var x) -> unary(fn, x);
      case Binary(var fn, var a, var b) -> binary(fn, a, b);
      case Select(var c, var t, var f) -> {
        expr(f);
        expr(t);
        if (c instanceof Binary(var fn, var a, var b) && fn.compare().isPresent()) {   // the comparison's mask itself
          expr(a);
          code.getstatic(OPS, fn.name(), CMP_OP);
          expr(b);
        } else {
          expr(c);
          code.getstatic(OPS, "NE", CMP_OP).aload(constants.get(0.0));
        }
        code.invokevirtual(FV, "compare", MASK_CMP).invokevirtual(FV, "blend", FV_BLEND);
      }
    }
  }

  private void unary(UnaryFn fn, Expr x) {
    switch (fn) {
      case NEG -> { expr(x); code.invokevirtual(FV, "neg", FV_NULLARY); }
      case ABS -> { expr(x); code.invokevirtual(FV, "abs", FV_NULLARY); }
      case SQRT -> { expr(x); sqrt(); }
      case SQUARE -> { expr(x); code.dup().invokevirtual(FV, "mul", FV_OF_VEC); }
      case RECIPROCAL -> { code.aload(constants.get(1.0)); expr(x); code.invokevirtual(FV, "div", FV_OF_VEC); }
      case RSQRT -> { code.aload(constants.get(1.0)); expr(x); sqrt(); code.invokevirtual(FV, "div", FV_OF_VEC); }
      case EXP, LOG, TANH, SIN, COS, LOGISTIC, LOG1P, EXPM1 -> {
        expr(x);
        inliner.invokeStatic(code, MATH, fn.scalar(), FV_OF_FV);   // the row's vector definition VectorMath.<scalar()>, inlined
      }
      case SIGN, FLOOR, CEIL -> throw new AssertionError(fn + " has no vector form (supports() said so)");
    }
  }

  private void sqrt() { code.getstatic(OPS, "SQRT", UNARY_OP).invokevirtual(FV, "lanewise", FV_UNARY_OP); }

  private void binary(BinaryFn fn, Expr a, Expr b) {
    switch (fn) {
      case ADD, SUB, MUL, DIV -> {
        expr(a);
        expr(b);
        code.invokevirtual(FV, fn.name().toLowerCase(java.util.Locale.ROOT), FV_OF_VEC);
      }
      case MAX, MIN -> {
        expr(a);
        code.getstatic(OPS, fn.name(), ASSOC_OP);
        expr(b);
        code.invokevirtual(FV, "lanewise", FV_BINARY_OP);
      }
      case GT, LT, GE, LE, EQ, NE -> {   // 1 where the comparison holds, else 0
        code.aload(constants.get(0.0)).aload(constants.get(1.0));
        expr(a);
        code.getstatic(OPS, fn.name(), CMP_OP);
        expr(b);
        code.invokevirtual(FV, "compare", MASK_CMP).invokevirtual(FV, "blend", FV_BLEND);
      }
      case POW, ATAN2 -> throw new AssertionError(fn + " has no vector form (supports() said so)");
    }
  }
}
