package io.graft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The JMH settings most workloads share, which JMH's annotations carry to every subclass: average time per call in
 * milliseconds, 3 warm-up and 5 measured iterations of 1 s, one fork with the Vector API module and native access
 * (OpenBLAS, OpenCL). A workload overrides any of them with its own annotation (a method-level {@code @Fork} with
 * extra properties, say).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public abstract class AverageTimeWorkload {}
