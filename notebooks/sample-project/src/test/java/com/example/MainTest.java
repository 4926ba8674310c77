package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test void gradOfSumOfSquaresIsTwoX() {
    Array g = Graft.grad((Array x) -> x.mul(x).sum()).apply(Array.of(new float[] {1, 2, 3}));
    assertArrayEquals(new float[] {2, 4, 6}, g.toFloatArray());
  }

  @Test void surefireGaveTheJvmGraftsFlags() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "argLine lacks --add-modules");
    assertTrue(MainTest.class.getModule().isNativeAccessEnabled(), "argLine lacks --enable-native-access");
  }
}
