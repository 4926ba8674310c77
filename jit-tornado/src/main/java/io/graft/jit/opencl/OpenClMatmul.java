package io.graft.jit.opencl;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;

/**
 * The batched product behind {@code dot_general} on OpenCL devices, {@code out[b,i,j] = Σ_k a[b,i,k] b[b,k,j]} over
 * strided operands, as OpenCL C: {@value #TILE}×{@value #TILE} tiles staged in {@code __local} memory on GPUs
 * ({@link #matmul}), per-work-item register blocks on CPU devices ({@link #blockedMatmul}), and, for products large
 * enough, register blocks over a packed copy of the second operand ({@link #packedMatmul}). Every kernel accumulates
 * each element in one chain in order of {@code k}.
 * <pre>{@code
 * OpenClC.Generated g = OpenClMatmul.matmul(DType.F32, 1, m, n, k, 0, k, 1, 0, n, 1, device);  // row-major a·b
 * ClBuffer c = ClKernels.matmul(rt, g, rt.program(g.source()), a, b, Shape.of(m, n));
 * }</pre>
 */
public final class OpenClMatmul {
  private OpenClMatmul() {}

  /** The edge of a matmul tile (work-groups are {@code TILE × TILE}). */
  public static final int TILE = 16;

  /**
   * {@code out[b, i, j] = Σ_k a[b*aB + i*aM + k*aK] * b[b*bB + k*bK + j*bN]} for {@code b < batch, i < m, j < n,
   * k < depth}, in {@code dtype} (f32 or f64), written row-major as {@code [batch, m, n]}: the tiled matmul behind
   * {@code dot_general}. Each {@value #TILE}×{@value #TILE} work-group stages one tile of each operand per step of
   * {@code k} in {@code __local} memory and accumulates in {@code dtype}, in order of {@code k}.
   */
  public static OpenClC.Generated matmul(DType dtype, int batch, int m, int n, int depth,
                                 long aB, long aM, long aK, long bB, long bK, long bN, ClDevice device) {
    if (!dtype.isFloating()) throw new DTypeError("OpenCL matmul: dtype must be f32 or f64, got " + dtype);
    if (dtype == DType.F64 && !device.fp64())
      throw new DTypeError("OpenCL matmul: f64 on device " + device + ", which has no cl_khr_fp64; use f32");
    if (device.cpu() && n < lanes(dtype))
      return narrowMatmul(dtype, batch, m, n, depth, aB, aM, aK, bB, bK, bN, device);
    if (device.cpu() && packs(m, n, depth)) return packedMatmul(dtype, batch, m, n, depth, aB, aM, aK, bB, bK, bN, device);
    if (device.cpu()) return blockedMatmul(dtype, batch, m, n, depth, aB, aM, aK, bB, bK, bN, device);
    String d = OpenClC.cType(dtype);
    StringBuilder s = OpenClC.prelude(device.fp64());
    s.append("#define TS ").append(TILE).append('\n');
    s.append("__kernel __attribute__((reqd_work_group_size(TS, TS, 1)))\n");
    s.append("void matmul(__global ").append(d).append("* out, __global const ").append(d).append("* a, __global const ")
        .append(d).append("* b) {\n");
    s.append("  int tj = get_local_id(0), ti = get_local_id(1);\n");
    s.append("  long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);\n");
    s.append("  __local ").append(d).append(" as[TS][TS], bs[TS][TS];\n");
    s.append("  ").append(d).append(" acc = 0;\n");
    s.append("  for (int k0 = 0; k0 < ").append(depth).append("; k0 += TS) {\n");
    s.append("    as[ti][tj] = (i < ").append(m).append(" && k0 + tj < ").append(depth).append(") ? a[bt * ").append(aB)
        .append("L + i * ").append(aM).append("L + (k0 + tj) * ").append(aK).append("L] : 0;\n");
    s.append("    bs[ti][tj] = (j < ").append(n).append(" && k0 + ti < ").append(depth).append(") ? b[bt * ").append(bB)
        .append("L + (k0 + ti) * ").append(bK).append("L + j * ").append(bN).append("L] : 0;\n");
    s.append("    barrier(CLK_LOCAL_MEM_FENCE);\n");
    s.append("    for (int kk = 0; kk < TS; kk++) acc += as[ti][kk] * bs[kk][tj];\n");
    s.append("    barrier(CLK_LOCAL_MEM_FENCE);\n  }\n");
    s.append("  if (i < ").append(m).append(" && j < ").append(n).append(") out[(bt * ").append(m).append("L + i) * ")
        .append(n).append("L + j] = acc;\n}\n");
    return new OpenClC.Generated(s.toString(), "matmul",
        new long[] {roundUp(n), roundUp(m), Math.max(1, batch)}, new long[] {TILE, TILE, 1});
  }

