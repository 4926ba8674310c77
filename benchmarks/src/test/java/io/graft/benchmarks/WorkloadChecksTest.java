package io.graft.benchmarks;

import org.junit.jupiter.api.Test;

/** Each benchmark computes the right thing (small sizes where the workload has a size); no timing here. */
class WorkloadChecksTest {
  @Test void w1MatMulMatchesNaiveLoops() { W1MatMul.check(); }
  @Test void w2SumMatchesDouble() { W2FusedElementwise.check(); }
  @Test void w3LossFallsAndGradientMatchesCentralDifference() { W3MlpStep.check(); }
  @Test void w4PerExampleGradsMatchClosedForm() { W4PerExampleGrads.check(); }
  @Test void w5GraftAgreesWithHandCodedFloor() { W5Dispatch.check(); }
  @Test void w6HessianMatchesClosedForm() { W6Hessian.check(); }
}
