package io.graft;

import io.graft.trace.tree.StaticMarker;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as static (Equinox's {@code field(static=True)}): part of the record's pytree structure,
 * compared with {@code equals} in {@link Graft#jit}'s cache key, passed through every transform untouched and never
 * traced, whatever its type. Components that are not arrays (numbers, strings, enums, functions) are static
 * without it; use it for an {@link Array} that is configuration rather than a parameter, such as a fixed mask:
 * <pre>{@code
 * record MaskedDense(Array w, @StaticField Array mask, double scale) {}
 * // grad(loss) returns a MaskedDense whose w is the gradient and whose mask and scale are unchanged
 * }</pre>
 * A static {@code Array} compares by identity, so jit hits its cache only for the same array object.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@StaticMarker
public @interface StaticField {}
