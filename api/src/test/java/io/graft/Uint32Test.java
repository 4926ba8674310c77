package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.trace.Graph;
import org.junit.jupiter.api.Test;

/** u32 at the user surface: JAX's promotion table with weak literals, printing, shifts and bit casts, jit ≡ eager. */
class Uint32Test {
  private static final Array U = Array.ofUint32(new int[] {7, -1, 0x8000_0000}, 3);

  /** jnp.promote_types and weak Python scalars, as JAX: u32 with i32 or i64 gives i64, with floats the float. */
  @Test void promotionTable() {
    Array i32 = Array.of(new int[] {1, 2, 3}), i64 = Array.of(new long[] {1, 2, 3});
    Array f32 = Array.of(new float[] {1, 2, 3}), f64 = Array.of(new double[] {1, 2, 3});
    Array b = Array.of(new boolean[] {true, false, true});
    assertEquals(DType.I64, U.add(i32).dtype());
    assertEquals(DType.I64, i64.add(U).dtype());
    assertEquals(DType.F32, U.add(f32).dtype());
    assertEquals(DType.F64, U.add(f64).dtype());
    assertEquals(DType.U32, U.add(b).dtype());
    assertEquals(DType.U32, U.add(2L).dtype());                   // a weak int literal takes u32
    assertEquals(DType.F32, U.mul(0.5).dtype());                  // a weak float meeting u32: the default float
    assertArrayEquals(new long[] {9, 1, 0x8000_0002L}, U.add(2L).toLongArray());   // wraps mod 2^32
    assertArrayEquals(new long[] {8, 4294967296L, 2147483649L}, U.add(i32.sub(i32).add(1L)).toLongArray());
    DTypeError e = assertThrows(DTypeError.class, () -> U.add(-1L));
    assertTrue(e.getMessage().contains("u32") && e.getMessage().contains("4294967295"), e.getMessage());
  }

  @Test void printsAsU32() {
    Graph g = Graft.makeGraph((Array x) -> Lax.shiftRightLogical(x, Array.ofUint32(new int[] {9}))).apply(U);
    assertEquals("{ lambda ; a:u32[3]. let b:u32[3] = shift_right_logical a 9:u32[] in (b) }", g.toString());
    assertEquals(4294967295L, U.get(1).item());
    assertTrue(U.toString().contains("4294967295"), U.toString());
  }

  @Test void shiftsComparisonsAndBitcasts() {
    assertArrayEquals(new long[] {14, 0xFFFFFFFEL, 0}, Np.leftShift(U, Array.ofUint32(new int[] {1})).toLongArray());
    assertArrayEquals(new long[] {3, 0x7FFFFFFFL, 0x40000000L}, Np.rightShift(U, Array.ofUint32(new int[] {1})).toLongArray());
    assertArrayEquals(new int[] {-4, 3}, Np.rightShift(Array.of(new int[] {-7, 7}), Array.scalar(1)).toIntArray());   // arithmetic
    assertArrayEquals(new long[] {0, 0, 0}, Lax.shiftLeft(U, Array.ofUint32(new int[] {32})).toLongArray());       // XLA: >= width gives 0
    assertArrayEquals(new boolean[] {false, true, true}, U.gt(Array.ofUint32(new int[] {7})).toBooleanArray());
    assertArrayEquals(new float[] {1.5f}, Lax.bitcastConvertType(Array.ofUint32(new int[] {0x3fc0_0000}), DType.F32).toFloatArray());
    assertArrayEquals(new float[] {7f, 4294967296f, 2147483648f}, U.astype(DType.F32).toFloatArray());
    assertArrayEquals(new int[] {0, 2, 1}, Lax.argsort(U, 0).toIntArray());      // 7 < 2^31 < 2^32-1
  }

  @Test void jitEqualsEagerOnIntegerBitTwiddling() {
    ArrayFn f = x -> Lax.bitcastConvertType(Lax.or(Lax.shiftRightLogical(x.mul(2654435761L), Array.ofUint32(new int[] {9})),
        Array.ofUint32(new int[] {0x3f80_0000})), DType.F32).sub(1.0).mul(3.0).astype(DType.U32).astype(DType.F64);
    Array x = Array.ofUint32(new int[] {1, 2, 3, -5, 0x7654_3210}, 5);
    assertArrayEquals(f.apply(x).toDoubleArray(), Graft.jit(f).apply(x).toDoubleArray());
    assertArrayEquals(f.apply(x).toDoubleArray(), Graft.vmap(f).apply(x.reshape(5, 1)).reshape(5).toDoubleArray());
  }
}