  /** Rows of a register block of {@link #blockedMatmul}. */
  static final int BLOCK_ROWS = 8;

  /**
   * The same product for CPU devices (PoCL's): each work-item keeps a {@value #BLOCK_ROWS}-row block of one vector's
   * width ({@code float16}, {@code double8}) in registers and walks all of {@code k}, broadcasting one element of
   * {@code a} per row against a row vector of {@code b} with {@code fma}, as a CPU GEMM's micro-kernel does; the
   * caches do what {@code __local} tiles do on a GPU, and no barrier splits the loop (on PoCL the tiled kernel runs
   * its work-items in lock-step loops around each barrier and was 50-100x slower at n = 256; 8 rows measured faster
   * than 4 or 16, see docs/architecture.md); products too small to pack ({@link #packs}). Blocks at the edges
   * (and transposed {@code b}, whose rows are gathered) take a scalar loop; each element is still one {@code fma}
   * chain in order of {@code k}.
   */
  static OpenClC.Generated blockedMatmul(DType dtype, int batch, int m, int n, int depth,
                                 long aB, long aM, long aK, long bB, long bK, long bN, ClDevice device) {
    Head h = Head.of(dtype, device, "b");
    String d = h.d(), v = h.v();
    int vn = h.vn();
    StringBuilder s = h.s();
    s.append("  long jb = get_global_id(0) * ").append(vn).append("L, ib = get_global_id(1) * ").append(BLOCK_ROWS)
        .append("L, bt = get_global_id(2);\n");
    s.append("  if (ib >= ").append(m).append(" || jb >= ").append(n).append(") return;\n");
    s.append("  const __global ").append(d).append("* ap = a + bt * ").append(aB).append("L + ib * ").append(aM).append("L;\n");
    s.append("  const __global ").append(d).append("* bp = b + bt * ").append(bB).append("L + jb * ").append(bN).append("L;\n");
    s.append("  __global ").append(d).append("* op = out + (bt * ").append(m).append("L + ib) * ").append(n).append("L + jb;\n");
    s.append("  if (ib + ").append(BLOCK_ROWS).append(" <= ").append(m).append(" && jb + ").append(vn).append(" <= ").append(n)
        .append(") {\n");
    for (int r = 0; r < BLOCK_ROWS; r++) s.append("    ").append(v).append(" c").append(r).append(" = 0;\n");
    s.append("    for (long k = 0; k < ").append(depth).append("; k++) {\n");
    if (bN == 1) {
      s.append("      ").append(v).append(" bv = vload").append(vn).append("(0, bp + k * ").append(bK).append("L);\n");
    } else {
      s.append("      ").append(v).append(" bv = (").append(v).append(")(");
      for (int j = 0; j < vn; j++) s.append(j == 0 ? "" : ", ").append("bp[k * ").append(bK).append("L + ").append(j * bN).append("L]");
      s.append(");\n");
    }
    for (int r = 0; r < BLOCK_ROWS; r++)
      s.append("      c").append(r).append(" = fma((").append(v).append(")ap[").append(r * aM).append("L + k * ").append(aK)
          .append("L], bv, c").append(r).append(");\n");
    s.append("    }\n");
    for (int r = 0; r < BLOCK_ROWS; r++)
      s.append("    vstore").append(vn).append("(c").append(r).append(", 0, op + ").append((long) r * n).append("L);\n");
    s.append("  } else {\n");
    s.append("    long rm = min((long) ").append(BLOCK_ROWS).append(", ").append(m).append("L - ib), cn = min((long) ").append(vn)
        .append(", ").append(n).append("L - jb);\n");
    s.append("    for (long r = 0; r < rm; r++)\n      for (long j = 0; j < cn; j++) {\n");
    s.append("        ").append(d).append(" acc = 0;\n");
    s.append("        for (long k = 0; k < ").append(depth).append("; k++) acc = fma(ap[r * ").append(aM).append("L + k * ")
        .append(aK).append("L], bp[k * ").append(bK).append("L + j * ").append(bN).append("L], acc);\n");
    s.append("        op[r * ").append(n).append("L + j] = acc;\n      }\n  }\n}\n");
    long gx = Math.max(1, (n + vn - 1) / vn), gy = Math.max(1, (m + BLOCK_ROWS - 1) / BLOCK_ROWS);
    long lx = Math.min(4, gx), ly = Math.min(4, gy);
    return new OpenClC.Generated(s.toString(), "matmul",
        new long[] {(gx + lx - 1) / lx * lx, (gy + ly - 1) / ly * ly, Math.max(1, batch)}, new long[] {lx, ly, 1});
  }

