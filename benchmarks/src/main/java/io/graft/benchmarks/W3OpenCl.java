package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Device;
import io.graft.Graft;
import io.graft.Jitted;
import io.vavr.Tuple2;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W3 (the MLP train step of {@link W3MlpStep}: 784-1024-1024-10, batch 256, softmax cross-entropy, SGD) as one jitted
 * step on the first OpenCL device ({@link #openClJit}: parameters placed there once, each step's new parameters left
 * there for the next, the batch closed over as constants uploaded with the program) against the CPU jit
 * ({@link #cpuJit}) in the same run. On PoCL (a CPU OpenCL device) this measures the generated kernels on the same
 * cores. Setup fails with the reason when no OpenCL device is found.
 */
public class W3OpenCl extends AverageTimeWorkload {
  private W3MlpStep.Mlp onHost, onDevice;
  private Jitted<W3MlpStep.Mlp, Tuple2<Array, W3MlpStep.Mlp>> cpu, device;

  @Setup public void setup() {
    Tuple2<Array, Array> xy = W3MlpStep.batch(W3MlpStep.BATCH, W3MlpStep.IN);
    Function<W3MlpStep.Mlp, Tuple2<Array, W3MlpStep.Mlp>> step = W3MlpStep.step(xy._1, xy._2);
    Device cl = Inputs.openClDevice("W3OpenCl");
    onHost = W3MlpStep.Mlp.init(W3MlpStep.IN, W3MlpStep.HIDDEN);
    onDevice = Graft.devicePut(onHost, cl);
    cpu = Graft.jit(step);
    device = Graft.jit(step).on(cl);
    onHost = cpu.apply(onHost)._2;          // trace and compile here, not in the first warm-up iteration
    onDevice = device.apply(onDevice)._2;
  }

  @Benchmark public Array cpuJit() {
    Tuple2<Array, W3MlpStep.Mlp> r = cpu.apply(onHost);
    onHost = r._2;
    return r._1;
  }

  @Benchmark public Array openClJit() {
    Tuple2<Array, W3MlpStep.Mlp> r = device.apply(onDevice);
    onDevice = r._2;
    return r._1;
  }
}
