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
 * The classes {@link VectorEmitter} and {@link BytecodeBackend} generated, kept by what their code depends on
 * ({@link Key}: the kind of loop, the bodies, the dtypes, reduction and each input's inner stride, not the iteration
 * space). Kernels that differ only in their space (W10's Adam update of a 784×256 kernel, its 256 biases, ...) share
 * one class, which the JIT compiles once for all of them. Part of the CPU device's compiled programs, as
 * {@link FusedKernels}' cache, and bound like it; an evicted class is unloaded once the loops made from it are gone.
 * <pre>{@code
 * Class<?> c = LoopClasses.get(new LoopClasses.Key(Kind.VECTOR, List.of(k.body()), k, strides), () -> VectorEmitter.generate(k, nest));
 * }</pre>
 */
final class LoopClasses {
  private LoopClasses() {}

  /** Which generator made a class: {@link BytecodeBackend}'s scalar rows, {@link VectorEmitter}'s single or multi-output loop. */
  enum Kind { SCALAR, VECTOR, MULTI }

  /** What a generated loop's code depends on. */
  record Key(Kind kind, List<Expr> bodies, List<DType> inputs, DType dtype, DType outDType, Reduction reduction,
             List<Integer> strides) {
    /** The key of a loop over {@code bodies} of kernel {@code k}'s inputs with these inner strides. */
    Key(Kind kind, List<Expr> bodies, Kernel k, int[] strides) {
      this(kind, bodies, k.inputs().stream().map(a -> a.dtype()).toList(), k.dtype(), k.outDType(), k.reduction(),
          Arrays.stream(strides).boxed().toList());
    }
  }

  /**
   * The classes by key, least recently used first ({@code Optional.empty()}: a vector method would be too long for C2);
   * guarded by itself.
   */
  private static final Map<Key, Optional<Class<?>>> CLASSES = new LinkedHashMap<>(64, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Key, Optional<Class<?>>> eldest) {
      return size() > FusedKernels.CACHE_BOUND;
    }
  };

  /**
   * The class for {@code key}, defined from {@code bytes} on first use; null when a vector loop's method would be too
   * long for C2.
   */
  static Class<?> get(Key key, Supplier<byte[]> bytes) {
    synchronized (CLASSES) {
      Optional<Class<?>> hit = CLASSES.get(key);
      if (hit != null) return hit.orElse(null);
    }
    byte[] b = bytes.get();   // outside the lock: generating is the slow part
    Optional<Class<?>> made;
    if (key.kind() != Kind.SCALAR && VectorEmitter.codeLength(b) > VectorEmitter.HUGE_METHOD) {
      made = Optional.empty();
    } else {
      try {
        made = Optional.of(MethodHandles.lookup().defineHiddenClass(b, true).lookupClass());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("fused kernel: cannot define a generated loop", e);
      }
    }
    synchronized (CLASSES) {
      Optional<Class<?>> raced = CLASSES.putIfAbsent(key, made);
      return (raced != null ? raced : made).orElse(null);
    }
  }
}
