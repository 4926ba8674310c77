package io.graft;

import static io.graft.StructuralArgs.ints;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Abstract;
import io.graft.trace.ConcretizationError;
import io.graft.trace.Const;
import io.graft.trace.Tracer;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.ops.Promotion;
import io.graft.trace.ops.Shapes;
import io.graft.trace.ops.Reduce;
import io.graft.trace.prim.UnaryOp;
import io.graft.trace.tree.Leaf;
import java.util.Objects;

/**
 * An immutable n-d array: the user's handle on a value. Eagerly it holds a buffer; inside a transform it holds a
 * tracer, and the same methods build the traced computation.
 *
 * <pre>{@code
 * Array x = Array.of(new float[] {1, 2, 3, 4}, 2, 2);
 * Array y = x.mul(2.0).add(1.0).tanh();       // a literal keeps x's dtype (f32), as in JAX
 * float[] data = y.toFloatArray();            // a copy
 * }</pre>
 * Nothing mutates an {@code Array}: factories copy their input, accessors copy their output, and
 * {@code x.at(i).set(v)} returns a new array. Binary methods follow NumPy broadcasting and JAX type promotion;
 * {@code double} and {@code long} overloads are weakly typed literals.
 */
public final class Array implements Leaf {
  static { io.graft.numerics.kernels.NativeLibraries.loadInBackground(); }   // overlaps the BLAS load with the program's set-up

  /** The value; {@code null} once the handle was donated (then {@link #donatedTo} says where), or until a device array is read. */
  private volatile Value value;
  private volatile java.util.function.Supplier<String> donatedTo;
  /** The device copy of a device-placed array ({@link Graft#devicePut}, a jitted result on a device); else null. */
  private volatile Devices.Resident resident;

  /**
   * True while this handle is the only holder of its buffer: set for a jitted call's results whose buffers the call
   * allocated (or recycled) for them alone, cleared by the first {@link #value()} (any use that could share or keep
   * the buffer), so a jitted function donating this handle may recycle the buffer ({@link #donate}).
   */
  private volatile boolean sole;

  Array(Value value) { this.value = value; }

  /** A jitted result whose buffer nothing else holds (see {@link #sole}). */
  static Array sole(Value value) {
    Array a = new Array(value);
    a.sole = true;
    return a;
  }

  /** An array living in {@code buffer} on {@code device}; its host value is downloaded on first read. */
  static Array onDevice(Device device, io.graft.jit.opencl.ClBuffer buffer) {
    Array a = new Array(null);
    a.resident = new Devices.Resident(device, buffer);
    return a;
  }

  /** The device copy, or null for a host array. */
  Devices.Resident resident() { return resident; }

  /**
   * Where this array lives: {@link Device#CPU}, or the device {@link Graft#devicePut} placed it on or a jitted
   * function on that device returned it from. Eager arithmetic, comparisons, reductions and products on device
   * arrays run on their device (cached one-equation programs) and return device arrays; reading a device array's elements
   * (an accessor, an op the device has no kernel for) copies it to the host once; it stays on its device too, so
   * later jitted calls and ops there read it without a transfer.
   */
  public Device device() {
    Devices.Resident r = resident;
    return r == null ? Device.CPU : r.device();
  }

  /** Wraps a trace-level value (for Graft's own modules; users build arrays with the factories). */
  public static Array wrap(Value value) { return new Array(Objects.requireNonNull(value, "value is null")); }

  /**
   * The trace-level value (for Graft's own modules). Every operation, accessor and transform reads the array
   * through here, so a donated handle fails everywhere with a {@link DonatedArrayError}.
   */
  @Override public Value value() {
    if (sole) sole = false;   // before reading value: a donation that still sees sole has already cleared value
    Value v = value;
    if (v == null) {
      Devices.Resident r = resident;
      if (r == null) throw new DonatedArrayError(donatedTo.get());
      return download(r);
    }
    return v;
  }

  /** The host copy of a device array, made once (reading it is what moves it to the host). */
  private synchronized Value download(Devices.Resident r) {
    if (value == null) value = Const.of(r.buffer().runtime().download(r.buffer()));
    return value;
  }

  /**
   * Invalidates this handle after its buffer was donated to a jitted function: from now on every use throws a
   * {@link DonatedArrayError} with {@code message} (built when first needed: a jitted call donates on every step), and
   * the handle no longer keeps the buffer alive. Check and mark
   * are one atomic step: of several threads donating the same handle at once exactly one succeeds, and the others
   * get the {@link DonatedArrayError} that any use of a donated handle gets.
   *
   * @return the value this handle held, for {@link #undonate} should the donating call fail before it runs
   */
  synchronized Donated donate(java.util.function.Supplier<String> message) {
    Value v = value;
    if (v == null) v = value();   // a device array (downloaded) or a donated one (DonatedArrayError)
    donatedTo = message; // written before value, so a reader that sees null sees the message
    resident = null;
    value = null;
    boolean alone = sole;   // read after value is cleared: a concurrent value() either cleared sole first or sees null
    sole = false;
    return new Donated(v, alone);
  }

