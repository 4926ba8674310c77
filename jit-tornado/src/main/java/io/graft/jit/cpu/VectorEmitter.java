package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.KernelText;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;

/**
 * Backend C: generates, with {@code java.lang.classfile}, a hidden class whose row loops evaluate an f32 kernel's whole
 * expression on Vector API registers — one {@code FloatVector} per node, no scratch blocks — for kernels whose inputs
 * are f32 rows read contiguously or broadcast (stride 1 or 0), whose result (if written) is f32, and whose operators
 * all have a vector form here ({@link #supports}). Transcendentals are {@code VectorMath}'s methods with their bytecode
 * copied into the loop ({@link MathInliner}), so the loop calls nothing but the Vector API, which C2 force-inlines:
 * x and y are loaded once per vector and the whole body, polynomials included, stays in registers. Partial vectors at
 * the end of a row go to the scalar loop. Folds combine a block of {@value #BLOCK} elements lane-wise, then its lanes
 * in order into the f64 total (as {@link SimdF32} does): SUM widens every vector to f64 first (two f64 vectors, its
 * low and high halves), so every addition is in f64; MAX/MIN stay in f32 (exact) and propagate NaN. Loaded only when
 * {@code Simd.AVAILABLE}.
 *
 * <p>Example: {@code max(x + bias, 0)} over rows compiles to one loop of a load, a broadcast add and a max per 8 floats
 * (AVX2), with no intermediate block; W2's {@code sum(tanh(x)*y + exp(-x*x))} to one loop of two loads, tanh's and
 * exp's polynomials, a multiply-add and two f64 accumulators per 16 floats (AVX-512). Bodies with more than
 * {@value #MAX_TRANSCENDENTALS} transcendentals, with one applied to another's result ({@link #nested}), with a
 * branching one ({@code sin}, {@code cos}) among several, or whose loop would pass C2's huge-method limit, stay on
 * the block evaluator.
 *
 * <p>A generated class depends on the bodies, input count, dtypes, reduction and inner strides, not on the iteration
 * space, and is kept by those ({@link LoopClasses}): kernels that differ only in their space share it, and the JIT warms it
 * up once (W10's Adam update of four parameters: one class instead of four).
 */
