package io.graft.jit.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Device;
import io.graft.Graft;
import io.graft.JittedArrayFn;
import org.junit.jupiter.api.Test;

/** The TornadoVM backend through the user surface: listed by Graft.devices(), picked by jit(f).on. */
class TornadoGraftTest {
  private static Device tornado() {
    Device d = Graft.devices().stream().filter(x -> x.kind() == Device.Kind.TORNADO).findFirst()
        .orElseThrow(() -> new AssertionError("Graft.devices() lists no TornadoVM device: " + Graft.devices()));
    assertTrue(d.id().startsWith("tornado:"), d.toString());
    return d;
  }

  @Test void aJittedFunctionPlacedOnATornadoDeviceEqualsTheCpuJit() {
    Device d = tornado();
    JittedArrayFn f = Graft.jit((Array a) -> a.tanh().mul(Array.scalar(2f)).sum());
    Array x = Array.of(new float[] {0.5f, -1f, 2f, 0.25f, 3f, -0.75f}, 2, 3);
    float[] want = f.apply(x).toFloatArray(), got = f.on(d).apply(x).toFloatArray();
    assertArrayEquals(want, got, 1e-6f);
    assertEquals(Device.CPU, f.on(d).apply(x).device(), "TornadoVM results are host arrays");
    assertTrue(f.on(d).lower(x).contains("TornadoVM task graph"), f.on(d).lower(x));
  }
}