  /**
   * What {@link #donate} took: the value, and whether this handle was its buffer's only holder (a jitted function's
   * fresh result not read since), so the donating call may recycle the buffer.
   */
  record Donated(Value value, boolean sole) {}

  /**
   * The value without giving up {@link #sole} (for a jitted call about to donate this handle; everything else
   * reads {@link #value()}).
   */
  Value peek() {
    Value v = value;
    return v != null ? v : value();
  }

  /** Gives up {@link #sole}: something other than this handle may now hold the buffer. */
  void share() { sole = false; }

  /** Undoes {@link #donate} (the call that took this handle failed before running): the handle holds {@code v} again. */
  synchronized void undonate(Value v) { value = v; }

  /** True once this handle was donated to a jitted function ({@link Jitted#donating}); it can no longer be used. */
  public boolean isDonated() { return value == null && resident == null; }

  // ---------------------------------------------------------------- factories

  /**
   * The shape {@code shape} for {@code n} values, checked: an explicit shape is taken as given, so an empty one
   * means rank 0 (one value), as {@code np.array(v).reshape(())}.
   */
  private static Shape shapeFor(int n, int[] shape) {
    Objects.requireNonNull(shape, "shape is null");
    Shape s = Shape.of(shape);
    if (s.size() != n)
      throw new ShapeError("Array.of: " + n + " values do not fill shape " + s + " (" + s.size() + " element"
          + (s.size() == 1 ? "" : "s") + "); pass exactly " + s.size() + (s.size() == 1 ? " value" : " values")
          + ", or leave the shape out for a 1-D array of all " + n);
    return s;
  }

  /** A 1-D f32 array holding a copy of {@code data}. */
  public static Array of(float[] data) { return of(data, Objects.requireNonNull(data, "data is null").length); }

  /**
   * An f32 array of {@code shape} holding a copy of {@code data} (row-major); an empty {@code shape} makes a rank-0
   * array of one value. A {@link ShapeError} when {@code data} does not hold exactly as many values as
   * {@code shape} has elements.
   */
  public static Array of(float[] data, int... shape) {
    Objects.requireNonNull(data, "data is null");
    return new Array(Const.of(NdArray.wrap(shapeFor(data.length, shape), data.clone())));
  }

  /** A 1-D f64 array holding a copy of {@code data}. */
  public static Array of(double[] data) { return of(data, Objects.requireNonNull(data, "data is null").length); }

  /** An f64 array of {@code shape} (rank 0 when empty) holding a copy of {@code data}, as {@link #of(float[], int...)}. */
  public static Array of(double[] data, int... shape) {
    Objects.requireNonNull(data, "data is null");
    return new Array(Const.of(NdArray.wrap(shapeFor(data.length, shape), data.clone())));
  }

  /** A 1-D i32 array holding a copy of {@code data}. */
  public static Array of(int[] data) { return of(data, Objects.requireNonNull(data, "data is null").length); }

  /** An i32 array of {@code shape} (rank 0 when empty) holding a copy of {@code data}, as {@link #of(float[], int...)}. */
  public static Array of(int[] data, int... shape) {
    Objects.requireNonNull(data, "data is null");
    return new Array(Const.of(NdArray.wrap(shapeFor(data.length, shape), data.clone())));
  }

  /**
   * A u32 array of {@code shape} (rank 0 when empty) whose elements have the 32 bits of {@code bits} (a copy), read
   * unsigned: {@code -1} is {@code 2^32 - 1}. Random keys are such arrays ({@link Random#key}).
   */
  public static Array ofUint32(int[] bits, int... shape) {
    Objects.requireNonNull(bits, "bits is null");
    return new Array(Const.of(NdArray.wrapU32(shapeFor(bits.length, shape), bits.clone())));
  }

  /**
   * A bf16 or f16 array of {@code shape} (rank 0 when empty) whose elements have the 16 raw bits of {@code bits} (a
   * copy), e.g. {@code 0x3f80} is 1.0 in bf16 and {@code 0x3c00} is 1.0 in f16. To round floats instead, use
   * {@code Array.of(floats).astype(Np.bfloat16)}.
   */
  public static Array ofHalfBits(DType dtype, short[] bits, int... shape) {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(bits, "bits is null");
    return new Array(Const.of(NdArray.wrapHalf(dtype, shapeFor(bits.length, shape), bits.clone())));
  }

  /**
   * An i8 or u8 array of {@code shape} (1-D of all the bytes when empty) holding a copy of {@code bytes}; for u8 each byte is read
   * unsigned ({@code (byte) 200} is 200). To convert wider values instead, use {@code astype(Np.int8)}, which wraps
   * integers and saturates floats.
   */
  public static Array ofBytes(DType dtype, byte[] bytes, int... shape) {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(bytes, "bytes is null");
    int[] dims = Objects.requireNonNull(shape, "shape is null").length == 0 ? new int[] {bytes.length} : shape;
    return new Array(Const.of(NdArray.wrapBytes(dtype, shapeFor(bytes.length, dims), bytes.clone())));
  }

