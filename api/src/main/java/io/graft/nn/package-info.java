/**
 * Neural-network pieces on top of {@link io.graft.Np}: layers as immutable records whose array components are the
 * parameters (Equinox-style modules: {@link io.graft.nn.Dense}, {@link io.graft.nn.Conv},
 * {@link io.graft.nn.ConvTranspose}, {@link io.graft.nn.BatchNorm}, {@link io.graft.nn.LayerNorm},
 * {@link io.graft.nn.Dropout}, {@link io.graft.nn.Embedding}, {@link io.graft.nn.MaxPool}, {@link io.graft.nn.AvgPool},
 * {@link io.graft.nn.Flatten}, {@link io.graft.nn.Lambda}, {@link io.graft.nn.Sequential}; models
 * {@link io.graft.nn.Mlp}, {@link io.graft.nn.SmallCnn} and {@link io.graft.nn.ResNet}), {@link io.graft.nn.Initializers},
 * {@link io.graft.nn.Activation}s, {@link io.graft.nn.Losses} (cross-entropies, regression losses) and
 * {@link io.graft.nn.Metrics} (accuracy, top-k). Everything is built from array operations, so it is differentiable
 * where the math is, and runs eagerly, under {@code grad}, {@code vmap} and {@code jit} alike. Convolutions and pools
 * are channels-last (NHWC, kernels HWIO).
 */
package io.graft.nn;
