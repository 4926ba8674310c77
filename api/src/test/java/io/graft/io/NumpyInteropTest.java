package io.graft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.Array;
import io.graft.numerics.DType;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumPy reads what Graft writes and Graft reads what NumPy writes; skipped, with the reason, without python3+numpy. */
class NumpyInteropTest {
  @TempDir Path dir;

  @Test void numpyReadsOurCheckpoint() throws IOException {
    Python.assumeNumpy();
    Path f = dir.resolve("ckpt.npz");
    Checkpoints.save(f, CheckpointsTest.state(3, 42));
    String out = Python.check("""
        import sys, numpy as np
        z = np.load(sys.argv[1])
        for k in z.files:
            a = z[k]
            print(k, a.dtype.str, list(a.shape), repr(a.ravel().tolist()))
        """, f.toString());
    assertEquals(String.join("\n",
        "params.layer1.w <f4 [2, 3] [3.0, -2.0, 3.5, 4.0, 5.0, 6.0]",
        "params.layer1.b <f8 [3] [0.25, -1e+300, 7.0]",
        "params.layer2.w <i4 [3, 1] [1, -2, 2147483647]",
        "params.layer2.b <i8 [1] [-9223372036854775808]",
        "opt.0 <f4 [] [2.5]",
        "opt.1 <f4 [2] [9.0, 8.0]",
        "extras.empty <f4 [0, 3] []",
        "extras.mask |b1 [2, 2] [True, False, True, True]",
        "step <i4 [] [42]"), out.strip());
  }

  @ParameterizedTest @ValueSource(strings = {"savez", "savez_compressed"})
  void weReadWhatNumpyWrites(String how) throws IOException {
    Python.assumeNumpy();
    Path f = dir.resolve(how + ".npz");
    Python.check("""
        import sys, numpy as np
        np.%s(sys.argv[1],
            f4=np.array([[1.5, -2], [3, 4e-38]], np.float32), f8=np.array([np.pi, -0.0, 1e300]),
            i4=np.arange(-3, 3, dtype=np.int32).reshape(2, 3), i8=np.array([2**40, -7], np.int64),
            b=np.array([True, False, True]), s=np.float32(7.25), fortran=np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)),
            u1=np.array([0, 255, 7], np.uint8), i1=np.array([-128, 127, -1], np.int8), big=np.array([1, 2], '>i4'))
        """.formatted(how), f.toString());
    LinkedHashMap<String, Array> a = Npz.read(f);
    assertEquals(Vector.of("f4", "f8", "i4", "i8", "b", "s", "fortran", "u1", "i1", "big"), a.keySet().toVector());
    check(a.get("f4").get(), DType.F32, new int[] {2, 2}, 1.5, -2, 3, 4e-38f);
    check(a.get("f8").get(), DType.F64, new int[] {3}, Math.PI, -0.0, 1e300);
    check(a.get("i4").get(), DType.I32, new int[] {2, 3}, -3, -2, -1, 0, 1, 2);
    check(a.get("i8").get(), DType.I64, new int[] {2}, 1L << 40, -7);
    check(a.get("b").get(), DType.BOOL, new int[] {3}, 1, 0, 1);
    check(a.get("s").get(), DType.F32, new int[] {}, 7.25);
    check(a.get("fortran").get(), DType.F64, new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    check(a.get("u1").get(), DType.U8, new int[] {3}, 0, 255, 7);
    check(a.get("i1").get(), DType.I8, new int[] {3}, -128, 127, -1);
    check(a.get("big").get(), DType.I32, new int[] {2}, 1, 2);
  }

  @Test void aNumpyCheckpointLoadsIntoATarget() throws IOException {
    Python.assumeNumpy();
    Path f = dir.resolve("np.npz");
    Python.check("""
        import sys, numpy as np
        np.savez_compressed(sys.argv[1], **{'layer1.w': np.ones((2, 3), np.float32), 'layer1.b': np.zeros(3, np.float32), 'step': np.int32(5)})
        """, f.toString());
    record Layer(Array w, Array b) {}
    record Model(Layer layer1, Array step) {}
    Model m = Checkpoints.load(f, new Model(new Layer(Array.of(new float[6], 2, 3), Array.of(new float[3])), Array.scalar(0)));
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, m.layer1().w().toFloatArray());
    assertEquals(5, m.step().item().intValue());
  }