  /** A 1-D i64 array holding a copy of {@code data}. */
  public static Array of(long[] data) { return of(data, Objects.requireNonNull(data, "data is null").length); }

  /** An i64 array of {@code shape} (rank 0 when empty) holding a copy of {@code data}, as {@link #of(float[], int...)}. */
  public static Array of(long[] data, int... shape) {
    Objects.requireNonNull(data, "data is null");
    return new Array(Const.of(NdArray.wrap(shapeFor(data.length, shape), data.clone())));
  }

  /** A 1-D bool array holding a copy of {@code data}. */
  public static Array of(boolean[] data) { return of(data, Objects.requireNonNull(data, "data is null").length); }

  /** A bool array of {@code shape} (rank 0 when empty) holding a copy of {@code data}, as {@link #of(float[], int...)}. */
  public static Array of(boolean[] data, int... shape) {
    Objects.requireNonNull(data, "data is null");
    return new Array(Const.of(NdArray.wrap(shapeFor(data.length, shape), data.clone())));
  }

  /** A strongly typed rank-0 f32 array (an explicit {@code float}, as {@code np.float32(v)}). */
  public static Array scalar(float v) { return new Array(Const.of(NdArray.wrap(Shape.scalar(), new float[] {v}))); }

  /**
   * A weakly typed rank-0 f64 array, as JAX's {@code jnp.asarray(0.9)}: alone it is f64, but combined with a typed
   * array it takes that array's dtype, like a Java literal, so {@code w.mul(Array.scalar(0.9))} stays f32 for f32
   * {@code w}. For a strongly typed f64 scalar use {@code Array.of(new double[] {v}, new int[0])} or
   * {@code Array.scalar(v).astype(Np.float64)}.
   * <pre>{@code Array.scalar(0.9).mul(Np.ones(3)).dtype() == Np.float32}</pre>
   */
  public static Array scalar(double v) { return new Array(new Const(NdArray.wrap(Shape.scalar(), new double[] {v}), true)); }

  /**
   * A weakly typed rank-0 i32 array (a Java {@code int}, as JAX's Python int): combined with a typed array it takes
   * that array's dtype ({@code Np.ones(3).add(Array.scalar(1))} is f32).
   */
  public static Array scalar(int v) { return new Array(new Const(NdArray.wrap(Shape.scalar(), new int[] {v}), true)); }

  /** A weakly typed rank-0 i64 array (a Java {@code long}), as {@link #scalar(int)}. */
  public static Array scalar(long v) { return new Array(new Const(NdArray.wrap(Shape.scalar(), new long[] {v}), true)); }

  /** A rank-0 bool array. */
  public static Array scalar(boolean v) { return new Array(Const.of(NdArray.wrap(Shape.scalar(), new boolean[] {v}))); }

  /** A weakly typed literal: a Java {@code double}. */
  static Value literal(double v) { return new Const(NdArray.wrap(Shape.scalar(), new double[] {v}), true); }

  /** A weakly typed literal: a Java {@code long}. */
  static Value literal(long v) { return new Const(NdArray.wrap(Shape.scalar(), new long[] {v}), true); }

  // ---------------------------------------------------------------- metadata and data

  /** The shape (a copy). */
  public int[] shape() { return type().shape().dims(); }

  /** The dtype. */
  public DType dtype() { return type().dtype(); }

  /** Number of axes. */
  public int ndim() { return type().rank(); }

  /** Number of elements. */
  public int size() { return type().shape().size(); }

  /** The type, read from the device buffer for a device array not yet on the host (no transfer). */
  private io.graft.trace.ShapedType type() {
    Devices.Resident r = resident;
    if (value == null && r != null) return io.graft.trace.ShapedType.of(r.buffer().dtype(), r.buffer().shape());
    return value().type();
  }

  /** True for arrays that hold data (not tracers or abstract arrays). */
  public boolean isConcrete() { return value() instanceof Const; }

  /** The buffer; a {@link ConcretizationError} naming {@code what} and the transform for tracers. */
  NdArray concrete(String what) {
    return switch (value()) {
      case Const c -> c.array();
      case Tracer t -> t.concrete().getOrElseThrow(() -> ConcretizationError.traced(t, what)).array();
      case Abstract a -> throw ConcretizationError.abstractValue(a, what);
    };
  }

  /** The elements as f32, converted if needed (a copy). */
  public float[] toFloatArray() { return concrete("toFloatArray()").astype(DType.F32).f32().clone(); }

  /** The elements as f64, converted if needed (a copy). */
  public double[] toDoubleArray() { return concrete("toDoubleArray()").astype(DType.F64).f64().clone(); }

  /** The elements as i32, converted if needed (floats truncate; a copy). */
  public int[] toIntArray() { return concrete("toIntArray()").astype(DType.I32).i32().clone(); }

  /**
   * The 32 bits of each element of a u32 array (a copy; read one unsigned with {@link Integer#toUnsignedLong}), as
   * stored: what {@link #ofUint32} takes. Other dtypes are a {@link io.graft.numerics.DTypeError}.
   */
  public int[] toUint32Bits() {
    NdArray a = concrete("toUint32Bits()");
    if (a.dtype() != DType.U32)
      throw new io.graft.numerics.DTypeError("toUint32Bits(): the array is " + a.dtype() + ", not u32; use toIntArray()");
    return a.u32().clone();
  }

