package io.graft.jit.cpu;

import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The classes {@link VectorEmitter} generated, kept by what their code depends on ({@link Key}: the bodies, the input
 * count, dtypes, reduction and each input's inner stride, not the iteration space). Kernels that differ only in their
 * space (W10's Adam update of a 784×256 kernel, its 256 biases, ...) share one class, which the JIT compiles once for all
 * of them. Part of the CPU device's compiled programs, as {@link FusedKernels}' cache, and bound like it; an evicted
 * class is unloaded once the loops made from it are gone.
 * <pre>{@code
 * Class<?> c = LoopClasses.get(new LoopClasses.Key(false, List.of(k.body()), k, strides), () -> VectorEmitter.generate(k, nest));
 * }</pre>
 */
final class LoopClasses {
  private LoopClasses() {}

  /** What a generated loop's code depends on; {@code multi}: a multi-output loop ({@link MultiLoop}). */
  record Key(boolean multi, List<Expr> bodies, int inputs, DType dtype, DType outDType, Reduction reduction,
             List<Integer> strides) {
    /** The key of a loop over {@code bodies} of kernel {@code k}'s inputs with these inner strides. */
    Key(boolean multi, List<Expr> bodies, Kernel k, int[] strides) {
      this(multi, bodies, k.inputs().size(), k.dtype(), k.outDType(), k.reduction(), Arrays.stream(strides).boxed().toList());
    }
  }

  /**
   * The classes by key, least recently used first ({@code Optional.empty()}: the method would be too long for C2);
   * guarded by itself.
   */
  private static final Map<Key, Optional<Class<?>>> CLASSES = new LinkedHashMap<>(64, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Key, Optional<Class<?>>> eldest) {
      return size() > FusedKernels.CACHE_BOUND;
    }
  };

  /** The class for {@code key}, defined from {@code bytes} on first use; null when its method would be too long for C2. */
  static Class<?> get(Key key, Supplier<byte[]> bytes) {
    synchronized (CLASSES) {
      Optional<Class<?>> hit = CLASSES.get(key);
      if (hit != null) return hit.orElse(null);
    }
    byte[] b = bytes.get();   // outside the lock: generating is the slow part
    Optional<Class<?>> made;
    if (VectorEmitter.codeLength(b) > VectorEmitter.HUGE_METHOD) {
      made = Optional.empty();
    } else {
      try {
        made = Optional.of(MethodHandles.lookup().defineHiddenClass(b, true).lookupClass());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("fused kernel: cannot define a generated vector loop", e);
      }
    }
    synchronized (CLASSES) {
      Optional<Class<?>> raced = CLASSES.putIfAbsent(key, made);
      return (raced != null ? raced : made).orElse(null);
    }
  }
}