  private static void check(Array a, DType dtype, int[] shape, double... values) {
    assertEquals(dtype, a.dtype());
    assertArrayEquals(shape, a.shape());
    assertArrayEquals(values, a.toDoubleArray());
  }

  /** i8 and u8 are NumPy's int8 ({@code |i1}) and uint8 ({@code |u1}): written, read back and read by NumPy byte for byte. */
  @Test void eightBitIntegersRoundTripThroughNumpy() throws IOException {
    Array i = Array.of(new int[] {-128, 127, -1, 0, 5, 300}, 2, 3).astype(DType.I8);     // 300 wraps to 44
    Array u = Array.ofBytes(DType.U8, new byte[] {0, (byte) 255, (byte) 128, 7});
    Path f = dir.resolve("bytes.npz");
    Npz.write(f, LinkedHashMap.of("i", i, "u", u));
    LinkedHashMap<String, Array> back = Npz.read(f);
    check(back.get("i").get(), DType.I8, new int[] {2, 3}, -128, 127, -1, 0, 5, 44);
    check(back.get("u").get(), DType.U8, new int[] {4}, 0, 255, 128, 7);
    Python.assumeNumpy();
    String out = Python.check("""
        import sys, numpy as np
        z = np.load(sys.argv[1])
        print(z['i'].dtype.str, z['i'].tolist(), z['u'].dtype.str, z['u'].tolist())
        """, f.toString());
    assertEquals("|i1 [[-128, 127, -1], [0, 5, 44]] |u1 [0, 255, 128, 7]", out.strip());
  }

  /** f16 is NumPy's float16; bf16 is written as raw bits under {@code <V2}, what np.save writes for ml_dtypes.bfloat16. */
  @Test void halfPrecisionRoundTripsThroughNumpy() throws IOException {
    Array h = Array.of(new float[] {1, -2.5f, 65504, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY}, 2, 3).astype(DType.F16);
    Array b = Array.of(new float[] {1, -2.5f, 3.4e38f, 0.1f}).astype(DType.BF16);
    Path f = dir.resolve("half.npz");
    Npz.write(f, LinkedHashMap.of("h", h, "b", b));
    LinkedHashMap<String, Array> back = Npz.read(f);
    assertEquals(DType.F16, back.get("h").get().dtype());
    assertArrayEquals(h.toHalfBits(), back.get("h").get().toHalfBits());
    assertEquals(DType.BF16, back.get("b").get().dtype());
    assertArrayEquals(b.toHalfBits(), back.get("b").get().toHalfBits());
    assertEquals(java.util.List.of(2, 3), java.util.Arrays.stream(back.get("h").get().shape()).boxed().toList());

    Python.assumeNumpy();
    String out = Python.check("""
        import sys, numpy as np
        z = np.load(sys.argv[1])
        h, b = z['h'], z['b']
        print(h.dtype.str, list(h.shape), repr(h.ravel().tolist()))
        print(b.dtype.str, [int(v) for v in b.view('<u2')])
        np.savez(sys.argv[2], h=np.array([0.5, -1e-7], np.float16), b=np.array([0x3f80, 0xc020], '<u2').view('V2'))
        """, f.toString(), dir.resolve("np-half.npz").toString());
    assertEquals(String.join("\n",
        "<f2 [2, 3] [1.0, -2.5, 65504.0, 0.0999755859375, nan, -inf]",
        "|V2 [16256, 49184, 32640, 15821]"), out.strip());   // 3.4e38 is past the midpoint above bf16's largest finite: inf
    LinkedHashMap<String, Array> np = Npz.read(dir.resolve("np-half.npz"));
    assertArrayEquals(Array.of(new float[] {0.5f, -1e-7f}).astype(DType.F16).toHalfBits(), np.get("h").get().toHalfBits());
    assertArrayEquals(new float[] {1, -2.5f}, np.get("b").get().toFloatArray());
  }
}