  /**
   * The 16 raw bits of each element of a bf16 or f16 array (a copy), as stored: what {@link #ofHalfBits} takes.
   * Other dtypes are a {@link io.graft.numerics.DTypeError}.
   */
  public short[] toHalfBits() { return concrete("toHalfBits()").half().clone(); }

  /**
   * The bytes of an i8 or u8 array (a copy), as stored: what {@link #ofBytes} takes (u8 values above 127 read as
   * negative Java bytes). Other dtypes are a {@link io.graft.numerics.DTypeError}.
   */
  public byte[] toByteArray() { return concrete("toByteArray()").bytes().clone(); }

  /** The elements as i64, converted if needed (a copy). */
  public long[] toLongArray() { return concrete("toLongArray()").astype(DType.I64).i64().clone(); }

  /** The elements as bool (nonzero is true; a copy). */
  public boolean[] toBooleanArray() { return concrete("toBooleanArray()").astype(DType.BOOL).bool().clone(); }

  /**
   * The single element of a size-1 array as a {@link Number} ({@code Float} for f32, bf16 and f16, {@code Double}, {@code Integer},
   * {@code Long}; a u32 element is its unsigned value as a {@code Long}; i8 and u8 elements are an {@code Integer}, u8 unsigned); bool arrays use {@link #booleanItem()}. Inside a transform this is a
   * {@link ConcretizationError}: use {@code Np.where} instead.
   */
  public Number item() {
    NdArray a = concrete("item()");
    checkSingle(a, "item()");
    return switch (a.dtype()) {
      case F32 -> a.f32()[0];
      case F64 -> a.f64()[0];
      case BF16, F16 -> (float) a.getDouble(0);
      case I32 -> a.i32()[0];
      case I64 -> a.i64()[0];
      case U32 -> Integer.toUnsignedLong(a.u32()[0]);
      case I8 -> (int) a.bytes()[0];
      case U8 -> a.bytes()[0] & 0xFF;
      case BOOL -> throw new io.graft.numerics.DTypeError("item(): a bool array has no numeric item; use booleanItem()");
    };
  }

  /** The single element of a size-1 bool array. */
  public boolean booleanItem() {
    NdArray a = concrete("booleanItem()");
    checkSingle(a, "booleanItem()");
    if (a.dtype() != DType.BOOL)
      throw new io.graft.numerics.DTypeError("booleanItem(): needs a bool array, got " + a.dtype() + a.shape() + "; use item()");
    return a.bool()[0];
  }

  private static void checkSingle(NdArray a, String what) {
    if (a.size() != 1)
      throw new io.graft.numerics.ShapeError(what + ": needs an array of exactly one element, got " + a.dtype() + a.shape()
          + "; reduce it first (e.g. sum()) or index it with get(i)");
  }

  /** NumPy's layout for concrete arrays ({@code [1. 2. 3.]}); the type and transform for traced ones. */
  @Override public String toString() {
    if (isDonated()) return "<donated: " + donatedTo.get() + ">";
    return switch (value()) {
      case Const c -> c.array().toString();
      case Tracer t -> "Traced<" + t.type() + "> in " + t.trace().main().describe();
      case Abstract a -> "Abstract<" + a.type() + ">";
    };
  }

  // ---------------------------------------------------------------- core arithmetic

  private static Value v(Array a, String name) { return Objects.requireNonNull(a, name + " is null").value(); }

  /**
   * {@code op} on the operands' values: an eager op on the host, or, when an operand lives on an OpenCL device and
   * nothing is being staged, a one-equation program on that device whose result stays there ({@link DeviceEager}).
   */
  private static Array eager(java.util.function.Function<Value[], Value> op, Array... operands) {
    boolean resident = false;
    for (Array a : operands) resident |= Objects.requireNonNull(a, "y is null").resident != null;
    if (resident) {
      Array r = DeviceEager.apply(op, operands);
      if (r != null) return r;
    }
    Value[] vs = new Value[operands.length];
    for (int i = 0; i < vs.length; i++) vs[i] = operands[i].value();
    return new Array(op.apply(vs));
  }

  /** {@code this + y}. */
  public Array add(Array y) { return eager(vs -> Arith.add(vs[0], vs[1]), this, y); }

  /** {@code this + y} (weak literal). */
  public Array add(double y) { return eager(vs -> Arith.add(vs[0], literal(y)), this); }

  /** {@code this + y} (weak literal). */
  public Array add(long y) { return eager(vs -> Arith.add(vs[0], literal(y)), this); }

  /** {@code this - y}. */
  public Array sub(Array y) { return eager(vs -> Arith.sub(vs[0], vs[1]), this, y); }

  /** {@code this - y} (weak literal). */
  public Array sub(double y) { return eager(vs -> Arith.sub(vs[0], literal(y)), this); }

  /** {@code this - y} (weak literal). */
  public Array sub(long y) { return eager(vs -> Arith.sub(vs[0], literal(y)), this); }

