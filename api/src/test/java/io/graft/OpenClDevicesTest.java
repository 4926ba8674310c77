package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vavr.Function2;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The device model on a real OpenCL platform (PoCL in CI): placement, residency, jit where the inputs live or
 * {@code on} a device, and a small MLP's forward pass and gradient jitted on the device against the CPU jit.
 */
class OpenClDevicesTest {
  private static Device device() {
    List<Device> all = Graft.devices();
    assertSame(Device.CPU, all.get(0), "the CPU comes first");
    if (all.size() < 2) {
      System.err.println("SKIPPED (no OpenCL platform): Graft.devices() is " + all + "; install one, e.g. pocl-opencl-icd");
      assumeTrue(false, "no OpenCL platform: Graft.devices() is " + all);
    }
    Device d = all.get(1);
    assertEquals(Device.Kind.OPENCL, d.kind());
    return d;
  }

  private static Array random(Random r, int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.5f;
    return Array.of(v, shape);
  }

  private static void assertClose(Array want, Array got, String what) {
    float[] w = want.toFloatArray(), g = got.toFloatArray();
    assertEquals(w.length, g.length, what);
    for (int i = 0; i < w.length; i++)
      assertTrue(Math.abs(w[i] - g[i]) <= 1e-5f * (1 + Math.abs(w[i])), what + " element " + i + ": cpu " + w[i] + ", opencl " + g[i]);
  }

  @Test void arraysAreDevicePutAndMovedWhenRead() {
    Device d = device();
    Array x = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(Device.CPU, x.device());
    Array onDev = Graft.devicePut(x, d);
    assertEquals(d, onDev.device());
    assertEquals(List.of(2, 3), List.of(onDev.shape()[0], onDev.shape()[1]), "shape without a transfer");
    assertSame(onDev, Graft.devicePut(onDev, d), "already there");
    assertTrue(java.util.Arrays.equals(x.toFloatArray(), onDev.toFloatArray()), "read back");
    assertEquals(d, onDev.device(), "reading keeps the device copy");
    Array back = Graft.devicePut(onDev, Device.CPU);
    assertEquals(Device.CPU, back.device());
    assertTrue(java.util.Arrays.equals(x.toFloatArray(), back.toFloatArray()));
  }

  @Test void aJittedFunctionRunsWhereItsInputsLiveAndItsResultsStayThere() {
    Device d = device();
    JittedArrayFn f = Graft.jit((Array a) -> a.tanh().mul(2).add(a));
    Array x = random(new Random(1), 4, 5);
    Array cpu = f.apply(x);
    assertEquals(Device.CPU, cpu.device());
    Array y = f.apply(Graft.devicePut(x, d));
    assertEquals(d, y.device(), "the result stays on the device");
    Array z = f.apply(y);   // chained on the device, no host round trip
    assertEquals(d, z.device());
    assertClose(cpu, y, "f on the device");
    assertClose(f.apply(cpu), z, "f(f) on the device");
    assertEquals(d, f.on(d).apply(x).device(), "on(device) uploads host arguments");
    assertEquals(Device.CPU, f.on(Device.CPU).apply(y).device(), "on(CPU) runs the CPU jit");
    String lowered = f.on(d).lower(x);
    assertTrue(lowered.contains("__kernel void fused") && lowered.contains("tanh("), lowered);
  }

  @Test void mlpForwardAndGradientJittedOnTheDeviceMatchTheCpuJit() {
    Device d = device();
    Random r = new Random(7);
    List<Array> params = List.of(random(r, 5, 8), random(r, 8), random(r, 8, 3), random(r, 3));
    Array x = random(r, 6, 5), target = random(r, 6, 3);
    Function2<List<Array>, Array, Array> loss = (p, in) ->
        in.matmul(p.get(0)).add(p.get(1)).tanh().matmul(p.get(2)).add(p.get(3)).sub(target).square().mean();
    Jitted2<List<Array>, Array, Array> forward = Graft.jit(loss);
    Jitted2<List<Array>, Array, List<Array>> grad = Graft.jit(Graft.grad(loss));
    assertClose(forward.apply(params, x), forward.on(d).apply(params, x), "loss");
    List<Array> want = grad.apply(params, x);
    List<Array> onDev = Graft.devicePut(params, d);
    List<Array> got = grad.apply(onDev, Graft.devicePut(x, d));
    for (int k = 0; k < want.size(); k++) {
      assertEquals(d, got.get(k).device(), "gradient " + k + " stays on the device");
      assertClose(want.get(k), got.get(k), "gradient " + k);
    }
  }

  private static io.graft.jit.opencl.ClRuntime runtime(Device d) {
    return io.graft.jit.opencl.OpenCl.runtime(io.graft.jit.opencl.OpenCl.devices().stream()
        .filter(c -> c.id().equals(d.id())).findFirst().orElseThrow());
  }

