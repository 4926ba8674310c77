package io.graft.numerics.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * oneDNN's primitive API (engine, memory descriptors, attributes, convolution and reorder primitives, streams) as the
 * int8 layers ({@link Int8Conv}, {@link Int8ConvNative}) call it: the CPU engine and one downcall handle per function,
 * linked from the library {@link Dnnl} loaded, when the first int8 layer runs.
 *
 * <p>Why a class of its own: every distinct downcall signature makes the JVM generate and load code, about 6 ms each
 * in a fresh JVM on the 2-core reference machine, and oneDNN's f32 products ({@code dnnl_sgemm}, {@link Blas}) need
 * none of these. Linked with the library they cost every program's first product ~0.1 s, int8 or not.
 * <pre>{@code
 * if (DnnlApi.AVAILABLE) ... DnnlApi.CONV_PD.invokeExact(out, DnnlApi.ENGINE, ...)
 * }</pre>
 */
@SuppressWarnings("restricted")     // Dnnl loaded the library only where native access is enabled
final class DnnlApi {
  /** True when oneDNN is loaded ({@link Dnnl#AVAILABLE}), every handle linked and the CPU engine created. */
  static final boolean AVAILABLE;
  /** Why the int8 layers do not run on oneDNN ({@code "loaded"} when they do). */
  static final String STATUS;
  /** The CPU engine (one per process, as oneDNN recommends). */
  static final MemorySegment ENGINE;

  static final MethodHandle STREAM_CREATE, STREAM_WAIT, STREAM_DESTROY, MD_CREATE, MD_DESTROY, MD_SIZE, ATTR_CREATE,
      ATTR_DESTROY, ATTR_SCALES, ATTR_ZERO_POINTS, ATTR_SCRATCHPAD, ATTR_POST_OPS, POST_OPS_CREATE, POST_OPS_ELTWISE,
      POST_OPS_DESTROY, CONV_PD, REORDER_PD, PD_QUERY_MD, PD_QUERY, PD_DESTROY, PRIMITIVE_CREATE, PRIMITIVE_EXECUTE,
      PRIMITIVE_DESTROY, MEMORY_CREATE, MEMORY_DESTROY;

  private static final Linker LINKER = Linker.nativeLinker();

