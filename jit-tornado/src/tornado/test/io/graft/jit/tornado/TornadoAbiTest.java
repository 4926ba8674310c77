package io.graft.jit.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Graft's kernel signatures rewritten to TornadoVM's prebuilt-kernel convention. */
class TornadoAbiTest {
  private static final String CONTEXT = "__global long *_kernel_context, __constant uchar *_constant_region, "
      + "__local uchar *_local_region, __global int *_atomics";

  @Test void arraysArriveAsBytesAndAreReadPastTheHeaderUnderASuffixedName() {
    String src = "float helper(float a) { return a; }\n"
        + "__kernel void fused(__global float* out, __global const double* in0) {\n  out[0] = in0[0];\n}\n";
    String got = TornadoAbi.rewrite(src, 16, "_a1");
    assertEquals("float helper(float a) { return a; }\n"
        + "__kernel void fused_a1(" + CONTEXT + ", __global uchar *out_h, __global uchar *in0_h) {\n"
        + "  __global float* out = (__global float*) (out_h + 16);\n"
        + "  __global const double* in0 = (__global const double*) (in0_h + 16);\n"
        + "\n  out[0] = in0[0];\n}\n", got);
  }

  @Test void everyKernelOfASourceIsRewrittenAttributesKept() {
    String src = "__kernel __attribute__((reqd_work_group_size(64, 1, 1)))\nvoid fused(__global double* out, __global const float* in0) {}\n"
        + "__kernel __attribute__((reqd_work_group_size(8, 1, 1)))\nvoid finish(__global float* out, __global const double* partial) {}\n";
    String got = TornadoAbi.rewrite(src, 24, "_b2");
    assertTrue(got.contains("reqd_work_group_size(64, 1, 1)))\nvoid fused_b2(" + CONTEXT + ", __global uchar *out_h, __global uchar *in0_h)"), got);
    assertTrue(got.contains("void finish_b2(" + CONTEXT + ", __global uchar *out_h, __global uchar *partial_h)"), got);
    assertTrue(got.contains("(__global const double*) (partial_h + 24)"), got);
  }

  @Test void aParameterThatIsNotAGlobalPointerIsAnErrorNamingIt() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> TornadoAbi.rewrite("__kernel void k(__global float* out, int n) {}", 16, ""));
    assertTrue(e.getMessage().contains("`int n`") && e.getMessage().contains("k"), e.getMessage());
  }
}
