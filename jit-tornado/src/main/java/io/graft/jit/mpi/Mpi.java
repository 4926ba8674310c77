package io.graft.jit.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code MPI_COMM_WORLD} of Open MPI through the FFM API. {@link #availability()} answers once per JVM whether
 * {@code libmpi.so.40} (or {@code -Dgraft.mpi.library=PATH}) and every function Graft calls can be bound
 * ({@link Availability.Found}) or what is missing ({@link Availability.Missing}) — never a crash. {@link #init()}
 * calls {@code MPI_Init_thread} (asking for {@code MPI_THREAD_MULTIPLE}) once per process and returns the one
 * instance; {@link #finish()} calls {@code MPI_Finalize} (also run at JVM exit if the program did not).
 *
 * <p>The collectives take native buffers ({@link MemorySegment}) of {@code count} elements of {@code f32}
 * ({@code MPI_FLOAT}), {@code f64} ({@code MPI_DOUBLE}) or {@code i32} ({@code MPI_INT}); every rank must call them
 * in the same order with the same counts, as MPI requires. Before {@code MPI_Init_thread} the binding sets
 * {@code UCX_ERROR_SIGNALS} to the empty string unless the environment sets it: UCX's signal handlers would
 * otherwise take the JVM's own {@code SIGSEGV} and crash it.
 * <pre>{@code
 * Mpi mpi = Mpi.init();                      // MpiUnavailableError without Open MPI
 * mpi.allReduce(buf, n, DType.F32, MpiOp.SUM);   // in place: buf = the sum of every rank's buf
 * }</pre>
 */
public final class Mpi {
  /** {@code MPI_THREAD_SINGLE} .. {@code MPI_THREAD_MULTIPLE}, as {@code MPI_Init_thread} reports them. */
  static final List<String> THREAD_LEVELS =
      List.of("MPI_THREAD_SINGLE", "MPI_THREAD_FUNNELED", "MPI_THREAD_SERIALIZED", "MPI_THREAD_MULTIPLE");
  private static final int THREAD_MULTIPLE = 3;
  private static final int MAX_ERROR_STRING = 256;
  /** Open MPI's {@code MPI_IN_PLACE}: {@code (void *) 1}. */
  private static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);
  static final String INSTALL = "apt-get install -y openmpi-bin libopenmpi-dev";

  /** Whether Open MPI can be used here. */
  public sealed interface Availability {
    /** The library that was bound, e.g. {@code libmpi.so.40}. */
    record Found(String library) implements Availability {}

    /** What is missing, e.g. {@code libmpi.so.40 cannot be loaded (...); install it: apt-get install -y ...}. */
    record Missing(String reason) implements Availability {}
  }

  private static volatile Availability availability;
  private static volatile Lib lib;
  private static Mpi instance;   // guarded by Mpi.class

  private final Lib l;
  private final int rank, size, threadLevel;
  private boolean finished;   // guarded by this

  private Mpi(Lib l, int rank, int size, int threadLevel) {
    this.l = l;
    this.rank = rank;
    this.size = size;
    this.threadLevel = threadLevel;
  }

  /** The library found or the reason there is none, probed once per JVM. */
  public static Availability availability() {
    Availability a = availability;
    if (a == null) {
      synchronized (Mpi.class) {
        if (availability == null) {
          String prop = System.getProperty("graft.mpi.library");
          availability = prop != null ? probe(List.of(prop))
              : probe(List.of("libmpi.so.40", "/usr/lib/x86_64-linux-gnu/libmpi.so.40", "/usr/lib/aarch64-linux-gnu/libmpi.so.40", "libmpi.so"));
        }
        a = availability;
      }
    }
    return a;
  }

  /** Binds the first of {@code libraries} that loads with every symbol; else why none did. */
  static Availability probe(List<String> libraries) {
    List<String> why = new ArrayList<>();
    for (String library : libraries) {
      try {
        lib = new Lib(library);
        return new Availability.Found(library);
      } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
        why.add(library + ": " + e.getMessage());
      }
    }
    return new Availability.Missing("Open MPI's library cannot be loaded (" + String.join("; ", why)
        + "); install it with " + INSTALL + " (or set -Dgraft.mpi.library=PATH to a libmpi.so)");
  }

  /**
   * Initialises MPI once per process ({@code MPI_Init_thread} asking for {@code MPI_THREAD_MULTIPLE}) and returns the
   * instance; later calls return the same one. Throws {@link MpiUnavailableError} when the library is missing or
   * MPI was already finalised.
   */
  public static synchronized Mpi init() {
    if (instance != null) {
      if (instance.finished()) throw new MpiUnavailableError("MPI_Finalize was already called in this process; MPI cannot be initialised twice");
      return instance;
    }
    if (availability() instanceof Availability.Missing(var reason)) throw new MpiUnavailableError(reason);
    Lib b = lib;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment flag = arena.allocate(JAVA_INT);
      b.check("MPI_Finalized", (int) b.finalized.invokeExact(flag));
      if (flag.get(JAVA_INT, 0) != 0) throw new MpiUnavailableError("MPI_Finalize was already called in this process; MPI cannot be initialised twice");
      b.check("MPI_Initialized", (int) b.initialized.invokeExact(flag));
      int provided = THREAD_MULTIPLE;
      if (flag.get(JAVA_INT, 0) == 0) {
        b.setenvIfUnset("UCX_ERROR_SIGNALS", "");
        MemorySegment p = arena.allocate(JAVA_INT);
        int rc = (int) b.initThread.invokeExact(MemorySegment.NULL, MemorySegment.NULL, THREAD_MULTIPLE, p);
        if (rc != 0) throw new MpiUnavailableError("MPI_Init_thread failed with " + MpiCode.name(rc) + " (launch under mpirun; see docs/architecture.md, Distributed training over MPI)");
        provided = p.get(JAVA_INT, 0);
      }
      MemorySegment out = arena.allocate(JAVA_INT);
      b.check("MPI_Comm_rank", (int) b.commRank.invokeExact(b.commWorld, out));
      int r = out.get(JAVA_INT, 0);
      b.check("MPI_Comm_size", (int) b.commSize.invokeExact(b.commWorld, out));
      instance = new Mpi(b, r, out.get(JAVA_INT, 0), provided);
    } catch (MpiUnavailableError | MpiError e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("MPI initialisation failed: " + t, t);
    }
    Mpi m = instance;
    Runtime.getRuntime().addShutdownHook(new Thread(m::finish, "graft-mpi-finalize"));
    return m;
  }

  /** This process's rank in {@code MPI_COMM_WORLD}, in {@code [0, size())}. */
  public int rank() { return rank; }

  /** The number of processes in {@code MPI_COMM_WORLD}. */
  public int size() { return size; }

  /** The thread support {@code MPI_Init_thread} provided, e.g. {@code MPI_THREAD_MULTIPLE}. */
  public String threadLevel() { return THREAD_LEVELS.get(Math.clamp(threadLevel, 0, 3)); }

  /** {@code MPI_Wtime()}: seconds since an arbitrary time in the past, for timing collectives. */
  public double wtime() {
    try {
      return (double) l.wtime.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** In place, {@code buf[i] = op over ranks of buf[i]} for {@code i < count} ({@code MPI_Allreduce} with {@code MPI_IN_PLACE}). */
  public void allReduce(MemorySegment buf, long count, DType dtype, MpiOp op) {
    int n = count("MPI_Allreduce", buf, count, dtype);
    call("MPI_Allreduce", () -> (int) l.allreduce.invokeExact(IN_PLACE, buf, n, l.type(dtype), l.op(op), l.commWorld));
  }

  /**
   * Starts the in-place all-reduce of {@link #allReduce} and returns at once ({@code MPI_Iallreduce}); the result is
   * in {@code buf} after {@link Request#await()}, and {@code buf} must stay alive and untouched until then. Open MPI
   * progresses it inside MPI calls: overlap comes from a thread that waits while the caller computes.
   */
  public Request iallReduce(MemorySegment buf, long count, DType dtype, MpiOp op) {
    int n = count("MPI_Iallreduce", buf, count, dtype);
    Arena arena = Arena.ofShared();
    MemorySegment req = arena.allocate(ADDRESS);
    try {
      call("MPI_Iallreduce", () -> (int) l.iallreduce.invokeExact(IN_PLACE, buf, n, l.type(dtype), l.op(op), l.commWorld, req));
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
    return new Request(this, arena, req);
  }

  /** A started non-blocking collective: {@link #await()} once ({@code MPI_Wait}) before reading its buffer. */
  public static final class Request {
    private final Mpi mpi;
    private final Arena arena;
    private final MemorySegment handle;
    private boolean done;

    private Request(Mpi mpi, Arena arena, MemorySegment handle) {
      this.mpi = mpi;
      this.arena = arena;
      this.handle = handle;
    }

    /** Blocks until the operation completes ({@code MPI_Wait}); later calls return at once. */
    public synchronized void await() {
      if (done) return;
      try {
        mpi.call("MPI_Wait", () -> (int) mpi.l.waitReq.invokeExact(handle, MemorySegment.NULL));
      } finally {
        done = true;
        arena.close();
      }
    }
  }

  /**
   * {@code recv[r * count + i] = send_r[i]}: every rank's {@code count} elements, concatenated in rank order
   * ({@code MPI_Allgather}); {@code recv} holds {@code size() * count} elements.
   */
  public void allGather(MemorySegment send, long count, DType dtype, MemorySegment recv) {
    int n = count("MPI_Allgather", send, count, dtype);
    count("MPI_Allgather (receive buffer)", recv, count * size, dtype);
    MemorySegment t = l.type(dtype);
    call("MPI_Allgather", () -> (int) l.allgather.invokeExact(send, n, t, recv, n, t, l.commWorld));
  }

  /**
   * {@code recv[i] = op over ranks of send[rank() * count + i]}: reduces {@code size() * count} elements and keeps
   * this rank's block of {@code count} ({@code MPI_Reduce_scatter_block}).
   */
  public void reduceScatterBlock(MemorySegment send, MemorySegment recv, long count, DType dtype, MpiOp op) {
    count("MPI_Reduce_scatter_block (send buffer)", send, count * size, dtype);
    int n = count("MPI_Reduce_scatter_block", recv, count, dtype);
    call("MPI_Reduce_scatter_block", () -> (int) l.reduceScatterBlock.invokeExact(send, recv, n, l.type(dtype), l.op(op), l.commWorld));
  }

  /** {@code buf = root's buf} on every rank ({@code MPI_Bcast}). */
  public void broadcast(MemorySegment buf, long count, DType dtype, int root) {
    int n = count("MPI_Bcast", buf, count, dtype);
    if (root < 0 || root >= size) throw new IllegalArgumentException("MPI_Bcast: root " + root + " is not a rank of MPI_COMM_WORLD (size " + size + "); pass a rank in [0, " + size + ")");
    call("MPI_Bcast", () -> (int) l.bcast.invokeExact(buf, n, l.type(dtype), root, l.commWorld));
  }

  /** Returns when every rank has called it ({@code MPI_Barrier}). */
  public void barrier() {
    call("MPI_Barrier", () -> (int) l.barrier.invokeExact(l.commWorld));
  }

  /** Ends the whole job, every rank, with {@code exitCode} ({@code MPI_Abort}): MPI's answer to a rank that cannot go on. */
  public void abort(int exitCode) {
    call("MPI_Abort", () -> (int) l.abort.invokeExact(l.commWorld, exitCode));
  }

  /** {@code MPI_Finalize}, once; later calls (and the exit hook) do nothing. No collective may follow. */
  public synchronized void finish() {
    if (finished) return;
    call("MPI_Finalize", () -> (int) l.finalize.invokeExact());
    finished = true;
  }

  /** Whether {@link #finish()} was called. */
  public synchronized boolean finished() { return finished; }

  /** One downcall returning an MPI status. */
  private interface Call { int run() throws Throwable; }

  private void call(String name, Call c) {
    synchronized (this) {
      if (finished) throw new MpiUnavailableError(name + " after MPI_Finalize; call it before Mpi.finish()");
    }
    int rc;
    try {
      rc = c.run();
    } catch (Throwable t) {
      throw rethrow(t);
    }
    l.check(name, rc);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
  }

  /** {@code count} as MPI's {@code int}, checked against the dtype and the buffer's size. */
  private static int count(String call, MemorySegment buf, long count, DType dtype) {
    Lib.typeSymbol(call, dtype);
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new ShapeError(call + ": count " + count + " is outside MPI's int range [0, " + Integer.MAX_VALUE + "]; split the buffer into chunks");
    }
    long bytes = count * (dtype.bits() / 8);
    if (buf.byteSize() < bytes) {
      throw new ShapeError(call + ": a buffer of " + buf.byteSize() + " bytes cannot hold " + count + " " + dtype
          + " elements (" + bytes + " bytes); pass a larger buffer or a smaller count");
    }
    return (int) count;
  }

  /** The raw downcalls and predefined handles of one library. */
  static final class Lib {
    final MethodHandle initThread, initialized, finalized, finalize, commRank, commSize, allreduce, iallreduce,
        waitReq, allgather, reduceScatterBlock, bcast, barrier, abort, errorString, wtime;
    final MemorySegment commWorld, mpiFloat, mpiDouble, mpiInt, opSum, opMax, opMin;
    private final MethodHandle setenv, getenv;

    @SuppressWarnings("restricted")   // FFM's library lookup and downcalls: the module is granted native access
    Lib(String library) {
      Linker linker = Linker.nativeLinker();
      SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
      var P = ADDRESS; var I = JAVA_INT;
      class Binder {
        MemorySegment sym(String name) {
          return lookup.find(name).orElseThrow(() -> new IllegalArgumentException(library + " has no symbol " + name + " (not Open MPI?)"));
        }
        MethodHandle f(String name, MemoryLayout ret, MemoryLayout... args) {
          return linker.downcallHandle(sym(name), FunctionDescriptor.of(ret, args));
        }
      }
      Binder b = new Binder();
      initThread = b.f("MPI_Init_thread", I, P, P, I, P);
      initialized = b.f("MPI_Initialized", I, P);
      finalized = b.f("MPI_Finalized", I, P);
      finalize = b.f("MPI_Finalize", I);
      commRank = b.f("MPI_Comm_rank", I, P, P);
      commSize = b.f("MPI_Comm_size", I, P, P);
      allreduce = b.f("MPI_Allreduce", I, P, P, I, P, P, P);
      iallreduce = b.f("MPI_Iallreduce", I, P, P, I, P, P, P, P);
      waitReq = b.f("MPI_Wait", I, P, P);
      allgather = b.f("MPI_Allgather", I, P, I, P, P, I, P, P);
      reduceScatterBlock = b.f("MPI_Reduce_scatter_block", I, P, P, I, P, P, P);
      bcast = b.f("MPI_Bcast", I, P, I, P, I, P);
      barrier = b.f("MPI_Barrier", I, P);
      abort = b.f("MPI_Abort", I, P, I);
      errorString = b.f("MPI_Error_string", I, I, P, P);
      wtime = b.f("MPI_Wtime", JAVA_DOUBLE);
      commWorld = b.sym("ompi_mpi_comm_world");
      mpiFloat = b.sym("ompi_mpi_float");
      mpiDouble = b.sym("ompi_mpi_double");
      mpiInt = b.sym("ompi_mpi_int");
      opSum = b.sym(MpiOp.SUM.symbol());
      opMax = b.sym(MpiOp.MAX.symbol());
      opMin = b.sym(MpiOp.MIN.symbol());
      SymbolLookup libc = linker.defaultLookup();
      setenv = linker.downcallHandle(libc.find("setenv").orElseThrow(), FunctionDescriptor.of(I, P, P, I));
      getenv = linker.downcallHandle(libc.find("getenv").orElseThrow(), FunctionDescriptor.of(P, P));
    }

    /** The C name of the MPI datatype for {@code dtype}; a {@link DTypeError} for the dtypes MPI is not given here. */
    static String typeSymbol(String call, DType dtype) {
      return switch (dtype) {
        case F32 -> "MPI_FLOAT";
        case F64 -> "MPI_DOUBLE";
        case I32 -> "MPI_INT";
        default -> throw new DTypeError(call + ": dtype " + dtype + " has no MPI datatype here (f32, f64 and i32 do); cast the buffer with astype first");
      };
    }

    MemorySegment type(DType dtype) {
      return switch (dtype) {
        case F32 -> mpiFloat;
        case F64 -> mpiDouble;
        case I32 -> mpiInt;
        default -> throw new DTypeError("MPI: dtype " + dtype + " has no MPI datatype here (f32, f64 and i32 do); cast with astype first");
      };
    }

    MemorySegment op(MpiOp op) {
      return switch (op) {
        case SUM -> opSum;
        case MAX -> opMax;
        case MIN -> opMin;
      };
    }

    /** The process environment's {@code name=value} unless {@code name} is already set (C's {@code setenv(.., 0)}). */
    void setenvIfUnset(String name, String value) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment n = arena.allocateFrom(name);
        if (!((MemorySegment) getenv.invokeExact(n)).equals(MemorySegment.NULL)) return;
        int unused = (int) setenv.invokeExact(n, arena.allocateFrom(value), 0);
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    /** Throws {@link MpiError} naming {@code call} and the library's message unless {@code rc} is {@code MPI_SUCCESS}. */
    void check(String call, int rc) {
      if (rc == 0) return;
      String detail = "";
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment s = arena.allocate(MAX_ERROR_STRING + 1);
        MemorySegment len = arena.allocate(JAVA_INT);
        if ((int) errorString.invokeExact(rc, s, len) == 0) detail = s.getString(0);
      } catch (Throwable ignored) {
        // the message is a courtesy: the error below names the call and the code either way
      }
      throw new MpiError(call, rc, detail);
    }
  }
}
