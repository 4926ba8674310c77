package io.graft.jit.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binding's discovery and errors, without starting MPI (the collectives run in api's {@code DistributedMpiTest}
 * under {@code mpirun}): a missing library or a library that is not Open MPI is a {@code Missing} answer naming it
 * and the install command, never a crash; error codes and unsupported dtypes are named.
 */
class MpiBindingTest {
  @Test
  void aMissingLibraryIsAnsweredWithWhatToInstall() {
    Mpi.Availability a = Mpi.probe(List.of("/nonexistent/libmpi.so.40"));
    Mpi.Availability.Missing m = assertInstanceOf(Mpi.Availability.Missing.class, a);
    assertTrue(m.reason().contains("/nonexistent/libmpi.so.40"), m.reason());
    assertTrue(m.reason().contains("apt-get install -y openmpi-bin libopenmpi-dev"), m.reason());
    MpiUnavailableError e = new MpiUnavailableError(m.reason());
    assertTrue(e.getMessage().startsWith("MPI is not available: "), e.getMessage());
  }

  @Test
  void aLibraryWithoutMpiIsMissingItsFirstSymbol() {
    Mpi.Availability.Missing m = assertInstanceOf(Mpi.Availability.Missing.class, Mpi.probe(List.of("libc.so.6")));
    assertTrue(m.reason().contains("libc.so.6 has no symbol MPI_Init_thread"), m.reason());
  }

  @Test
  void errorCodesAreNamed() {
    assertEquals("MPI_SUCCESS", MpiCode.name(0));
    assertEquals("MPI_ERR_TYPE", MpiCode.name(3));
    assertEquals("MPI_ERR_PENDING", MpiCode.name(19));
    assertEquals("MPI error code 54", MpiCode.name(54));
    MpiError e = new MpiError("MPI_Allreduce", 2, "invalid count argument");
    assertEquals("MPI_Allreduce failed with MPI_ERR_COUNT: invalid count argument", e.getMessage());
    assertEquals("MPI_ERR_COUNT", e.codeName());
  }

  @Test
  void dtypesWithoutAnMpiDatatypeAreRefusedByName() {
    assertEquals("MPI_FLOAT", Mpi.Lib.typeSymbol("MPI_Allreduce", DType.F32));
    assertEquals("MPI_DOUBLE", Mpi.Lib.typeSymbol("MPI_Allreduce", DType.F64));
    assertEquals("MPI_INT", Mpi.Lib.typeSymbol("MPI_Allreduce", DType.I32));
    DTypeError e = assertThrows(DTypeError.class, () -> Mpi.Lib.typeSymbol("MPI_Allreduce", DType.BF16));
    assertTrue(e.getMessage().contains("MPI_Allreduce: dtype bf16") && e.getMessage().contains("astype"), e.getMessage());
  }
}
