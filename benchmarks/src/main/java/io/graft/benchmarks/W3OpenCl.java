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

  /**
   * The workload's check (CI, where an OpenCL device exists): three W3 train steps on the device give the CPU jit's
   * losses and last-layer weights within 1e-4 (f32 products summed in other orders); the parameters stay on the device.
   */
  public static void check() {
    W3OpenCl w = new W3OpenCl();
    w.setup();
    for (int i = 0; i < 3; i++) {
      double cpu = w.cpuJit().item().doubleValue(), cl = w.openClJit().item().doubleValue();
      Inputs.near("W3 loss on OpenCL vs the CPU jit, step " + (i + 2), cpu, cl, 1e-4);
    }
    if (w.onDevice.w3().device().kind() != Device.Kind.OPENCL)
      throw new AssertionError("W3 on OpenCL: the new parameters left the device: " + w.onDevice.w3().device());
    float[] want = w.onHost.w3().toFloatArray(), got = w.onDevice.w3().toFloatArray();
    for (int i = 0; i < want.length; i++) Inputs.near("W3 w3[" + i + "] on OpenCL vs the CPU jit", want[i], got[i], 1e-4);
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