  static {
    MethodHandle[] h = new MethodHandle[25];
    MemorySegment engine = MemorySegment.NULL;
    String status = Dnnl.STATUS;
    if (Dnnl.AVAILABLE) {
      try {
        SymbolLookup lib = Dnnl.LIB;
        ValueLayout a = ValueLayout.ADDRESS, i = ValueLayout.JAVA_INT, l = ValueLayout.JAVA_LONG;
        int k = 0;
        h[k++] = handle(lib, "dnnl_stream_create", i, a, a, i);
        h[k++] = handle(lib, "dnnl_stream_wait", i, a);
        h[k++] = handle(lib, "dnnl_stream_destroy", i, a);
        h[k++] = handle(lib, "dnnl_memory_desc_create_with_tag", i, a, i, a, i, i);
        h[k++] = handle(lib, "dnnl_memory_desc_destroy", i, a);
        h[k++] = handle(lib, "dnnl_memory_desc_get_size", l, a);
        h[k++] = handle(lib, "dnnl_primitive_attr_create", i, a);
        h[k++] = handle(lib, "dnnl_primitive_attr_destroy", i, a);
        h[k++] = handle(lib, "dnnl_primitive_attr_set_scales_mask", i, a, i, i);
        h[k++] = handle(lib, "dnnl_primitive_attr_set_zero_points_mask", i, a, i, i);
        h[k++] = handle(lib, "dnnl_primitive_attr_set_scratchpad_mode", i, a, i);
        h[k++] = handle(lib, "dnnl_primitive_attr_set_post_ops", i, a, a);
        h[k++] = handle(lib, "dnnl_post_ops_create", i, a);
        h[k++] = handle(lib, "dnnl_post_ops_append_eltwise", i, a, i, ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT);
        h[k++] = handle(lib, "dnnl_post_ops_destroy", i, a);
        h[k++] = handle(lib, "dnnl_convolution_forward_primitive_desc_create", i, a, a, i, i, a, a, a, a, a, a, a, a, a);
        h[k++] = handle(lib, "dnnl_reorder_primitive_desc_create", i, a, a, a, a, a, a);
        h[k++] = handle(lib, "dnnl_primitive_desc_query_md", a, a, i, i);
        h[k++] = handle(lib, "dnnl_primitive_desc_query", i, a, i, i, a);
        h[k++] = handle(lib, "dnnl_primitive_desc_destroy", i, a);
        h[k++] = handle(lib, "dnnl_primitive_create", i, a, a);
        h[k++] = handle(lib, "dnnl_primitive_execute", i, a, a, i, a);
        h[k++] = handle(lib, "dnnl_primitive_destroy", i, a);
        h[k++] = handle(lib, "dnnl_memory_create", i, a, a, a, a);
        h[k++] = handle(lib, "dnnl_memory_destroy", i, a);
        MethodHandle create = handle(lib, "dnnl_engine_create", i, a, i, l);
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
          Dnnl.check((int) create.invokeExact(out, 1 /* dnnl_cpu */, 0L), "dnnl_engine_create");
          engine = out.get(ValueLayout.ADDRESS, 0);
        }
        status = engine.equals(MemorySegment.NULL) ? "dnnl_engine_create gave no engine" : "loaded";
      } catch (Throwable e) {
        status = "oneDNN's primitive API failed to link (" + e + ")";
        engine = MemorySegment.NULL;
      }
    }
    AVAILABLE = !engine.equals(MemorySegment.NULL);
    STATUS = status;
    ENGINE = engine;
    int k = 0;
    STREAM_CREATE = h[k++]; STREAM_WAIT = h[k++]; STREAM_DESTROY = h[k++]; MD_CREATE = h[k++]; MD_DESTROY = h[k++];
    MD_SIZE = h[k++]; ATTR_CREATE = h[k++]; ATTR_DESTROY = h[k++]; ATTR_SCALES = h[k++]; ATTR_ZERO_POINTS = h[k++];
    ATTR_SCRATCHPAD = h[k++]; ATTR_POST_OPS = h[k++]; POST_OPS_CREATE = h[k++]; POST_OPS_ELTWISE = h[k++];
    POST_OPS_DESTROY = h[k++]; CONV_PD = h[k++]; REORDER_PD = h[k++]; PD_QUERY_MD = h[k++]; PD_QUERY = h[k++];
    PD_DESTROY = h[k++]; PRIMITIVE_CREATE = h[k++]; PRIMITIVE_EXECUTE = h[k++]; PRIMITIVE_DESTROY = h[k++];
    MEMORY_CREATE = h[k++]; MEMORY_DESTROY = h[k++];
  }

  private DnnlApi() {}

  private static MethodHandle handle(SymbolLookup lib, String name, ValueLayout result, ValueLayout... args) {
    return LINKER.downcallHandle(lib.findOrThrow(name), FunctionDescriptor.of(result, args));
  }

  /** {@code dnnl_memory_desc_create_with_tag}: a plain descriptor of {@code dims} (logical order) in {@code tag}. */
  static MemorySegment desc(Arena arena, int dataType, int tag, long... dims) throws Throwable {
    MemorySegment out = arena.allocate(ValueLayout.ADDRESS), d = arena.allocate(Dnnl.DIMS_BYTES);
    for (int i = 0; i < dims.length; i++) d.setAtIndex(ValueLayout.JAVA_LONG, i, dims[i]);
    Dnnl.check((int) MD_CREATE.invokeExact(out, dims.length, d, dataType, tag), "dnnl_memory_desc_create_with_tag");
    return out.get(ValueLayout.ADDRESS, 0);
  }

  /** {@code int64_t[12]} holding {@code values}. */
  static MemorySegment dims(Arena arena, long... values) {
    MemorySegment d = arena.allocate(Dnnl.DIMS_BYTES);
    for (int i = 0; i < values.length; i++) d.setAtIndex(ValueLayout.JAVA_LONG, i, values[i]);
    return d;
  }

  /** {@code dnnl_memory_create} over {@code buffer} (the caller keeps it alive at least as long as the memory). */
  static MemorySegment memory(Arena arena, MemorySegment desc, MemorySegment buffer) throws Throwable {
    MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
    Dnnl.check((int) MEMORY_CREATE.invokeExact(out, desc, ENGINE, buffer), "dnnl_memory_create");
    return out.get(ValueLayout.ADDRESS, 0);
  }
}
