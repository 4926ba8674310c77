package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cost model's algebra: the ring all-reduce, the α-β fit it inverts, oversubscription and overlap. */
class ScalingModelTest {
  private final ScalingModel.Params p = new ScalingModel.Params(0.010, 1e6, 20e-6, 1e-9, 2, 0);

  @Test
  void ringAllReduceIsTwoPMinusOneLatenciesPlusTwiceTheShareOfTheBytes() {
    assertEquals(0, p.allReduce(1));
    assertEquals(2 * 20e-6 + 1e6 * 1e-9, p.allReduce(2), 1e-15);
    assertEquals(2 * 7 * 20e-6 + 2 * 7.0 / 8 * 1e6 * 1e-9, p.allReduce(8), 1e-15);
  }

  @Test
  void theFitRecoversAlphaAndBetaFromTwoProcessTimings() {
    double[] ab = ScalingModel.fitAlphaBeta(p.allReduce(2) - 1e6 * 1e-9 + 4 * 1e-9, 2 * 20e-6 + 16e6 * 1e-9, 16e6);
    assertEquals(20e-6, ab[0], 1e-8);
    assertEquals(1e-9, ab[1], 1e-12);
  }

  @Test
  void stepTimesOversubscribeComputeAndHideCommunicationUpToTheOverlap() {
    assertEquals(1.0, p.efficiency(1), 0);
    assertEquals(0.010 + p.allReduce(2), p.step(2), 1e-15);
    assertEquals(0.010 * 2 + p.allReduce(4), p.step(4), 1e-15);   // 4 processes on 2 cores
    ScalingModel.Params hidden = p.withOverlap(0.5);
    assertEquals(0.010, hidden.step(2), 1e-15);                     // 1.04 ms of all-reduce under 5 ms of compute
    assertTrue(p.on(5e-6, 8 / 100e9, Integer.MAX_VALUE).efficiency(256) < 1);
  }
}
