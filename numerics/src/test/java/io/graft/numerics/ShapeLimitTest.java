package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The per-array size limit: shapes beyond {@link Shape#MAX_SIZE} elements are a {@link ShapeError}, never a wrap or an OOM. */
class ShapeLimitTest {
  @Test void theJvmArrayLimitIsTheShapeLimit() {
    assertEquals(Integer.MAX_VALUE - 8, Shape.MAX_SIZE);
    assertEquals(Shape.MAX_SIZE, Shape.of(Shape.MAX_SIZE).size());            // a type only: nothing is allocated
    var e = assertThrows(ShapeError.class, () -> Shape.of(Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("2147483647 elements") && e.getMessage().contains("limit of 2147483639"), e.getMessage());
    assertThrows(ShapeError.class, () -> Shape.of(65536, 32768));               // 2^31 elements
    assertThrows(ShapeError.class, () -> Shape.of(0, 65536, 65536));            // strides would not fit an int (NumPy's rule)
    assertEquals(0, Shape.of(0, 46340, 46340).size());
  }

  @Test void checkedNamesTheOpAndTheOperands() {
    var e = assertThrows(ShapeError.class, () -> Shape.checked("concatenate", () -> "f32[0,1500000000] x3", 0L, 4_500_000_000L));
    assertTrue(e.getMessage().startsWith("concatenate: the shape [0,4500000000]"), e.getMessage());
    assertTrue(e.getMessage().contains("got f32[0,1500000000] x3"), e.getMessage());
    var n = assertThrows(ShapeError.class, () -> Shape.checked("pad", () -> "x", 3L, -1L));
    assertTrue(n.getMessage().startsWith("pad: the shape [3,-1] has a negative size -1 on axis 1; got x"), n.getMessage());
    assertEquals(Shape.of(3, 4), Shape.checked("op", () -> "", 3L, 4L));
    assertEquals(Shape.scalar(), Shape.checked("op", () -> "", new long[0]));
  }

  @Test void allocatingBeyondTheLimitIsAShapeErrorNotAnOutOfMemoryError() {
    for (DType d : DType.values()) {
      var e = assertThrows(ShapeError.class, () -> NdArray.newStore(d, Integer.MAX_VALUE));
      assertTrue(e.getMessage().contains(d + " store of 2147483647 elements"), e.getMessage());
    }
    assertThrows(ShapeError.class, () -> NdArray.newStore(DType.F32, -1));
  }

  /** Exact arithmetic: the checked size is the BigInteger product when the shape is valid, else a ShapeError. */
  @Property(tries = 500) void checkedSizeIsTheExactProductOrAShapeError(@ForAll("dims") long[] dims) {
    BigInteger product = BigInteger.ONE, nonzero = BigInteger.ONE;
    boolean negative = false;
    for (long d : dims) {
      negative |= d < 0;
      product = product.multiply(BigInteger.valueOf(d));
      if (d != 0) nonzero = nonzero.multiply(BigInteger.valueOf(d));
    }
    boolean valid = !negative && nonzero.compareTo(BigInteger.valueOf(Shape.MAX_SIZE)) <= 0;
    if (valid) assertEquals(product.longValueExact(), Shape.checkedSize("op", dims));
    else {
      var e = assertThrows(ShapeError.class, () -> Shape.checkedSize("op", dims));
      assertTrue(e.getMessage().startsWith("op: "), e.getMessage());
    }
  }

  @Provide Arbitrary<long[]> dims() {
    Arbitrary<Long> extent = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 8),
        Arbitraries.longs().between(0, 70_000),
        Arbitraries.of(0L, 1L, 46_340L, 46_341L, 65_536L, (long) Shape.MAX_SIZE, Shape.MAX_SIZE + 1L, (long) Integer.MAX_VALUE,
            1L << 32, Long.MAX_VALUE, -1L, Long.MIN_VALUE),
        Arbitraries.longs());
    return extent.array(long[].class).ofMinSize(0).ofMaxSize(5);
  }
}
