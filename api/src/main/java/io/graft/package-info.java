/**
 * Graft's user surface: {@code import io.graft.*;} gives {@link io.graft.Graft} (the transformations),
 * {@link io.graft.Array} (immutable arrays), {@link io.graft.Np} ({@code jax.numpy}) and {@link io.graft.Lax}
 * ({@code jax.lax}).
 *
 * <pre>{@code
 * Array x = Array.of(new float[] {1, 2, 3});
 * System.out.println(Graft.makeGraph((Array a) -> a.sin().sum()).apply(x));
 * }</pre>
 *
 * <h2>On the module path</h2>
 * Graft's jars are modules; a modular application requires {@code io.graft.api}, which gives it {@code io.graft},
 * {@code io.graft.testing} and, through {@code requires transitive}, the packages its signatures show
 * ({@code io.graft.numerics} for {@code DType} and {@code ShapeError}/{@code DTypeError}, {@code io.graft.trace} for
 * {@code Graph} and {@code TracerLeakError}/{@code ConcretizationError}/{@code TransformError},
 * {@code io.graft.trace.tree} for {@code TreeDef} and {@code NotATreeError}, {@code io.graft.trace.prim} for the
 * records {@link io.graft.Lax} takes, {@code io.graft.jit} for {@code Passes.Stage}) and Vavr:
 *
 * <pre>{@code
 * module com.example.app {
 *   requires io.graft.api;
 *   opens com.example.app.model to io.graft.trace;   // records used as pytrees
 * }
 * }</pre>
 *
 * <p>Records used as pytrees ({@link io.graft.Tree}, and every transformation of a record argument) are read by
 * reflection in module {@code io.graft.trace}: their package must be opened to it as above, or the first use throws
 * {@code NotATreeError} naming the record, its package and that {@code opens} line. On the class path (the common
 * case: a Maven or Gradle project without {@code module-info.java}) nothing is needed. The JVM flags become
 * {@code --add-modules jdk.incubator.vector --enable-native-access=io.graft.numerics,org.bytedeco.javacpp}
 * ({@code ALL-UNNAMED} on the class path). {@code io.graft.testing} also needs {@code requires net.jqwik.api}: jqwik is
 * an optional dependency.
 */
package io.graft;
