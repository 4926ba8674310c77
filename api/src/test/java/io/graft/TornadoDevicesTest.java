package io.graft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The TornadoVM backend as the default build sees it: absent (it is built only by the {@code tornado} profile), so no
 * device of kind TORNADO is listed and asking for it is an error that says how to get it. The backend itself is
 * tested against the CPU jit in jit-tornado/src/tornado when TORNADOVM_HOME is set.
 */
class TornadoDevicesTest {
  @Test void withoutTheBackendNoTornadoDeviceIsListedAndAskingForItSaysHowToGetIt() {
    assertFalse(Graft.devices().stream().anyMatch(d -> d.kind() == Device.Kind.TORNADO), Graft.devices().toString());
    String before = System.getProperty("graft.backend");
    try {
      System.setProperty("graft.backend", "tornado");
      var e = assertThrows(IllegalStateException.class, () -> Graft.jit((Array a) -> a.exp()).apply(Array.of(new float[] {1})));
      assertTrue(e.getMessage().contains("graft.backend=tornado") && e.getMessage().contains("TORNADOVM_HOME"), e.getMessage());
    } finally {
      if (before == null) System.clearProperty("graft.backend"); else System.setProperty("graft.backend", before);
    }
  }

  @Test void arraysAreNotPlacedOnATornadoDevice() {
    Device t = new Device("tornado:0:0", Device.Kind.TORNADO, "a TornadoVM device");
    var e = assertThrows(IllegalArgumentException.class, () -> Graft.devicePut(Array.of(new float[] {1, 2}), t));
    assertTrue(e.getMessage().contains("Graft.jit(f).on(device)"), e.getMessage());
  }
}