  /**
   * The product on a CPU device when {@code n} is narrower than a vector ({@code float16}, {@code double8}), such as
   * a classifier's 10 logits: rows are the vector lanes instead of columns, so no lane is wasted. Each work-item keeps
   * {@code n} vectors of one row block in registers and walks {@code k}, loading the block's elements of {@code a}'s
   * column {@code k} (one vector load when rows are contiguous, else one load per lane) and broadcasting each
   * {@code b[k, j]}; each element is one {@code fma} chain in order of {@code k}, as in {@link #blockedMatmul}, whose
   * scalar edge path these products took before (256×1024 by 1024×10 on PoCL: 1.3 ms, now well under 0.1 ms).
   */
  static OpenClC.Generated narrowMatmul(DType dtype, int batch, int m, int n, int depth,
                                        long aB, long aM, long aK, long bB, long bK, long bN, ClDevice device) {
    Head h = Head.of(dtype, device, "b");
    String d = h.d(), v = h.v();
    int vn = h.vn();
    StringBuilder s = h.s();
    s.append("  long ib = get_global_id(0) * ").append(vn).append("L, bt = get_global_id(1);\n");
    s.append("  if (ib >= ").append(m).append(") return;\n");
    s.append("  const __global ").append(d).append("* ap = a + bt * ").append(aB).append("L;\n");
    s.append("  const __global ").append(d).append("* bp = b + bt * ").append(bB).append("L;\n");
    for (int j = 0; j < n; j++) s.append("  ").append(v).append(" c").append(j).append(" = 0;\n");
    for (boolean full : new boolean[] {true, false}) {
      s.append(full ? "  if (ib + " + vn + " <= " + m + ") {\n" : "  } else {   // rows past m read row m - 1 and are not stored\n");
      s.append("    for (long k = 0; k < ").append(depth).append("; k++) {\n");
      if (full && aM == 1) {
        s.append("      ").append(v).append(" av = vload").append(vn).append("(0, ap + ib + k * ").append(aK).append("L);\n");
      } else {
        s.append("      ").append(v).append(" av = (").append(v).append(")(");
        for (int l = 0; l < vn; l++) {
          String row = full ? "ib + " + l : "min(ib + " + l + ", " + (m - 1) + "L)";
          s.append(l == 0 ? "" : ", ").append("ap[(").append(row).append(") * ").append(aM).append("L + k * ").append(aK).append("L]");
        }
        s.append(");\n");
      }
      for (int j = 0; j < n; j++)
        s.append("      c").append(j).append(" = fma(av, (").append(v).append(")bp[k * ").append(bK).append("L + ")
            .append(j * bN).append("L], c").append(j).append(");\n");
      s.append("    }\n");
    }
    s.append("  }\n");
    s.append("  ").append(d).append(" col[").append(vn).append("];\n");
    s.append("  long rm = min((long) ").append(vn).append(", ").append(m).append("L - ib);\n");
    s.append("  __global ").append(d).append("* op = out + (bt * ").append(m).append("L + ib) * ").append(n).append("L;\n");
    for (int j = 0; j < n; j++)
      s.append("  vstore").append(vn).append("(c").append(j).append(", 0, col); for (long l = 0; l < rm; l++) op[l * ")
          .append(n).append("L + ").append(j).append("] = col[l];\n");
    s.append("}\n");
    long gx = Math.max(1, (m + vn - 1) / vn);
    return new OpenClC.Generated(s.toString(), "matmul", new long[] {gx, Math.max(1, batch)}, new long[] {1, 1});
  }

  /**
   * Whether a CPU device's product packs its second operand ({@link #packedMatmul}): at least two row blocks and
   * one panel, and a second operand of at least 64K elements, whose strided column reads the packing pays for.
   */
  static boolean packs(int m, int n, int depth) {
    return m >= 2 * BLOCK_ROWS && n >= 16 && (long) depth * n >= 1 << 16;
  }

