package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import io.graft.trace.NanCheck;
import io.graft.trace.NanError;
import io.graft.trace.TransformError;
import io.graft.trace.UnboundAxisError;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Function2;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code Graft.pmap} over the local CPU devices of {@code -Dgraft.cpuDevices}: the device list, collectives across
 * devices against the named {@code vmap}, the size error, grad inside pmap (a data-parallel step), nested maps.
 */
class PmapTest {
  /** {@code body} with {@code -Dgraft.cpuDevices=n}, the property restored after. */
  static <T> T withCpuDevices(int n, Supplier<T> body) {
    String before = System.getProperty(CpuDevices.PROPERTY);
    System.setProperty(CpuDevices.PROPERTY, Integer.toString(n));
    try {
      return body.get();
    } finally {
      if (before == null) System.clearProperty(CpuDevices.PROPERTY); else System.setProperty(CpuDevices.PROPERTY, before);
    }
  }

  private static Array gaussian(Random r, int... shape) { return CollectivesTest.gaussian(r, shape); }

  @Test void cpuDevicesListsNCpuDevicesThatSplitTheKernelThreads() {
    List<Device> four = withCpuDevices(4, Graft::devices);
    List<Device> cpus = four.stream().filter(d -> d.kind() == Device.Kind.CPU).toList();
    assertEquals(4, cpus.size(), four.toString());
    assertEquals(Device.CPU, cpus.get(0));
    assertEquals(List.of("cpu", "cpu:1", "cpu:2", "cpu:3"), cpus.stream().map(Device::id).toList());
    assertEquals(1, Graft.devices().stream().filter(d -> d.kind() == Device.Kind.CPU).count(), "default: one CPU device");
    var runtimes = CpuDevices.runtimes(4);
    int share = Math.max(1, io.graft.numerics.Parallel.globalThreads() / 4);
    for (var rt : runtimes) assertEquals(share, rt.budget().threads(), rt.toString());
    assertEquals(4, runtimes.map(CpuDevices.Runtime::driver).distinct().size(), "each device has its own driver");
    assertNotEquals(runtimes.get(0).budget(), runtimes.get(1).budget());
  }

