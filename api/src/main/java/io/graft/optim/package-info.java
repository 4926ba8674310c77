/**
 * Optimisers as gradient transformations, after Optax: a {@link io.graft.optim.GradientTransformation} is a pure
 * {@code init}/{@code update} pair over pytrees, transformations compose with {@link io.graft.optim.Optim#chain},
 * and optimisers ({@link io.graft.optim.Optim#sgd}, {@link io.graft.optim.Optim#adam},
 * {@link io.graft.optim.Optim#adamw}, {@link io.graft.optim.Optim#rmsprop}, {@link io.graft.optim.Optim#lion}) are
 * such chains. States ({@link io.graft.optim.OptState}) are pytrees of arrays, so a whole training step jits;
 * learning rates are numbers or {@link io.graft.optim.Schedule}s of the step count.
 *
 * <p>Formulas follow Optax exactly (each method's Javadoc gives its math): Adam's bias correction, {@code ε} outside
 * the square root ({@code eps_root = 0}), AdamW's decoupled decay, RMSProp's {@code ε} inside it, Lion's sign update.
 */
package io.graft.optim;