  /** {@code this * y}. */
  public Array mul(Array y) { return eager(vs -> Arith.mul(vs[0], vs[1]), this, y); }

  /** {@code this * y} (weak literal). */
  public Array mul(double y) { return eager(vs -> Arith.mul(vs[0], literal(y)), this); }

  /** {@code this * y} (weak literal). */
  public Array mul(long y) { return eager(vs -> Arith.mul(vs[0], literal(y)), this); }

  /** {@code this / y} (true division for floats; integers truncate toward zero). */
  public Array div(Array y) { return eager(vs -> Arith.div(vs[0], vs[1]), this, y); }

  /** {@code this / y} (weak literal). */
  public Array div(double y) { return eager(vs -> Arith.div(vs[0], literal(y)), this); }

  /** {@code this / y} (weak literal). */
  public Array div(long y) { return eager(vs -> Arith.div(vs[0], literal(y)), this); }

  /** {@code -this}. */
  public Array neg() { return eager(vs -> Arith.unary(UnaryOp.NEG, vs[0]), this); }

  /** {@code sin(this)}. */
  public Array sin() { return eager(vs -> Arith.unary(UnaryOp.SIN, vs[0]), this); }

  /** {@code cos(this)}. */
  public Array cos() { return eager(vs -> Arith.unary(UnaryOp.COS, vs[0]), this); }

  /** {@code e^this}. */
  public Array exp() { return eager(vs -> Arith.unary(UnaryOp.EXP, vs[0]), this); }

  /** Natural log. */
  public Array log() { return eager(vs -> Arith.unary(UnaryOp.LOG, vs[0]), this); }

  /** {@code tanh(this)}. */
  public Array tanh() { return eager(vs -> Arith.unary(UnaryOp.TANH, vs[0]), this); }

  /** This array converted to {@code dtype} (strongly typed). */
  public Array astype(DType dtype) {
    Objects.requireNonNull(dtype, "dtype is null");
    return new Array(Promotion.convert(value(), dtype, false));
  }

  /** This array broadcast to {@code shape} (NumPy rules). */
  public Array broadcastTo(int... shape) {
    Objects.requireNonNull(shape, "shape is null");
    Shape s = Shape.checked("broadcastTo", () -> "x " + value().type() + ", shape " + java.util.Arrays.toString(shape), shape);
    return new Array(Promotion.broadcastTo("broadcastTo", value(), s));
  }

  // ---------------------------------------------------------------- elementwise family (more math, comparisons, logic)

  /** {@code this^y} ({@code pow} after promotion; integer and bool operands become f32). */
  public Array pow(Array y) { return eager(vs -> Arith.pow(vs[0], vs[1]), this, y); }

  /** {@code this^y} for a float exponent (weak literal; {@code pow}). */
  public Array pow(double y) { return eager(vs -> Arith.pow(vs[0], literal(y)), this); }

  /** {@code this^y} for an integer exponent: exact repeated squaring ({@code integer_pow}), as {@code x ** 3} in JAX. */
  public Array pow(long y) { return eager(vs -> Arith.pow(vs[0], y), this); }

  /** {@code this^y} by repeated squaring ({@code integer_pow[y=...]}); a negative {@code y} needs a float array. */
  public Array integerPow(int y) { return eager(vs -> Arith.integerPow(vs[0], y), this); }

  /** Remainder of {@code this / y} with the sign of {@code this} (C {@code fmod}, Java's {@code %}; {@code lax.rem}). */
  public Array rem(Array y) { return eager(vs -> Arith.rem(vs[0], vs[1]), this, y); }

  /** Remainder with the sign of {@code this} (weak literal). */
  public Array rem(double y) { return eager(vs -> Arith.rem(vs[0], literal(y)), this); }

  /** Remainder with the sign of {@code this} (weak literal). */
  public Array rem(long y) { return eager(vs -> Arith.rem(vs[0], literal(y)), this); }

  /** Elementwise maximum (NaN-propagating), with broadcasting and promotion. */
  public Array maximum(Array y) { return eager(vs -> Arith.maximum(vs[0], vs[1]), this, y); }

  /** Elementwise maximum with a weak literal (e.g. {@code x.maximum(0.0)} is relu). */
  public Array maximum(double y) { return eager(vs -> Arith.maximum(vs[0], literal(y)), this); }

  /** Elementwise maximum with a weak literal. */
  public Array maximum(long y) { return eager(vs -> Arith.maximum(vs[0], literal(y)), this); }

  /** Elementwise minimum (NaN-propagating), with broadcasting and promotion. */
  public Array minimum(Array y) { return eager(vs -> Arith.minimum(vs[0], vs[1]), this, y); }

  /** Elementwise minimum with a weak literal. */
  public Array minimum(double y) { return eager(vs -> Arith.minimum(vs[0], literal(y)), this); }

  /** Elementwise minimum with a weak literal. */
  public Array minimum(long y) { return eager(vs -> Arith.minimum(vs[0], literal(y)), this); }

  /** {@code |this|}. */
  public Array abs() { return eager(vs -> Arith.abs(vs[0]), this); }

