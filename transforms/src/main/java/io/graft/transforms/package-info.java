/**
 * The interpreters that give transformations their meaning; the rules they apply live with the primitives in
 * {@code io.graft.trace.prim} (JAX's split between {@code lax.py} and {@code interpreters/}).
 *
 * <ul>
 *   <li>{@link io.graft.transforms.Jvp}: forward mode, each tracer a (primal, tangent) pair with symbolic zeros;</li>
 *   <li>{@link io.graft.transforms.Linearize}: forward mode whose tangent operations are recorded into a linear
 *       graph (online partial evaluation), with {@code Transpose} running it backwards: reverse mode;</li>
 *   <li>{@link io.graft.transforms.Vmap}: vectorisation, each tracer a value with a batch axis.</li>
 * </ul>
 * Higher-order primitives (custom derivatives, checkpoint, linear calls) are handled by each trace's
 * {@code process} through an exhaustive switch. Everything works on flat vectors of values; pytrees and the
 * user-facing function types are the api's business.
 */
package io.graft.transforms;
