package io.graft.trace.tree;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation type as "this record component is static": a component carrying an annotation so marked is
 * part of its record's pytree structure (compared with {@code equals}), never a child, whatever its type. The user
 * annotation ({@code io.graft.StaticField}) lives in the API module and carries this marker, so the tree code
 * needs no registration.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface StaticMarker {}