  /** -1, 0 or 1 by sign (floats keep ±0 and NaN). */
  public Array sign() { return eager(vs -> Arith.sign(vs[0]), this); }

  /** Square root (integers become f32). */
  public Array sqrt() { return eager(vs -> Arith.sqrt(vs[0]), this); }

  /** {@code 1 / sqrt(this)}. */
  public Array rsqrt() { return eager(vs -> Arith.rsqrt(vs[0]), this); }

  /** {@code this * this}. */
  public Array square() { return eager(vs -> Arith.square(vs[0]), this); }

  /** {@code 1 / this} (integers become f32). */
  public Array reciprocal() { return eager(vs -> Arith.reciprocal(vs[0]), this); }

  /** {@code ln(1 + this)}, accurate near 0. */
  public Array log1p() { return eager(vs -> Arith.log1p(vs[0]), this); }

  /** {@code e^this - 1}, accurate near 0. */
  public Array expm1() { return eager(vs -> Arith.expm1(vs[0]), this); }

  /** The logistic sigmoid {@code 1 / (1 + e^-this)}. */
  public Array logistic() { return eager(vs -> Arith.logistic(vs[0]), this); }

  /** {@code tan(this)}. */
  public Array tan() { return eager(vs -> Arith.tan(vs[0]), this); }

  /** Rounds toward -inf. */
  public Array floor() { return eager(vs -> Arith.floor(vs[0]), this); }

  /** Rounds toward +inf. */
  public Array ceil() { return eager(vs -> Arith.ceil(vs[0]), this); }

  /** Rounds half to even, as NumPy and {@code jnp.round} do ({@code 2.5 -> 2}); {@link Lax#round} rounds half away from zero. */
  public Array round() { return eager(vs -> Arith.roundEven(vs[0]), this); }

  /** The error function. */
  public Array erf() { return eager(vs -> Arith.erf(vs[0]), this); }

  /** True where the element is neither infinite nor NaN (always true for integers and bools). */
  public Array isFinite() { return eager(vs -> Logic.isFinite(vs[0]), this); }

  /** {@code this == y} (bool), with broadcasting and promotion. */
  public Array eq(Array y) { return eager(vs -> Logic.eq(vs[0], vs[1]), this, y); }

  /** {@code this == y} (weak literal). */
  public Array eq(double y) { return eager(vs -> Logic.eq(vs[0], literal(y)), this); }

  /** {@code this == y} (weak literal). */
  public Array eq(long y) { return eager(vs -> Logic.eq(vs[0], literal(y)), this); }

  /** {@code this != y} (bool; true for NaN). */
  public Array ne(Array y) { return eager(vs -> Logic.ne(vs[0], vs[1]), this, y); }

  /** {@code this != y} (weak literal). */
  public Array ne(double y) { return eager(vs -> Logic.ne(vs[0], literal(y)), this); }

  /** {@code this != y} (weak literal). */
  public Array ne(long y) { return eager(vs -> Logic.ne(vs[0], literal(y)), this); }

  /** {@code this < y} (bool). */
  public Array lt(Array y) { return eager(vs -> Logic.lt(vs[0], vs[1]), this, y); }

  /** {@code this < y} (weak literal). */
  public Array lt(double y) { return eager(vs -> Logic.lt(vs[0], literal(y)), this); }

  /** {@code this < y} (weak literal). */
  public Array lt(long y) { return eager(vs -> Logic.lt(vs[0], literal(y)), this); }

  /** {@code this <= y} (bool). */
  public Array le(Array y) { return eager(vs -> Logic.le(vs[0], vs[1]), this, y); }

  /** {@code this <= y} (weak literal). */
  public Array le(double y) { return eager(vs -> Logic.le(vs[0], literal(y)), this); }

  /** {@code this <= y} (weak literal). */
  public Array le(long y) { return eager(vs -> Logic.le(vs[0], literal(y)), this); }

  /** {@code this > y} (bool). */
  public Array gt(Array y) { return eager(vs -> Logic.gt(vs[0], vs[1]), this, y); }

  /** {@code this > y} (weak literal). */
  public Array gt(double y) { return eager(vs -> Logic.gt(vs[0], literal(y)), this); }

  /** {@code this > y} (weak literal). */
  public Array gt(long y) { return eager(vs -> Logic.gt(vs[0], literal(y)), this); }

  /** {@code this >= y} (bool). */
  public Array ge(Array y) { return eager(vs -> Logic.ge(vs[0], vs[1]), this, y); }

  /** {@code this >= y} (weak literal). */
  public Array ge(double y) { return eager(vs -> Logic.ge(vs[0], literal(y)), this); }

  /** {@code this >= y} (weak literal). */
  public Array ge(long y) { return eager(vs -> Logic.ge(vs[0], literal(y)), this); }

  /** {@code this & y}: logical and for bools, bitwise and for integers (floats are a {@code DTypeError}). */
  public Array and(Array y) { return eager(vs -> Logic.bitwiseAnd(vs[0], vs[1]), this, y); }

