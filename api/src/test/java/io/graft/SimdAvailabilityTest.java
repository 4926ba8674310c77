package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.Simd;
import org.junit.jupiter.api.Test;

/**
 * The build runs the api tests twice (api/pom.xml): with the Vector API module ({@code -Dgraft.expectSimd=true}) and
 * without it ({@code -Dgraft.expectSimd=false}, execution {@code no-vector-api}), so the scalar kernel paths are
 * what the second run exercises. This checks each run got the JVM it asked for.
 */
class SimdAvailabilityTest {
  @Test void theVectorApiIsPresentExactlyWhenTheBuildSaysSo() {
    String expected = System.getProperty("graft.expectSimd");
    assumeTrue(expected != null, "run outside Maven: -Dgraft.expectSimd not set");
    assertEquals(Boolean.parseBoolean(expected), Simd.AVAILABLE,
        "Simd.AVAILABLE with jdk.incubator.vector " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent"));
  }
}