  /**
   * {@link #blockedMatmul} for larger products: a first kernel ({@link OpenClC.Pack}) copies {@code b} into panels
   * of {@code 2 × vector width} columns, each {@code [depth][panel]} contiguous and zero-padded past {@code n}, so the
   * main kernel streams one panel from the start (the caches' prefetchers follow it) instead of reading one strided
   * row segment per {@code k}, and a transposed {@code b} is gathered once, not once per row block. Each work-item
   * holds a {@value #BLOCK_ROWS} × panel block in registers; a work-group is one panel's column of up to 16 row blocks,
   * which PoCL runs one after another on one core, so the panel is read from cache after the first block. Each
   * element is still one {@code fma} chain in order of {@code k}, so the result equals the unpacked kernels' bits.
   * On PoCL (2 cores, AVX-512) a 256×1024 by 1024×1024 product took 2.4-2.9 ms packed (plus 0.3-0.7 ms of packing)
   * against 4.0-5.5 ms unpacked.
   */
  static OpenClC.Generated packedMatmul(DType dtype, int batch, int m, int n, int depth,
                                        long aB, long aM, long aK, long bB, long bK, long bN, ClDevice device) {
    Head h = Head.of(dtype, device, null);   // the pack kernel comes first
    String d = h.d(), v = h.v();
    int vn = h.vn(), cw = 2 * vn;
    long panels = (n + cw - 1) / cw, panel = (long) depth * cw;
    StringBuilder s = h.s();
    // pack: bp[((bt * panels + p) * depth + k) * cw + c] = b[bt, k, p * cw + c], zero past n; a row-major b is copied
    // one k-row segment per work-item (vector loads), any other layout 16 k-rows per work-item
    boolean rows = bN == 1;
    s.append("__kernel void pack(__global ").append(d).append("* bp, __global const ").append(d).append("* b) {\n");
    s.append("  long ").append(rows ? "k" : "kb").append(" = get_global_id(0), p = get_global_id(1), bt = get_global_id(2);\n");
    s.append("  __global ").append(d).append("* to = bp + (bt * ").append(panels).append("L + p) * ").append(panel).append("L;\n");
    s.append("  const __global ").append(d).append("* from = b + bt * ").append(bB).append("L;\n");
    if (rows) {
      s.append("  if (k >= ").append(depth).append(") return;\n");
      s.append("  to += k * ").append(cw).append(";\n  from += k * ").append(bK).append("L + p * ").append(cw).append(";\n");
      s.append("  if ((p + 1) * ").append(cw).append(" <= ").append(n).append(") {\n");
      s.append("    vstore").append(vn).append("(vload").append(vn).append("(0, from), 0, to); vstore").append(vn).append("(vload")
          .append(vn).append("(0, from + ").append(vn).append("), 0, to + ").append(vn).append(");\n  } else {\n");
      s.append("    for (int c = 0; c < ").append(cw).append("; c++) to[c] = p * ").append(cw).append(" + c < ").append(n)
          .append(" ? from[c] : 0;\n  }\n}\n");
    } else {
      // 16 k per work-item: for each k the panel's cw columns are read from cw lines that stay cached for the next k
      s.append("  long k0 = kb * 16, k1 = min(k0 + 16, (long) ").append(depth).append(");\n");
      s.append("  for (long k = k0; k < k1; k++)\n    for (int c = 0; c < ").append(cw).append("; c++) {\n");
      s.append("      long j = p * ").append(cw).append(" + c;\n");
      s.append("      to[k * ").append(cw).append(" + c] = j < ").append(n).append(" ? from[j * ").append(bN).append("L + k * ")
          .append(bK).append("L] : 0;\n    }\n}\n");
    }
    signature(s, d, "bp");
    s.append("  long p = get_global_id(0), jb = p * ").append(cw).append("L, ib = get_global_id(1) * ").append(BLOCK_ROWS)
        .append("L, bt = get_global_id(2);\n");
    s.append("  if (ib >= ").append(m).append(" || jb >= ").append(n).append(") return;\n");
    s.append("  const __global ").append(d).append("* pp = bp + (bt * ").append(panels).append("L + p) * ").append(panel).append("L;\n");
    for (int r = 0; r < BLOCK_ROWS; r++)   // rows past m read row m - 1 and are not stored
      s.append("  const __global ").append(d).append("* a").append(r).append(" = a + bt * ").append(aB).append("L + min(ib + ")
          .append(r).append(", ").append(m - 1).append("L) * ").append(aM).append("L;\n");
    for (int r = 0; r < BLOCK_ROWS; r++) s.append("  ").append(v).append(" c").append(r).append("_0 = 0, c").append(r).append("_1 = 0;\n");
    s.append("  for (long k = 0; k < ").append(depth).append("; k++) {\n");
    s.append("    ").append(v).append(" b0 = vload").append(vn).append("(0, pp + k * ").append(cw).append("), b1 = vload")
        .append(vn).append("(0, pp + k * ").append(cw).append(" + ").append(vn).append(");\n");
    for (int r = 0; r < BLOCK_ROWS; r++) {
      s.append("    { ").append(v).append(" av = (").append(v).append(")a").append(r).append("[k * ").append(aK).append("L];\n");
      s.append("      c").append(r).append("_0 = fma(av, b0, c").append(r).append("_0); c").append(r).append("_1 = fma(av, b1, c")
          .append(r).append("_1); }\n");
    }
    s.append("  }\n");
    s.append("  __global ").append(d).append("* op = out + (bt * ").append(m).append("L + ib) * ").append(n).append("L + jb;\n");
    s.append("  if (ib + ").append(BLOCK_ROWS).append(" <= ").append(m).append(" && jb + ").append(cw).append(" <= ").append(n)
        .append(") {\n");
    for (int r = 0; r < BLOCK_ROWS; r++)
      s.append("    vstore").append(vn).append("(c").append(r).append("_0, 0, op + ").append((long) r * n).append("L); vstore")
          .append(vn).append("(c").append(r).append("_1, 0, op + ").append((long) r * n + vn).append("L);\n");
    s.append("  } else {\n");
    s.append("    long rm = min((long) ").append(BLOCK_ROWS).append(", ").append(m).append("L - ib), cn = min((long) ").append(cw)
        .append(", ").append(n).append("L - jb);\n");
    s.append("    ").append(d).append(" row[").append(cw).append("];\n");
    for (int r = 0; r < BLOCK_ROWS; r++) {
      s.append("    if (").append(r).append(" < rm) { vstore").append(vn).append("(c").append(r).append("_0, 0, row); vstore").append(vn)
          .append("(c").append(r).append("_1, 0, row + ").append(vn).append("); for (long j = 0; j < cn; j++) op[")
          .append((long) r * n).append("L + j] = row[j]; }\n");
    }
    s.append("  }\n}\n");
    long gy = (m + BLOCK_ROWS - 1) / BLOCK_ROWS, ly = Math.min(16, gy);
    return new OpenClC.Generated(s.toString(), "matmul",
        new long[] {panels, (gy + ly - 1) / ly * ly, Math.max(1, batch)}, new long[] {1, ly, 1}, null,
        new OpenClC.Pack("pack", Math.max(1, batch) * panels * panel, new long[] {rows ? depth : (depth + 15) / 16, panels, Math.max(1, batch)}));
  }

  /** Lanes of a CPU kernel's vectors: {@code float16}, {@code double8} (one AVX-512 register). */
  private static int lanes(DType dtype) { return dtype == DType.F64 ? 8 : 16; }

  /**
   * The start of a CPU kernel's source: element type {@code d}, {@code vn} lanes of vector type {@code v}, and the
   * source {@code s} so far (the prelude, then the {@code matmul} signature when its second operand is named).
   */
  private record Head(String d, int vn, String v, StringBuilder s) {
    static Head of(DType dtype, ClDevice device, String b) {
      String d = OpenClC.cType(dtype);
      StringBuilder s = OpenClC.prelude(device.fp64());
      if (b != null) signature(s, d, b);
      return new Head(d, lanes(dtype), d + lanes(dtype), s);
    }
  }

  /** {@code __kernel void matmul(out, a, <b>)} over {@code d} elements, the second operand named {@code b}. */
  private static void signature(StringBuilder s, String d, String b) {
    s.append("__kernel void matmul(__global ").append(d).append("* out, __global const ").append(d)
        .append("* a, __global const ").append(d).append("* ").append(b).append(") {\n");
  }

  private static long roundUp(int x) { return Math.max(1, (x + TILE - 1) / TILE) * (long) TILE; }

}
