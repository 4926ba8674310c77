/**
 * JMH benchmarks of Graft, one class per workload of {@code bench/workloads.md} (W1 to W6 eager, W2 to W6 also
 * {@code Graft.jit}-ted in {@code ...Jit} methods, W8 first-compile time, W9 the RNN, W10 Fashion-MNIST
 * epochs of the user-level training loop; W7 waits for the ResNet stack). Every class
 * has a static {@code check()} that compares its result with a plain-Java reference (and the jitted result with the
 * eager one), run by {@code WorkloadChecksTest}; {@code benchmarks/run.sh} builds
 * {@code target/benchmarks.jar}, runs it with a short configuration and compares with NumPy and PyTorch
 * ({@code benchmarks/peers/run_peers.py}). Inputs come from {@link io.graft.benchmarks.Inputs} (fixed seeds).
 */
package io.graft.benchmarks;