  @Test void scanWhileAndCondRunOnTheDeviceWithTheirCarriesResident() {
    Device d = device();
    Random r = new Random(3);
    List<Array> p = List.of(random(r, 4, 4), random(r, 4), random(r, 12, 4), random(r, 3));
    // an RNN as a scan (a reversed one too), a while loop with an i32 counter and a pass-through carry, a cond
    java.util.function.Function<List<Array>, List<Array>> f = q -> {
      io.vavr.Tuple2<Array, Array> fwd = Lax.scan((Array h, Array x) -> {
        Array n = h.matmul(q.get(0)).add(x).tanh();
        return io.vavr.Tuple.of(n, n.sum());
      }, q.get(1), q.get(2));
      io.vavr.Tuple2<Array, Array> back = Lax.scan((Array h, Array x) -> io.vavr.Tuple.of(h.mul(0.5).add(x), h),
          q.get(1), q.get(2), new ScanOptions(12, true, 1));
      List<Array> loop = Lax.whileLoop((List<Array> c) -> c.get(0).lt(5L),
          c -> List.of(c.get(0).add(1L), c.get(1).mul(1.5).add(c.get(2)), c.get(2)),
          List.of(Array.of(new int[] {0}).reshape(), q.get(3), q.get(3).mul(0.25)));
      Array k = Lax.cond(fwd._1.sum().gt(0.0), (Array a) -> a.exp(), (Array a) -> a.neg(), fwd._1);
      return List.of(fwd._1, fwd._2, back._1, back._2, loop.get(0), loop.get(1), loop.get(2), k);
    };
    Jitted<List<Array>, List<Array>> jf = Graft.jit(f);
    List<Array> want = jf.apply(p), onDev = Graft.devicePut(p, d);
    var rt = runtime(d);
    jf.on(d).apply(onDev);   // compiled and warmed up
    long before = rt.downloads();
    List<Array> got = jf.apply(onDev);
    assertEquals(before + 6 + 1, rt.downloads(), "only predicates are read: the while's 6 tests and the cond's index");
    for (int k = 0; k < want.size(); k++) {
      assertEquals(d, got.get(k).device(), "result " + k + " stays on the device");
      if (want.get(k).dtype() == Np.int32) assertEquals(want.get(k).item(), got.get(k).item(), "result " + k);
      else assertClose(want.get(k), got.get(k), "result " + k);
    }
    assertTrue(jf.on(d).lower(p).contains("scan driven from the host"), jf.on(d).lower(p));
  }

  @Test void eagerOpsOnDeviceArraysRunOnTheDeviceAndStayThere() {
    Device d = device();
    Random r = new Random(11);
    Array x = random(r, 3, 5), w = random(r, 5, 4), b = random(r, 4);
    Function2<Array, Array, Array> f = (a, m) -> a.mul(2.0).sub(a.square()).matmul(m).add(b).tanh().maximum(a.sum(new int[] {1}, true).mean());
    Array want = f.apply(x, w);
    Array dx = Graft.devicePut(x, d), dw = Graft.devicePut(w, d);
    var rt = runtime(d);
    long before = rt.downloads();
    Array got = f.apply(dx, dw);   // b is a host array: uploaded for its op
    Array total = got.sum(), small = got.lt(0.0);
    assertEquals(before, rt.downloads(), "eager ops on device arrays read nothing back");
    assertEquals(d, got.device());
    assertEquals(d, total.device());
    assertEquals(d, small.device());
    assertClose(want, got, "eager chain on the device");
    assertClose(want.sum(), total, "a reduction");
    assertEquals(java.util.Arrays.toString(want.lt(0.0).toBooleanArray()), java.util.Arrays.toString(small.toBooleanArray()));
    assertEquals(Device.CPU, x.mul(2.0).device(), "host arrays stay on the host");
    // traced code records the op (jit stages it; it is not run eagerly on the device)
    assertClose(Graft.jit((Array a) -> a.mul(3.0)).apply(x), Graft.jit((Array a) -> a.mul(3.0)).apply(dx), "jit on a device array");
  }

  @Test void aPrimitiveWithoutAnOpenClKernelFailsAtCompileTimeNamingIt() {
    Device d = device();
    var e = assertThrows(UnsupportedOperationException.class,
        () -> Graft.jit((Array a) -> Lax.bitcastConvertType(a, Np.int32)).on(d).apply(Array.of(new float[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("`bitcast_convert_type") && e.getMessage().contains("CPU"), e.getMessage());
  }

  @Test void graftBackendPicksTheDefaultDevice() {
    Device d = device();
    String before = System.getProperty("graft.backend");
    try {
      System.setProperty("graft.backend", "opencl");
      assertEquals(d, Graft.jit((Array a) -> a.exp()).apply(Array.of(new float[] {1, 2})).device());
      System.setProperty("graft.backend", "tpu");
      var e = assertThrows(IllegalArgumentException.class, () -> Graft.jit((Array a) -> a.exp()).apply(Array.of(new float[] {1})));
      assertTrue(e.getMessage().contains("graft.backend=tpu"), e.getMessage());
    } finally {
      if (before == null) System.clearProperty("graft.backend"); else System.setProperty("graft.backend", before);
    }
    assertEquals(Device.CPU, Graft.jit((Array a) -> a.exp()).apply(Array.of(new float[] {1})).device());
  }
}