  /** {@code this | y}: logical or for bools, bitwise or for integers. */
  public Array or(Array y) { return eager(vs -> Logic.bitwiseOr(vs[0], vs[1]), this, y); }

  /** {@code this ^ y}: logical xor for bools, bitwise xor for integers. */
  public Array xor(Array y) { return eager(vs -> Logic.bitwiseXor(vs[0], vs[1]), this, y); }

  /** {@code ~this}: logical not for bools, bitwise not for integers. */
  public Array not() { return eager(vs -> Logic.bitwiseNot(vs[0]), this); }

  /** This array with a zero derivative ({@code stop_gradient}); the value is unchanged. */
  public Array stopGradient() { return eager(vs -> Arith.stopGradient(vs[0]), this); }

  /** This array limited to {@code [lo, hi]} ({@code Np.clip} with weak literals). */
  public Array clip(double lo, double hi) { return eager(vs -> Logic.clip(vs[0], literal(lo), literal(hi)), this); }

  // ---------------------------------------------------------------- structural family (reshape, transpose, indexing)

  /** This array's elements (row-major) under {@code newShape}; one extent may be {@code -1} (inferred). */
  public Array reshape(int... newShape) { return new Array(Shapes.reshape(value(), ints(newShape, "newShape"))); }

  /** This array with its axes reversed (NumPy's {@code x.T}); a rank-0 or rank-1 array is returned as is. */
  public Array transpose() { return new Array(Shapes.transpose(value())); }

  /** This array with axes permuted: result axis {@code k} is axis {@code perm[k]} (negative axes allowed; none reverses). */
  public Array transpose(int... perm) { return new Array(Shapes.transpose(value(), ints(perm, "perm"))); }

  /** This array without the given axes, each of extent 1; with none, without every axis of extent 1. */
  public Array squeeze(int... axes) { return new Array(Shapes.squeeze(value(), ints(axes, "axes"))); }

  /** This array with new axes of extent 1 at {@code axes} (positions in the result; negative counts from its end). */
  public Array expandDims(int... axes) { return new Array(Shapes.expandDims(value(), ints(axes, "axes"))); }

  /** This array as 1-D, row-major (same as {@link #ravel()}). */
  public Array flatten() { return new Array(Shapes.ravel(value())); }

  /** This array as 1-D, row-major. */
  public Array ravel() { return new Array(Shapes.ravel(value())); }

  /** This array reversed along {@code axes} (every axis when none are given). */
  public Array flip(int... axes) { return new Array(Shapes.flip(value(), ints(axes, "axes"))); }

  /**
   * {@code x[i]}: the sub-array at index {@code i} of axis 0, one rank lower; negative {@code i} counts from the end.
   * An index outside {@code [-n, n)} is a {@link io.graft.numerics.ShapeError} naming the index, extent and shape.
   */
  public Array get(int i) { return new Array(Shapes.get(value(), i)); }

  /** {@code x[start:end]} along axis 0 with Python slice semantics: negative bounds count from the end, out of range clamps. */
  public Array slice(int start, int end) { return new Array(Shapes.slice(value(), start, end)); }

  /** {@code x.at[i]}: the handle for a functional update of {@code x[i]} ({@code x.at(i).set(v)}, {@code .add(v)}). */
  public ArrayAt at(int i) { return new ArrayAt(this, i); }

  // ---------------------------------------------------------------- reductions family (sum, max, argmax, ...)

  /** Sum of all elements ({@code jnp.sum}); bool counts as i32. */
  public Array sum() { return eager(vs -> Reduce.sum(vs[0], null, false), this); }

  /** Sum over {@code axes} (negative allowed; none listed: no reduction, as NumPy's {@code axis=()}). */
  public Array sum(int... axes) { return eager(vs -> Reduce.sum(vs[0], Objects.requireNonNull(axes, "axes is null"), false), this); }

  /** Sum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public Array sum(int[] axes, boolean keepdims) { return eager(vs -> Reduce.sum(vs[0], axes, keepdims), this); }

  /** Mean of all elements ({@code jnp.mean}); integers and bool average in f32. */
  public Array mean() { return eager(vs -> Reduce.mean(vs[0], null, false), this); }

  /** Mean over {@code axes} (negative allowed). */
  public Array mean(int... axes) { return eager(vs -> Reduce.mean(vs[0], Objects.requireNonNull(axes, "axes is null"), false), this); }

  /** Mean over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public Array mean(int[] axes, boolean keepdims) { return eager(vs -> Reduce.mean(vs[0], axes, keepdims), this); }

  /** Maximum of all elements ({@code jnp.max}; NaN propagates; an empty array is an error). */
  public Array max() { return eager(vs -> Reduce.max(vs[0], null, false), this); }

  /** Maximum over {@code axes} (negative allowed). */
  public Array max(int... axes) { return eager(vs -> Reduce.max(vs[0], Objects.requireNonNull(axes, "axes is null"), false), this); }

  /** Maximum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public Array max(int[] axes, boolean keepdims) { return eager(vs -> Reduce.max(vs[0], axes, keepdims), this); }

  /** Minimum of all elements ({@code jnp.min}; NaN propagates; an empty array is an error). */
  public Array min() { return eager(vs -> Reduce.min(vs[0], null, false), this); }

