/**
 * The graph IR and tracing.
 *
 * <h2>Grammar</h2>
 * <pre>
 * Graph    ::= { lambda ConstVar* ; Var* . let Eqn* in ( Atom* ) }
 * Eqn      ::= Var+ = Primitive[params] Atom*
 * Atom     ::= Var | Lit                       Var ::= name:dtype[dims]   Lit ::= value:dtype[]
 * Value    ::= Const (a buffer) | Abstract (a type only) | Tracer (a value inside a transform)
 * </pre>
 * {@link io.graft.trace.Graph} holds its parts in Vavr persistent vectors; {@link io.graft.trace.Var} ids are
 * unique in the process. {@link io.graft.trace.Graphs#check} re-runs every primitive's type rule;
 * {@link io.graft.trace.Graphs#eval} evaluates through {@link io.graft.trace.Bind}, so a graph can be evaluated
 * under any transform.
 *
 * <h2>Tracing</h2>
 * {@link io.graft.trace.Bind#bind} hands a primitive to the highest-level {@link io.graft.trace.Trace} among its
 * operands, or runs its kernel when there is none. {@link io.graft.trace.TraceContext} (a {@code ScopedValue}) is
 * the only scoped mutable state; {@link io.graft.trace.GraphBuilder} stages primitives into a graph. A tracer
 * whose transform has finished is reported as a {@link io.graft.trace.TracerLeakError}.
 */
package io.graft.trace;