final class VectorEmitter {
  /** {@code -Dgraft.vectorLoops=false} keeps every kernel on the block evaluator (for comparisons). */
  static final boolean ENABLED = !"false".equals(System.getProperty("graft.vectorLoops"));
  /** Elements per partial fold before its lanes are folded into the f64 total. */
  static final int BLOCK = 512;
  /**
   * Transcendentals per generated loop: each copies 300 to 520 bytes of bytecode (exp 320, tanh with its exp 510),
   * and C2 does not compile a method past {@value #HUGE_METHOD} bytes ({@code -XX:+DontCompileHugeMethods}).
   */
  static final int MAX_TRANSCENDENTALS = 8;
  /** C2's {@code HugeMethodLimit}: a longer method stays interpreted, so such a loop is not loaded. */
  static final int HUGE_METHOD = 8000;
  private static final int L = FloatVector.SPECIES_PREFERRED.length();
  private static final AtomicLong NAMES = new AtomicLong();
  private static final String PKG = "jdk.incubator.vector.";
  private static final ClassDesc FV = ClassDesc.of(PKG + "FloatVector"), VEC = ClassDesc.of(PKG + "Vector"),
      SPECIES = ClassDesc.of(PKG + "VectorSpecies"), MASK = ClassDesc.of(PKG + "VectorMask"),
      OPS = ClassDesc.of(PKG + "VectorOperators"), UNARY_OP = ClassDesc.of(PKG + "VectorOperators$Unary"),
      BINARY_OP = ClassDesc.of(PKG + "VectorOperators$Binary"), ASSOC_OP = ClassDesc.of(PKG + "VectorOperators$Associative"),
      CMP_OP = ClassDesc.of(PKG + "VectorOperators$Comparison"), MATH = ClassDesc.of("io.graft.numerics.kernels.VectorMath"),
      LOOP = ClassDesc.of(FusedLoop.class.getName()), MULTI = ClassDesc.of(MultiLoop.class.getName()),
      FLOATS = ConstantDescs.CD_float.arrayType(), OBJECTS = ConstantDescs.CD_Object.arrayType();
  private static final MethodTypeDesc FV_OF_FV = MethodTypeDesc.of(FV, FV), FV_OF_VEC = MethodTypeDesc.of(FV, VEC),
      FV_NULLARY = MethodTypeDesc.of(FV), FV_UNARY_OP = MethodTypeDesc.of(FV, UNARY_OP),
      FV_BINARY_OP = MethodTypeDesc.of(FV, BINARY_OP, VEC), MASK_CMP = MethodTypeDesc.of(MASK, CMP_OP, VEC),
      FV_BLEND = MethodTypeDesc.of(FV, VEC, MASK), FROM_ARRAY = MethodTypeDesc.of(FV, SPECIES, FLOATS, ConstantDescs.CD_int),
      BROADCAST = MethodTypeDesc.of(FV, SPECIES, ConstantDescs.CD_float), INTO = MethodTypeDesc.of(ConstantDescs.CD_void, FLOATS, ConstantDescs.CD_int),
      LANE = MethodTypeDesc.of(ConstantDescs.CD_float, ConstantDescs.CD_int),
      MTD_WRITE_VECTORS = MethodTypeDesc.of(ConstantDescs.CD_int, OBJECTS, ConstantDescs.CD_int.arrayType(), OBJECTS,
          ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int);
  private static final ClassDesc DV = ClassDesc.of(PKG + "DoubleVector"), CONVERSION = ClassDesc.of(PKG + "VectorOperators$Conversion");
  private static final MethodTypeDesc DV_ZERO = MethodTypeDesc.of(DV, SPECIES), DV_OF_VEC = MethodTypeDesc.of(DV, VEC),
      CONVERT_SHAPE = MethodTypeDesc.of(VEC, CONVERSION, SPECIES, ConstantDescs.CD_int),
      DLANE = MethodTypeDesc.of(ConstantDescs.CD_double, ConstantDescs.CD_int);

  private VectorEmitter() {}

  /** Whether {@code k} has a register-level vector loop here (else the block evaluator runs it). */
  static boolean supports(Kernel k, LoopNest nest) {
    if (k.dtype() != DType.F32 || (k.reduction() == Reduction.NONE && k.outDType() != DType.F32)) return false;
    boolean[] used = new boolean[k.inputs().size()];
    Expr.markInputs(k.body(), used);
    for (int i = 0; i < used.length; i++)
      if (used[i] && (k.inputs().get(i).dtype() != DType.F32 || nest.innerStride(i) > 1)) return false;
    if (!vectorisable(k.body()) || nested(k.body()) > 1) return false;
    int all = transcendentals(k.body(), fn -> true);
    if (all <= 1) return true;
    MathInliner inliner = new MathInliner();
    return all <= MAX_TRANSCENDENTALS && transcendentals(k.body(), fn -> inliner.inlinable(MATH, fn.scalar(), FV_OF_FV).isEmpty()) == 0;
  }

  /**
   * Whether {@code parts} (elementwise: the caller passes only those, over one space and inputs) have one
   * {@link #loadMulti} loop here: each part
   * {@link #supports supported}, and their transcendentals together within what one loop may hold.
   */
  static boolean supportsMulti(java.util.List<Kernel> parts, LoopNest nest) {
    int all = 0, called = 0;
    MathInliner inliner = new MathInliner();
    for (Kernel k : parts) {
      if (!supports(k, nest)) return false;
      all += transcendentals(k.body(), fn -> true);
      called += transcendentals(k.body(), fn -> inliner.inlinable(MATH, fn.scalar(), FV_OF_FV).isEmpty());
    }
    return all <= 1 || all <= MAX_TRANSCENDENTALS && called == 0;
  }

