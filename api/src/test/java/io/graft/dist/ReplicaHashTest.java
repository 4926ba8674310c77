package io.graft.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.graft.Array;
import io.graft.Np;
import io.graft.numerics.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Distributed#hash} (no MPI needed): every dtype hashes, equal trees alike, one flipped element apart. */
class ReplicaHashTest {
  @Test void everyDtypeHashesByItsBitsAndShape() {
    for (DType d : DType.values()) {
      Array a = Np.arange(6).astype(d).reshape(2, 3), same = Np.arange(6).astype(d).reshape(2, 3);
      assertEquals(Distributed.hash(List.of(a)), Distributed.hash(List.of(same)), d.toString());
      assertNotEquals(Distributed.hash(List.of(a)), Distributed.hash(List.of(a.reshape(3, 2))), d + ": the shape counts");
      if (d != DType.BOOL)
        assertNotEquals(Distributed.hash(List.of(a)), Distributed.hash(List.of(Np.arange(6).add(1).astype(d).reshape(2, 3))), d.toString());
    }
  }

  @Test void int8ModelsHash() {
    Array q = Array.ofBytes(DType.I8, new byte[] {-128, -1, 0, 1, 127}), u = Array.ofBytes(DType.U8, new byte[] {(byte) 255, 0, 1});
    assertEquals(64, Distributed.hash(List.of(q, u)).length());
    assertNotEquals(Distributed.hash(List.of(q)), Distributed.hash(List.of(Array.ofBytes(DType.I8, new byte[] {-128, -1, 0, 1, 126}))));
  }
}
