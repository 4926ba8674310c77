/**
 * JMH benchmarks of Graft's eager mode, one class per workload of {@code bench/workloads.md} (W1 to W6; W7 and W8
 * wait for the ResNet stack and {@code jit}). Every class has a static {@code check()} that compares its result with
 * a plain-Java reference, run by {@code WorkloadChecksTest}; {@code benchmarks/run.sh} builds
 * {@code target/benchmarks.jar}, runs it with a short configuration and compares with NumPy and PyTorch
 * ({@code benchmarks/peers/run_peers.py}). Inputs come from {@link io.graft.benchmarks.Inputs} (fixed seeds).
 */
package io.graft.benchmarks;