  /**
   * Calls into {@code VectorMath} in {@code e} for which {@code counted} holds. One call may stay a call (C2 inlines
   * it); with more, each must be copied into the loop ({@link MathInliner}), as a second call would pass C2's
   * inlining cutoff and box its vectors: a body with several transcendentals, one of them branching ({@code sin},
   * {@code cos}), runs on the block evaluator.
   */
  private static int transcendentals(Expr e, java.util.function.Predicate<UnaryFn> counted) {
    return switch (e) {
      case Input i -> 0;
      case Constant c -> 0;
      case Unary(var fn, var x) -> transcendentals(x, counted) + (fn.polynomial() && counted.test(fn) ? 1 : 0);
      case Binary(var fn, var a, var b) -> transcendentals(a, counted) + transcendentals(b, counted);
      case Select(var c, var t, var f) -> transcendentals(c, counted) + transcendentals(t, counted) + transcendentals(f, counted);
    };
  }

  /**
   * The most transcendentals on one path from the result to an input. A chain such as {@code exp(log1p(x))} is one
   * long dependency per vector, so a register loop waits on latency (measured: 2x slower than the block evaluator,
   * which runs each transcendental over a whole block and is throughput-bound); transcendentals side by side, as in
   * W2, are independent and the register loop wins (1.2-1.4x faster for 2 to 8 of them). So loops take depth 1 only.
   */
  private static int nested(Expr e) {
    return switch (e) {
      case Input i -> 0;
      case Constant c -> 0;
      case Unary(var fn, var x) -> nested(x) + (fn.polynomial() ? 1 : 0);
      case Binary(var fn, var a, var b) -> Math.max(nested(a), nested(b));
      case Select(var c, var t, var f) -> Math.max(nested(c), Math.max(nested(t), nested(f)));
    };
  }

  private static boolean vectorisable(Expr e) {
    return switch (e) {
      case Input i -> true;
      case Constant c -> true;
      case Unary(var fn, var x) -> switch (fn) {
        case SIGN, FLOOR, CEIL -> false;
        case NEG, EXP, LOG, TANH, SIN, COS, SQRT, ABS, LOGISTIC, LOG1P, EXPM1, RSQRT, SQUARE, RECIPROCAL -> vectorisable(x);
      };
      case Binary(var fn, var a, var b) -> switch (fn) {
        case POW, ATAN2 -> false;
        case ADD, SUB, MUL, DIV, MAX, MIN, GT, LT, GE, LE, EQ, NE -> vectorisable(a) && vectorisable(b);
      };
      case Select(var c, var t, var f) -> vectorisable(c) && vectorisable(t) && vectorisable(f);
    };
  }

  /**
   * A new instance of the loops generated for {@code k}; {@code tail} runs partial vectors. Empty when the generated
   * method would be too long for C2 ({@value #HUGE_METHOD} bytes): the caller then uses the block evaluator.
   */
  static Optional<FusedLoop> load(Kernel k, LoopNest nest, FusedLoop tail) {
    Class<?> loop = LoopClasses.get(new LoopClasses.Key(LoopClasses.Kind.VECTOR, java.util.List.of(k.body()), k, innerStrides(k, nest)),
        () -> generate(k, nest));
    if (loop == null) return Optional.empty();
    try {
      return Optional.of((FusedLoop) loop.getConstructor(FusedLoop.class).newInstance(tail));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fused kernel: cannot load the vector loop generated for " + KernelText.render(k), e);
    }
  }

  /**
   * The vector loop of a multi-output kernel's elementwise {@code parts} (one space, one set of inputs, each part
   * {@link #supports supported}) in one method ({@link MultiLoop}): per vector position, every part's value is computed
   * before any is stored, so C2 computes what the parts share once (Adam's update recomputes the new moments that its
   * other two parts store) and an output may overwrite an input read at the same position. Empty when the method
   * would be too long for C2.
   */
  static Optional<MultiLoop> loadMulti(java.util.List<Kernel> parts, LoopNest nest) {
    Kernel first = parts.getFirst();
    var key = new LoopClasses.Key(LoopClasses.Kind.MULTI, parts.stream().map(Kernel::body).toList(), first, innerStrides(first, nest));
    Class<?> loop = LoopClasses.get(key, () -> generateMulti(parts, nest));
    if (loop == null) return Optional.empty();
    try {
      return Optional.of((MultiLoop) loop.getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fused kernel: cannot load the vector loop generated for " + parts.stream()
          .map(KernelText::render).collect(java.util.stream.Collectors.joining(" | ")), e);
    }
  }

