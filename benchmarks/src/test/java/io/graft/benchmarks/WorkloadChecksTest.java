package io.graft.benchmarks;

import org.junit.jupiter.api.Test;

/**
 * Each benchmark computes the right thing (small sizes where the workload has a size), its jitted variant included
 * (checked against eager); no timing here.
 */
class WorkloadChecksTest {
  @Test void w1MatMulMatchesNaiveLoops() { W1MatMul.check(); }
  @Test void w2SumMatchesDoubleAndJitMatchesEager() { W2FusedElementwise.check(); }
  @Test void w3LossFallsGradientMatchesCentralDifferenceJitMatchesEager() { W3MlpStep.check(); }
  @Test void w4PerExampleGradsMatchClosedFormEagerAndJit() { W4PerExampleGrads.check(); }
  @Test void w5EagerAndJitAgreeWithHandCodedFloor() { W5Dispatch.check(); }
  @Test void w6HessianMatchesClosedFormEagerAndJit() { W6Hessian.check(); }
  @Test void w8FreshJitCompilesOnceAndMatchesEager() { W8FirstCompile.check(); }
  @Test void fusedLoopNestKernelsMatchPlainLoops() { FusedLoopNests.check(); }
}
