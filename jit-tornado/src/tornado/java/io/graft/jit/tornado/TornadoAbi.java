package io.graft.jit.tornado;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graft's generated OpenCL C rewritten to TornadoVM's prebuilt-kernel calling convention: every {@code __kernel}
 * takes four leading context parameters ({@code _kernel_context, _constant_region, _local_region, _atomics}), and
 * each array parameter arrives as the address of a TornadoVM native array, whose elements start {@code header}
 * bytes in. So {@code __kernel void fused(__global float* out, __global const float* in0)} becomes
 * <pre>{@code
 * __kernel void fused(__global long *_kernel_context, __constant uchar *_constant_region,
 *                     __local uchar *_local_region, __global int *_atomics, __global uchar *out_h, __global uchar *in0_h) {
 *   __global float* out = (__global float*) (out_h + 16);
 *   __global const float* in0 = (__global const float*) (in0_h + 16);
 *   ...the body, unchanged
 * }</pre>
 * Each kernel is also renamed {@code <name><suffix>}: TornadoVM caches a prebuilt kernel by its entry-point name, so
 * two different kernels both called {@code fused} would otherwise run the first one's code. The generator's kernels
 * take only {@code __global} pointers, so that is all this rewrites; anything else in a kernel's parameter list is an
 * {@link IllegalArgumentException} naming it.
 */
final class TornadoAbi {
  private TornadoAbi() {}

  private static final Pattern KERNEL = Pattern.compile("(__kernel\\b[^{;]*?\\bvoid\\s+)(\\w+)\\s*\\(([^)]*)\\)\\s*\\{");
  private static final Pattern PARAM = Pattern.compile("__global\\s+(const\\s+)?(\\w+)\\s*\\*\\s*(\\w+)");

  /**
   * {@code source} with every kernel in TornadoVM's convention, arrays read {@code header} bytes past their start,
   * and {@code suffix} appended to each kernel's name.
   */
  static String rewrite(String source, long header, String suffix) {
    Matcher m = KERNEL.matcher(source);
    StringBuilder out = new StringBuilder();
    int kernels = 0;
    while (m.find()) {
      kernels++;
      StringBuilder params = new StringBuilder("__global long *_kernel_context, __constant uchar *_constant_region, "
          + "__local uchar *_local_region, __global int *_atomics");
      StringBuilder prologue = new StringBuilder();
      for (String p : m.group(3).split(",")) {
        Matcher q = PARAM.matcher(p.strip());
        if (!q.matches()) {
          throw new IllegalArgumentException("TornadoVM prebuilt kernel " + m.group(2) + ": parameter `" + p.strip()
              + "` is not a __global pointer; only the generator's __global array parameters are rewritten");
        }
        String type = "__global " + (q.group(1) == null ? "" : "const ") + q.group(2) + "*";
        params.append(", __global uchar *").append(q.group(3)).append("_h");
        prologue.append("  ").append(type).append(' ').append(q.group(3)).append(" = (").append(type).append(") (")
            .append(q.group(3)).append("_h + ").append(header).append(");\n");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + suffix + "(" + params + ") {\n" + prologue));
    }
    m.appendTail(out);
    if (kernels == 0) throw new IllegalArgumentException("TornadoVM prebuilt kernel: no __kernel in\n" + source);
    return out.toString();
  }
}
