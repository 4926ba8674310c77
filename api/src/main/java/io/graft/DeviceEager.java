package io.graft;

import io.graft.jit.GraphCompiler;
import io.graft.jit.OpenClExecutable;
import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.opencl.OpenClUnsupportedError;
import io.graft.numerics.NdArray;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Eager ops on device arrays: {@code y = op(x₁, …, xₙ)} with some {@code xᵢ} on an OpenCL device runs there as a
 * one-equation jit (JAX's eager dispatch), its result an array on that device; host operands are uploaded for the
 * call. The op is traced to a small graph, and the executable compiled for it is kept in a bounded program cache per
 * device, keyed by the graph's text (equal ops on equal types share one, and its kernels are built once). The host
 * path runs instead when something is being staged ({@code jit}, {@code makeGraph}: the op is recorded, not run), when
 * an operand is not concrete (a {@code grad}/{@code vmap} tracer), when the graph closes over a constant of more than
 * {@value #MAX_CONST} elements, or when the device has no kernel for a primitive of the op (then the operands are
 * read back, as before this path existed).
 */
final class DeviceEager {
  private DeviceEager() {}

  /** Largest closed-over constant (a literal) an eager device op's cache key spells out. */
  static final int MAX_CONST = 16;

  /** Executables by device and op text, the 256 most recently used: a device's program cache (an allowed global). */
  private static final Map<String, OpenClExecutable> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<String, OpenClExecutable> e) { return size() > 256; }
  };

  /** {@code op} run on the device of the resident operands, or null when the host path must run it (see the class doc). */
  static Array apply(Function<Value[], Value> op, Array[] operands) {
    if (TraceContext.isStaging()) return null;
    Device device = null;
    List<ShapedType> types = new ArrayList<>();
    for (Array a : operands) {
      Devices.Resident r = a.resident();
      if (r != null) {
        if (r.device().kind() != Device.Kind.OPENCL) return null;
        if (device != null && !device.equals(r.device()))
          throw new IllegalArgumentException("eager op: operands live on two devices, " + device + " and " + r.device()
              + "; move them to one with Graft.devicePut");
        device = r.device();
        types.add(ShapedType.of(r.buffer().dtype(), r.buffer().shape()));
      } else {
        if (!(a.value() instanceof Const c)) return null;
        types.add(c.type());
      }
    }
    if (device == null) return null;
    Graph g = GraphBuilder.trace("eager", "op", Vector.ofAll(types),
        vs -> Vector.of(op.apply(vs.toJavaArray(Value[]::new)))).graph();
    StringBuilder key = new StringBuilder(device.id()).append('\n').append(g);
    for (NdArray c : g.consts()) {
      if (c.size() > MAX_CONST) return null;
      key.append('\n').append(c.dtype()).append(c.shape()).append(java.util.Arrays.toString(c.astype(io.graft.numerics.DType.F64).f64()));
    }
    OpenClExecutable exe;
    try {
      exe = executable(key.toString(), device, g);
    } catch (OpenClUnsupportedError | io.graft.numerics.DTypeError e) {   // no kernel, or f64 on a device without it
      return null;
    }
    ClRuntime rt = OpenCl.runtime(Devices.cl(device));
    List<ClBuffer> args = new ArrayList<>(), uploaded = new ArrayList<>();
    for (Array a : operands) {
      ClBuffer b = Devices.bufferOn(a, device, rt);
      args.add(b);
      if (a.resident() == null) uploaded.add(b);
    }
    ClBuffer y = exe.runOnDevice(Vector.ofAll(args)).get(0);
    for (ClBuffer b : uploaded) if (b != y) b.close();
    return Array.onDevice(device, y);
  }

  private static OpenClExecutable executable(String key, Device device, Graph g) {
    synchronized (CACHE) {
      OpenClExecutable e = CACHE.get(key);
      if (e != null) return e;
    }
    OpenClExecutable e = new GraphCompiler().compileFor(Devices.cl(device), g);   // outside the lock: it builds programs
    synchronized (CACHE) {
      CACHE.putIfAbsent(key, e);
      return CACHE.get(key);
    }
  }
}
