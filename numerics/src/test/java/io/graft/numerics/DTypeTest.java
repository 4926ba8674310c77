package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DTypeTest {
  @Test void promotionFollowsJaxLattice() {
    assertEquals(DType.F32, DType.promote(DType.I32, DType.F32));
    assertEquals(DType.F32, DType.promote(DType.I64, DType.F32));
    assertEquals(DType.F64, DType.promote(DType.F32, DType.F64));
    assertEquals(DType.I64, DType.promote(DType.I32, DType.I64));
    assertEquals(DType.I32, DType.promote(DType.BOOL, DType.I32));
    assertEquals(DType.BOOL, DType.promote(DType.BOOL, DType.BOOL));
  }

  @Property(tries = 50) void promotionIsCommutativeAndIdempotent(@ForAll DType a, @ForAll DType b) {
    assertEquals(DType.promote(a, b), DType.promote(b, a));
    assertEquals(a, DType.promote(a, a));
  }

  @Property(tries = 50) void promotionIsAssociative(@ForAll DType a, @ForAll DType b, @ForAll DType c) {
    assertEquals(DType.promote(DType.promote(a, b), c), DType.promote(a, DType.promote(b, c)));
  }

  @Test void shortNames() {
    for (DType d : DType.values()) assertEquals(d, DType.fromShortName(d.shortName()));
    var e = assertThrows(DTypeError.class, () -> DType.fromShortName("f8"));
    assertEquals("unknown dtype 'f8'; expected one of bool, i8, u8, i32, i64, u32, bf16, f16, f32, f64", e.getMessage());
  }
}
