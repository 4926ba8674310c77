package io.graft.jit.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import org.junit.jupiter.api.Test;

/** The FFM bindings on a real platform (PoCL in CI): discovery, transfers, builds, kernels, errors. */
class OpenClRuntimeTest {
  @Test void aMissingLibraryIsATypedAnswerNotACrash() {
    OpenCl.Availability a = OpenCl.probe("libGraftNoSuchOpenCL.so.9");
    var missing = assertInstanceOf(OpenCl.Availability.Missing.class, a);
    assertTrue(missing.reason().contains("libGraftNoSuchOpenCL.so.9"), missing.reason());
    assertTrue(missing.reason().contains("apt-get install"), missing.reason());
  }

  @Test void statusCodesHaveTheirCNames() {
    assertEquals("CL_BUILD_PROGRAM_FAILURE", ClCode.name(-11));
    assertEquals("CL_INVALID_KERNEL_NAME", ClCode.name(-46));
    assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClCode.name(-1001));
    assertEquals("CL_UNKNOWN_ERROR(-999)", ClCode.name(-999));
  }

  @Test void devicesHaveNamesAndLimits() {
    ClDevice d = ClTesting.device();
    assertFalse(d.name().isBlank());
    assertTrue(d.maxWorkGroup() >= 1 && d.localMemBytes() > 0, d.toString());
    assertTrue(d.id().startsWith("opencl:"), d.id());
  }

  @Test void aClosedBufferIsReusedForTheNextOfItsSizeWithNewContents() {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    ClBuffer a = rt.upload(NdArray.wrap(Shape.of(3, 37), new float[111]));   // a size no other test allocates
    java.lang.foreign.MemorySegment mem = a.mem();
    a.close();
    a.close();   // idempotent: given back once
    float[] v = new float[111];
    for (int i = 0; i < v.length; i++) v[i] = i + 1;
    NdArray x = NdArray.wrap(Shape.of(111), v);
    ClBuffer b = rt.upload(x), c = rt.upload(x);   // 444 bytes each, as a's: b takes a's cl_mem, c a new one
    assertEquals(mem.address(), b.mem().address());
    assertTrue(c.mem().address() != b.mem().address());
    assertArrayEquals(x.f32(), rt.download(b).f32());
    assertArrayEquals(x.f32(), rt.download(c).f32());
    b.close();
    c.close();
  }

  /**
   * Results dropped without {@code close} (a loop that keeps only the last) are given back by a collection the runtime
   * asks for once the unreturned buffers pass its limit, so new buffers reuse them instead of growing the device's
   * memory: 200 dropped 1 MiB buffers under an 8 MiB limit create far fewer than 200 {@code cl_mem}s.
   */
  @Test void droppedBuffersAreReclaimedPastTheLiveLimit() {
    ClDevice device = ClTesting.device();
    ClRuntime rt = new ClRuntime(OpenCl.lib(), device, 8L << 20);
    for (int i = 0; i < 200; i++) rt.allocate(DType.F32, Shape.of(1 << 18));   // 1 MiB each, dropped
    assertTrue(rt.created() < 100, "cl_mem objects created for 200 dropped buffers: " + rt.created());
  }

  @Test void everyDTypeRoundTripsThroughDeviceMemory() {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    NdArray[] xs = {
        NdArray.wrap(Shape.of(2, 3), new float[] {1, -2, 3.5f, Float.NaN, 0, -0f}),
        NdArray.wrap(Shape.of(3), new double[] {1e300, -2, Math.PI}),
        NdArray.wrap(Shape.of(2), new int[] {Integer.MIN_VALUE, 7}),
        NdArray.wrap(Shape.of(2), new long[] {Long.MAX_VALUE, -1}),
        NdArray.wrap(Shape.of(3), new boolean[] {true, false, true}),
        NdArray.zeros(DType.F32, Shape.of(0, 4))};
    for (NdArray x : xs) {
      ClBuffer b = rt.upload(x);
      NdArray back = rt.download(b);
      assertTrue(back.contentEquals(x), () -> x + " came back as " + back);
      assertTrue(rt.download(rt.copy(b)).contentEquals(x), () -> "device copy of " + x);
      b.close();
    }
  }

  @Test void aKernelRunsAndIsTimedByItsEvent() {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    String src = "__kernel void twice(__global float* out, __global const float* x, int n) {"
        + " int i = get_global_id(0); if (i < n) out[i] = 2 * x[i]; }";
    ClBuffer x = rt.upload(NdArray.wrap(Shape.of(5), new float[] {1, 2, 3, 4, 5}));
    ClBuffer out = rt.allocate(DType.F32, Shape.of(5));
    long ns = rt.run(rt.program(src), "twice", new long[] {5}, null, out, x, 5);
    assertTrue(ns >= 0);
    assertArrayEquals(new float[] {2, 4, 6, 8, 10}, rt.download(out).f32());
    long builds = rt.builds();
    assertSame(rt.program(src), rt.program(src), "one program per source");
    assertEquals(builds, rt.builds());
  }

  @Test void jfrEventsNameTheDeviceAndSplitKernelsFromTransfers() throws Exception {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    java.nio.file.Path file = java.nio.file.Files.createTempFile("graft-opencl", ".jfr");
    try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
      rec.enable("io.graft.jit.opencl.Command");
      rec.start();
      ClBuffer x = rt.upload(NdArray.wrap(Shape.of(3), new float[] {1, 2, 3}));
      rt.run(rt.program("__kernel void jfrProbe(__global float* x) { x[get_global_id(0)] += 1; }"), "jfrProbe",
          new long[] {3}, null, x);
      assertArrayEquals(new float[] {2, 3, 4}, rt.download(x).f32());
      rec.stop();
      rec.dump(file);
      var events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
      java.util.Set<String> kinds = new java.util.HashSet<>();
      for (var e : events) {
        if (!e.getEventType().getName().equals("io.graft.jit.opencl.Command")) continue;   // another recording's (e.g. -XX:StartFlightRecording)
        assertTrue(e.getString("device").startsWith(rt.device().id()), e.toString());
        kinds.add(e.getString("kind") + ":" + e.getString("what"));
      }
      assertTrue(kinds.containsAll(java.util.List.of("upload:f32[3]", "kernel:jfrProbe over [3]", "download:f32[3]")), kinds.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test void aBuildErrorNamesTheCallTheCodeAndTheLog() {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    OpenClError e = assertThrows(OpenClError.class,
        () -> rt.program("__kernel void broken(__global float* o) { o[0] = undefined_name; }"));
    assertEquals("CL_BUILD_PROGRAM_FAILURE", e.codeName());
    assertTrue(e.call().startsWith("clBuildProgram"), e.call());
    assertTrue(e.buildLog().orElseThrow().contains("undefined_name"), e.getMessage());
    assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
  }

  @Test void anUnknownKernelNameIsATypedError() {
    ClRuntime rt = OpenCl.runtime(ClTesting.device());
    ClProgram p = rt.program("__kernel void present(__global float* o) { o[0] = 1; }");
    OpenClError e = assertThrows(OpenClError.class, () -> rt.run(p, "absent", new long[] {1}, null));
    assertEquals("CL_INVALID_KERNEL_NAME", e.codeName());
    assertTrue(e.getMessage().contains("clCreateKernel(absent)"), e.getMessage());
  }
}