  @Test void aBadDeviceCountNamesThePropertyAndTheFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> withCpuDevices(0, Graft::devices));
    assertTrue(e.getMessage().contains("-Dgraft.cpuDevices=0") && e.getMessage().contains("integer >= 1"), e.getMessage());
  }

  @Test void eachDeviceRunsItsRowAndCollectivesExchangeAcrossDevices() {
    Array x = Array.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}).reshape(4, 2);
    Array centred = withCpuDevices(4, () -> Graft.pmap((Array v) -> v.sub(Lax.pmean(v, "d")), "d").apply(x));
    assertArrayEquals(new float[] {-3, -3, -1, -1, 1, 1, 3, 3}, centred.toFloatArray());
    Array idx = withCpuDevices(4, () -> Graft.pmap((Array v) -> Lax.axisIndex("d").add(v.sum().astype(DType.I32).mul(0)), "d").apply(x));
    assertArrayEquals(new int[] {0, 1, 2, 3}, idx.toIntArray());
    Array size = withCpuDevices(2, () -> Graft.pmap((Array v) -> Array.scalar(Lax.axisSize("d")).add(v.sum().mul(0)), "d").apply(x.get(0)));
    assertArrayEquals(new double[] {2, 2}, size.toDoubleArray());
  }

  @Test void aLeadingAxisThatIsNotTheDeviceCountNamesFunctionArgumentShapeAndFix() {
    Array x = Array.of(new float[6]).reshape(3, 2);
    ShapeError e = assertThrows(ShapeError.class, () -> withCpuDevices(2, () -> Graft.pmap((Array v) -> v.mul(2), "d").apply(x)));
    String m = e.getMessage();
    assertTrue(m.startsWith("pmap(") && m.contains("PmapTest"), m);
    assertTrue(m.contains("argument") && m.contains("f32[3,2]") && m.contains("2 local CPU devices"), m);
    assertTrue(m.contains("reshape") && m.contains("-Dgraft.cpuDevices=3"), m);
    Tuple2<Array, Array> pair = Tuple.of(Array.of(new float[2]), Array.of(new float[4]).reshape(4, 1));
    ShapeError second = assertThrows(ShapeError.class,
        () -> withCpuDevices(2, () -> Graft.pmap((Tuple2<Array, Array> t) -> t._1.add(t._2.sum()), "d").apply(pair)));
    assertTrue(second.getMessage().contains("argument._2") || second.getMessage().contains("argument[1]"), second.getMessage());
  }

  @Test void pmapUnderATransformAndUnboundNamesAreTypedErrors() {
    Array x = Array.of(new float[] {1, 2});
    Function<Array, Array> p = Graft.pmap((Array v) -> Lax.psum(v, "d"), "d");
    TransformError e = assertThrows(TransformError.class, () -> withCpuDevices(2, () -> Graft.jit(p).apply(x)));
    assertTrue(e.getMessage().contains("pmap(") && e.getMessage().contains("inside"), e.getMessage());
    UnboundAxisError u = assertThrows(UnboundAxisError.class,
        () -> withCpuDevices(2, () -> Graft.pmap((Array v) -> Lax.psum(v, "other"), "d").apply(x)));
    assertTrue(u.getMessage().contains("'other'") && u.getMessage().contains("'d'"), u.getMessage());
  }

  @Test void fIsTracedOncePerSignature() {
    AtomicInteger traces = new AtomicInteger();
    Function<Array, Array> p = Graft.pmap((Array v) -> { traces.incrementAndGet(); return Lax.psum(v.mul(v), "d"); }, "d");
    Random r = new Random(3);
    withCpuDevices(2, () -> { p.apply(gaussian(r, 2, 3)); return p.apply(gaussian(r, 2, 3)); });
    assertEquals(1, traces.get());
    withCpuDevices(2, () -> p.apply(gaussian(r, 2, 5)));
    assertEquals(2, traces.get());
  }

  /** The data-parallel step: per-device gradients of the shard's loss, averaged with pmean, applied on every device. */
  @Test void pmapOfGradIsADataParallelStepEqualToTheFullBatchStep() {
    Random r = new Random(7);
    int n = 4, perDevice = 3, in = 5;
    Array w = gaussian(r, in), xs = gaussian(r, n * perDevice, in), ys = gaussian(r, n * perDevice);
    Function2<Array, Tuple2<Array, Array>, Array> loss = (p, b) -> b._1.matmul(p).sub(b._2).square().mean();
    Function2<Array, Tuple2<Array, Array>, Array> step = (p, b) -> {
      Array g = Graft.grad((Array q) -> loss.apply(q, b)).apply(p);
      return p.sub(Lax.pmean(g, "batch").mul(0.1));
    };
    Array updated = withCpuDevices(n, () -> Graft.pmap(step, null, 0, "batch")
        .apply(w, Tuple.of(xs.reshape(n, perDevice, in), ys.reshape(n, perDevice))));
    Array full = w.sub(Graft.grad((Array q) -> loss.apply(q, Tuple.of(xs, ys))).apply(w).mul(0.1));
    assertArrayEquals(new int[] {n, in}, updated.shape());
    double[] u = updated.toDoubleArray();
    for (int d = 1; d < n; d++)
      for (int j = 0; j < in; j++) assertEquals(u[j], u[d * in + j], 0.0, "device " + d + " holds other parameters");   // bitwise
    assertArrayEquals(full.toDoubleArray(), updated.get(0).toDoubleArray(), 1e-12);
  }

  /** The transposes of psum and all_gather under pmap: a VJP on each device equals the VJP of the named vmap. */
  @Test void gradThroughCollectivesInsidePmapEqualsTheNamedVmap() {
    Random r = new Random(11);
    Array x = gaussian(r, 2, 3);
    Function<Array, Array> g = v -> Graft.grad((Array u) -> Lax.allGather(u.sin(), "d", 0, false).mul(Lax.psum(u, "d")).sum()).apply(v);
    Array want = Graft.vmap(g, 0, 0, "d").apply(x);
    assertArrayEquals(want.toDoubleArray(), withCpuDevices(2, () -> Graft.pmap(g, "d").apply(x)).toDoubleArray(), 1e-12);
  }

  @Test void aNamedVmapNestsInsidePmapAndJitInsidePmapKeepsItsCollectives() {
    Random r = new Random(5);
    Array x = gaussian(r, 2, 3, 4);
    Function<Array, Array> inner = v -> Lax.psum(v, "j").mul(Lax.pmax(v, "i")).add(Lax.axisIndex("i").astype(DType.F64));
    Array want = Graft.vmap(Graft.vmap(inner, 0, 0, "j"), 0, 0, "i").apply(x);
    Array got = withCpuDevices(2, () -> Graft.pmap(Graft.vmap(inner, 0, 0, "j"), "i").apply(x));
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12);
    Function<Array, Array> jitted = Graft.jit((Array v) -> Lax.pmean(v.exp(), "i"));
    Array viaJit = withCpuDevices(2, () -> Graft.pmap(jitted, "i").apply(x));
    assertArrayEquals(Graft.vmap(jitted, 0, 0, "i").apply(x).toDoubleArray(), viaJit.toDoubleArray(), 1e-12);
  }

  @Test void inAndOutAxesChooseTheSplitAxisAndReplicatedResults() {
    Random r = new Random(9);
    Array x = gaussian(r, 3, 2), c = gaussian(r, 3);
    Function<Tuple2<Array, Array>, Tuple2<Array, Array>> f = t -> Tuple.of(t._1.mul(t._2), Lax.psum(t._1, "d"));
    AxisSpec in = AxisSpec.tree(Tuple.of(AxisSpec.of(1), AxisSpec.none()));
    AxisSpec out = AxisSpec.tree(Tuple.of(AxisSpec.of(1), AxisSpec.none()));
    Tuple2<Array, Array> got = withCpuDevices(2, () -> Graft.pmap(f, in, out, "d").apply(Tuple.of(x, c)));
    Tuple2<Array, Array> want = Graft.vmap(f, in, out, "d").apply(Tuple.of(x, c));
    assertArrayEquals(want._1.shape(), got._1.shape());
    assertArrayEquals(want._1.toDoubleArray(), got._1.toDoubleArray(), 1e-12);
    assertArrayEquals(want._2.toDoubleArray(), got._2.toDoubleArray(), 1e-12);
  }

  /** A device that fails ends the others' wait at their next collective; the caller gets the failing device's error. */
  @Test void aFailingDeviceAbortsTheOthersAndItsErrorIsTheOneRaised() {
    Array x = Array.of(new double[] {1, 2, -1, 4}).reshape(2, 2);   // device 1's row has a log of -1: a NaN
    Function<Array, Array> p = Graft.pmap((Array v) -> Lax.psum(v.log(), "d").mul(2), "d");
    Throwable e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> assertThrows(RuntimeException.class, () -> withCpuDevices(2, () -> NanCheck.withEnabled(() -> p.apply(x)))));
    assertTrue(e instanceof NanError, e.toString());
    assertTrue(e.getMessage().contains("log"), e.getMessage());
    assertArrayEquals(new double[] {0, 2 * Math.log(8)}, withCpuDevices(2, () -> p.apply(x.abs())).get(0).toDoubleArray(), 1e-12);
  }
}