  /** Minimum over {@code axes} (negative allowed). */
  public Array min(int... axes) { return eager(vs -> Reduce.min(vs[0], Objects.requireNonNull(axes, "axes is null"), false), this); }

  /** Minimum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public Array min(int[] axes, boolean keepdims) { return eager(vs -> Reduce.min(vs[0], axes, keepdims), this); }

  /** Product of all elements ({@code jnp.prod}); bool counts as i32. */
  public Array prod() { return eager(vs -> Reduce.prod(vs[0], null, false), this); }

  /** Product over {@code axes} (negative allowed). */
  public Array prod(int... axes) { return eager(vs -> Reduce.prod(vs[0], Objects.requireNonNull(axes, "axes is null"), false), this); }

  /** Product over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public Array prod(int[] axes, boolean keepdims) { return eager(vs -> Reduce.prod(vs[0], axes, keepdims), this); }

  /** Variance of all elements ({@code jnp.var}, ddof 0). */
  public Array var() { return eager(vs -> Reduce.var(vs[0], null, 0, false), this); }

  /** Variance over {@code axes} (negative allowed; ddof 0). */
  public Array var(int... axes) { return eager(vs -> Reduce.var(vs[0], Objects.requireNonNull(axes, "axes is null"), 0, false), this); }

  /** Variance over {@code axes} ({@code null}: all; ddof 0), keeping them as size 1 when {@code keepdims}. */
  public Array var(int[] axes, boolean keepdims) { return eager(vs -> Reduce.var(vs[0], axes, 0, keepdims), this); }

  /** Variance over {@code axes} ({@code null}: all) with divisor {@code count - ddof}. */
  public Array var(int[] axes, int ddof, boolean keepdims) { return eager(vs -> Reduce.var(vs[0], axes, ddof, keepdims), this); }

  /** Standard deviation over every axis. */
  public Array std() { return eager(vs -> Reduce.std(vs[0], null, 0, false), this); }

  /** Standard deviation over {@code axes}. */
  public Array std(int... axes) { return eager(vs -> Reduce.std(vs[0], Objects.requireNonNull(axes, "axes is null"), 0, false), this); }

  /** Index (i32) of the first maximum in the flattened array ({@code jnp.argmax}; the first NaN wins). */
  public Array argmax() { return eager(vs -> Reduce.argmax(vs[0], null, false), this); }

  /** Indices (i32) of the first maxima along {@code axis} (negative allowed). */
  public Array argmax(int axis) { return eager(vs -> Reduce.argmax(vs[0], axis, false), this); }

  /** Index (i32) of the first minimum in the flattened array ({@code jnp.argmin}; the first NaN wins). */
  public Array argmin() { return eager(vs -> Reduce.argmin(vs[0], null, false), this); }

  /** Indices (i32) of the first minima along {@code axis} (negative allowed). */
  public Array argmin(int axis) { return eager(vs -> Reduce.argmin(vs[0], axis, false), this); }

  /** Running sum along {@code axis} ({@code jnp.cumsum}; negative allowed; bool counts as i32). */
  public Array cumsum(int axis) { return eager(vs -> Reduce.cumsum(vs[0], axis), this); }

  // ---------------------------------------------------------------- linalg family (matmul, dot)
  /**
   * {@code this @ y} ({@code numpy.matmul}): matrix product over the last two axes, leading axes broadcast, a 1-D
   * operand acts as a vector (row on the left, column on the right); dtypes promote.
   * <pre>{@code x.matmul(w)   // f32[8,3] @ f32[3,4] -> f32[8,4]; f32[3] @ f32[3] -> f32[]}</pre>
   */
  public Array matmul(Array y) { return eager(vs -> io.graft.trace.ops.Linalg.matmul(vs[0], vs[1]), this, y); }

  /**
   * {@code numpy.dot(this, y)}: contracts the last axis of this with the second-to-last axis of {@code y} (its
   * only axis when 1-D), keeping all other axes in order; a 0-D operand multiplies elementwise.
   */
  public Array dot(Array y) { return eager(vs -> io.graft.trace.ops.Linalg.dot(vs[0], vs[1]), this, y); }

  // ---------------------------------------------------------------- indexing family (take, at)
  /**
   * {@code np.take(this, indices, axis)}: the entries at integer {@code indices} (i32/i64, any shape) along
   * {@code axis}, shape {@code shape[:axis] + indices.shape + shape[axis+1:]}. Negative indices wrap; indices still
   * out of range are clamped (use {@link Np#take(Array, Array, int, io.graft.trace.prim.GatherMode)} to fill instead).
   */
  public Array take(Array indices, int axis) {
    return new Array(io.graft.trace.ops.Indexing.take(value(), v(indices, "indices"), axis));
  }

  /** {@code np.take(this, indices)}: entries of the flattened array at {@code indices} (wrapping, clamping). */
  public Array take(Array indices) { return new Array(io.graft.trace.ops.Indexing.take(value(), v(indices, "indices"))); }
}
