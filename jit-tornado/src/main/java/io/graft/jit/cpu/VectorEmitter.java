package io.graft.jit.cpu;

import static io.graft.jit.cpu.VectorLoopBody.*;

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
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
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
  private static final AtomicLong NAMES = new AtomicLong();

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
          code -> new VectorLoopBody(first, parts.stream().map(Kernel::body).toList(), stride, self, code).writeVectors());
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
        cb.withMethodBody("write", BytecodeBackend.MTD_WRITE, ClassFile.ACC_PUBLIC, code -> new VectorLoopBody(k, stride, self, code).write());
      } else {
        cb.withMethodBody("reduce", BytecodeBackend.MTD_REDUCE, ClassFile.ACC_PUBLIC, code -> new VectorLoopBody(k, stride, self, code).reduce());
      }
    });
  }

  /** The longest method's bytecode length in class file {@code bytes}. */
  static int codeLength(byte[] bytes) {
    return ClassFile.of().parse(bytes).methods().stream()
        .flatMap(m -> m.findAttribute(Attributes.code()).stream())
        .mapToInt(CodeAttribute::codeLength).max().orElse(0);
  }
}