  /** Each input's stride along the nest's innermost axis. */
  private static int[] innerStrides(Kernel k, LoopNest nest) {
    int[] stride = new int[k.inputs().size()];
    for (int i = 0; i < stride.length; i++) stride[i] = nest.innerStride(i);
    return stride;
  }

  /** The class file of {@link #loadMulti}'s loop: a no-argument constructor and {@code writeVectors}. */
  static byte[] generateMulti(java.util.List<Kernel> parts, LoopNest nest) {
    Kernel first = parts.getFirst();
    int[] stride = innerStrides(first, nest);
    ClassDesc self = ClassDesc.of(VectorEmitter.class.getPackageName() + ".VectorLoops$" + NAMES.incrementAndGet());
    return ClassFile.of().build(self, cb -> {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL).withInterfaceSymbols(MULTI);
      cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
          .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
      cb.withMethodBody("writeVectors", MTD_WRITE_VECTORS, ClassFile.ACC_PUBLIC,
          code -> new Body(first, parts.stream().map(Kernel::body).toList(), stride, self, code).writeVectors());
    });
  }

  /** The class file of {@code k}'s loops: a constructor taking the tail loop, and {@code write} or {@code reduce}. */
  static byte[] generate(Kernel k, LoopNest nest) {
    int[] stride = innerStrides(k, nest);
    ClassDesc self = ClassDesc.of(VectorEmitter.class.getPackageName() + ".VectorLoop$" + NAMES.incrementAndGet());
    return ClassFile.of().build(self, cb -> {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL);
      cb.withInterfaceSymbols(LOOP);
      cb.withField("tail", LOOP, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
      cb.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, LOOP), ClassFile.ACC_PUBLIC, code -> code
          .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
          .aload(0).aload(1).putfield(self, "tail", LOOP).return_());
      if (k.reduction() == Reduction.NONE) {
        cb.withMethodBody("write", BytecodeBackend.MTD_WRITE, ClassFile.ACC_PUBLIC, code -> new Body(k, stride, self, code).write());
      } else {
        cb.withMethodBody("reduce", BytecodeBackend.MTD_REDUCE, ClassFile.ACC_PUBLIC, code -> new Body(k, stride, self, code).reduce());
      }
    });
  }

  /** The longest method's bytecode length in class file {@code bytes}. */
  static int codeLength(byte[] bytes) {
    return ClassFile.of().parse(bytes).methods().stream()
        .flatMap(m -> m.findAttribute(Attributes.code()).stream())
        .mapToInt(CodeAttribute::codeLength).max().orElse(0);
  }

  /** Emits one method; mutable state lives only while it is generated. */
  private static final class Body {
    private final Kernel k;
    private final java.util.List<Expr> bodies;
    private final int[] stride;
    private final ClassDesc self;
    private final CodeBuilder code;
    private final int[] array, base, broadcast;   // locals per input (-1 when unused)
    private final Map<Double, Integer> constants = new HashMap<>();
    private final MathInliner inliner = new MathInliner();
    private int j;

    Body(Kernel k, int[] stride, ClassDesc self, CodeBuilder code) { this(k, java.util.List.of(k.body()), stride, self, code); }

    /** The emitter of {@code bodies}, expressions over {@code k}'s inputs ({@code k.body()} alone but for multi-output loops). */
    Body(Kernel k, java.util.List<Expr> bodies, int[] stride, ClassDesc self, CodeBuilder code) {
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

    /** {@code write(Object[] in, int[] base, Object out, int outBase, int lo, int hi)}. */
    void write() {
      prologue();
      int out = code.allocateLocal(TypeKind.REFERENCE), end = end(5, 6);
      code.aload(3).checkcast(FLOATS).astore(out);
      j = code.allocateLocal(TypeKind.INT);
      code.iload(5).istore(j);
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
}
