package io.graft.jit.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The raw downcalls into {@code libOpenCL.so.1} (the ICD loader) through the FFM API: one method handle per OpenCL
 * function Graft calls, typed as in {@code CL/cl.h} ({@code cl_int}/{@code cl_uint}: int, {@code size_t},
 * {@code cl_ulong} and bitfields: long, handles and pointers: addresses). Every method returns the call's status or
 * handle unchanged; {@link #check} turns a status into an {@link OpenClError}. Constructed once, by
 * {@link OpenCl#availability()}, which reports a missing library instead of failing.
 */
final class Cl {
  static final int PLATFORM_VERSION = 0x0901, PLATFORM_NAME = 0x0902;
  static final long DEVICE_TYPE_ALL = 0xFFFFFFFFL, DEVICE_TYPE_CPU = 1L << 1;
  static final int DEVICE_TYPE = 0x1000, DEVICE_MAX_COMPUTE_UNITS = 0x1002, DEVICE_MAX_WORK_GROUP_SIZE = 0x1004,
      DEVICE_LOCAL_MEM_SIZE = 0x1023, DEVICE_NAME = 0x102B, DEVICE_VERSION = 0x102F, DEVICE_DOUBLE_FP_CONFIG = 0x1032;
  static final long MEM_READ_WRITE = 1, QUEUE_PROFILING_ENABLE = 1 << 1;
  static final int PROGRAM_BUILD_LOG = 0x1183, PROFILING_COMMAND_START = 0x1282, PROFILING_COMMAND_END = 0x1283;

  private final MethodHandle getPlatformIDs, getPlatformInfo, getDeviceIDs, getDeviceInfo, createContext,
      createCommandQueue, createBuffer, enqueueWriteBuffer, enqueueReadBuffer, enqueueCopyBuffer,
      createProgramWithSource, buildProgram, getProgramBuildInfo, createKernel, setKernelArg, enqueueNDRangeKernel,
      finish, waitForEvents, getEventProfilingInfo, releaseMemObject, releaseKernel, releaseProgram,
      releaseCommandQueue, releaseContext, releaseEvent;

  /** Binds every function; an {@link IllegalArgumentException} when the library or a symbol is missing. */
  @SuppressWarnings("restricted")   // FFM's library lookup and downcalls: the module is granted native access
  Cl(String library) {
    Linker linker = Linker.nativeLinker();
    SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
    class Binder {
      MethodHandle f(String name, MemoryLayout ret, MemoryLayout... args) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new IllegalArgumentException(library + " has no " + name));
        return linker.downcallHandle(sym, FunctionDescriptor.of(ret, args));
      }
    }
    Binder b = new Binder();
    var P = ADDRESS; var I = JAVA_INT; var L = JAVA_LONG;
    getPlatformIDs = b.f("clGetPlatformIDs", I, I, P, P);
    getPlatformInfo = b.f("clGetPlatformInfo", I, P, I, L, P, P);
    getDeviceIDs = b.f("clGetDeviceIDs", I, P, L, I, P, P);
    getDeviceInfo = b.f("clGetDeviceInfo", I, P, I, L, P, P);
    createContext = b.f("clCreateContext", P, P, I, P, P, P, P);
    createCommandQueue = b.f("clCreateCommandQueue", P, P, P, L, P);
    createBuffer = b.f("clCreateBuffer", P, P, L, L, P, P);
    enqueueWriteBuffer = b.f("clEnqueueWriteBuffer", I, P, P, I, L, L, P, I, P, P);
    enqueueReadBuffer = b.f("clEnqueueReadBuffer", I, P, P, I, L, L, P, I, P, P);
    enqueueCopyBuffer = b.f("clEnqueueCopyBuffer", I, P, P, P, L, L, L, I, P, P);
    createProgramWithSource = b.f("clCreateProgramWithSource", P, P, I, P, P, P);
    buildProgram = b.f("clBuildProgram", I, P, I, P, P, P, P);
    getProgramBuildInfo = b.f("clGetProgramBuildInfo", I, P, P, I, L, P, P);
    createKernel = b.f("clCreateKernel", P, P, P, P);
    setKernelArg = b.f("clSetKernelArg", I, P, I, L, P);
    enqueueNDRangeKernel = b.f("clEnqueueNDRangeKernel", I, P, P, I, P, P, P, I, P, P);
    finish = b.f("clFinish", I, P);
    waitForEvents = b.f("clWaitForEvents", I, I, P);
    getEventProfilingInfo = b.f("clGetEventProfilingInfo", I, P, I, L, P, P);
    releaseMemObject = b.f("clReleaseMemObject", I, P);
    releaseKernel = b.f("clReleaseKernel", I, P);
    releaseProgram = b.f("clReleaseProgram", I, P);
    releaseCommandQueue = b.f("clReleaseCommandQueue", I, P);
    releaseContext = b.f("clReleaseContext", I, P);
    releaseEvent = b.f("clReleaseEvent", I, P);
  }

  /** Throws {@link OpenClError} naming {@code call} unless {@code status} is {@code CL_SUCCESS}. */
  static void check(String call, int status) {
    if (status != 0) throw new OpenClError(call, status, null);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
  }

  int getPlatformIDs(int n, MemorySegment out, MemorySegment count) {
    try { return (int) getPlatformIDs.invokeExact(n, out, count); } catch (Throwable t) { throw rethrow(t); }
  }
  int getPlatformInfo(MemorySegment p, int param, long size, MemorySegment value, MemorySegment ret) {
    try { return (int) getPlatformInfo.invokeExact(p, param, size, value, ret); } catch (Throwable t) { throw rethrow(t); }
  }
  int getDeviceIDs(MemorySegment p, long type, int n, MemorySegment out, MemorySegment count) {
    try { return (int) getDeviceIDs.invokeExact(p, type, n, out, count); } catch (Throwable t) { throw rethrow(t); }
  }
  int getDeviceInfo(MemorySegment d, int param, long size, MemorySegment value, MemorySegment ret) {
    try { return (int) getDeviceInfo.invokeExact(d, param, size, value, ret); } catch (Throwable t) { throw rethrow(t); }
  }
  MemorySegment createContext(MemorySegment props, int n, MemorySegment devices, MemorySegment err) {
    try { return (MemorySegment) createContext.invokeExact(props, n, devices, MemorySegment.NULL, MemorySegment.NULL, err); }
    catch (Throwable t) { throw rethrow(t); }
  }
  MemorySegment createCommandQueue(MemorySegment ctx, MemorySegment device, long props, MemorySegment err) {
    try { return (MemorySegment) createCommandQueue.invokeExact(ctx, device, props, err); } catch (Throwable t) { throw rethrow(t); }
  }
  MemorySegment createBuffer(MemorySegment ctx, long flags, long size, MemorySegment err) {
    try { return (MemorySegment) createBuffer.invokeExact(ctx, flags, size, MemorySegment.NULL, err); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int enqueueWriteBuffer(MemorySegment q, MemorySegment mem, long size, MemorySegment host) {
    try { return (int) enqueueWriteBuffer.invokeExact(q, mem, 1, 0L, size, host, 0, MemorySegment.NULL, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int enqueueReadBuffer(MemorySegment q, MemorySegment mem, long size, MemorySegment host) {
    try { return (int) enqueueReadBuffer.invokeExact(q, mem, 1, 0L, size, host, 0, MemorySegment.NULL, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int enqueueCopyBuffer(MemorySegment q, MemorySegment src, MemorySegment dst, long size) {
    try { return (int) enqueueCopyBuffer.invokeExact(q, src, dst, 0L, 0L, size, 0, MemorySegment.NULL, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }

  int enqueueCopyBuffer(MemorySegment q, MemorySegment src, MemorySegment dst, long srcOffset, long dstOffset, long size) {
    try { return (int) enqueueCopyBuffer.invokeExact(q, src, dst, srcOffset, dstOffset, size, 0, MemorySegment.NULL, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }
  MemorySegment createProgramWithSource(MemorySegment ctx, MemorySegment strings, MemorySegment lengths, MemorySegment err) {
    try { return (MemorySegment) createProgramWithSource.invokeExact(ctx, 1, strings, lengths, err); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int buildProgram(MemorySegment prog, MemorySegment device, MemorySegment options) {
    try { return (int) buildProgram.invokeExact(prog, 1, device, options, MemorySegment.NULL, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int getProgramBuildInfo(MemorySegment prog, MemorySegment device, int param, long size, MemorySegment value, MemorySegment ret) {
    try { return (int) getProgramBuildInfo.invokeExact(prog, device, param, size, value, ret); } catch (Throwable t) { throw rethrow(t); }
  }
  MemorySegment createKernel(MemorySegment prog, MemorySegment name, MemorySegment err) {
    try { return (MemorySegment) createKernel.invokeExact(prog, name, err); } catch (Throwable t) { throw rethrow(t); }
  }
  int setKernelArg(MemorySegment kernel, int index, long size, MemorySegment value) {
    try { return (int) setKernelArg.invokeExact(kernel, index, size, value); } catch (Throwable t) { throw rethrow(t); }
  }
  int enqueueNDRangeKernel(MemorySegment q, MemorySegment kernel, int dims, MemorySegment global, MemorySegment local, MemorySegment event) {
    try { return (int) enqueueNDRangeKernel.invokeExact(q, kernel, dims, MemorySegment.NULL, global, local, 0, MemorySegment.NULL, event); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int finish(MemorySegment q) {
    try { return (int) finish.invokeExact(q); } catch (Throwable t) { throw rethrow(t); }
  }
  int waitForEvents(MemorySegment events) {
    try { return (int) waitForEvents.invokeExact(1, events); } catch (Throwable t) { throw rethrow(t); }
  }
  int getEventProfilingInfo(MemorySegment event, int param, MemorySegment value) {
    try { return (int) getEventProfilingInfo.invokeExact(event, param, 8L, value, MemorySegment.NULL); }
    catch (Throwable t) { throw rethrow(t); }
  }
  int releaseMemObject(MemorySegment m) { return release(releaseMemObject, m); }
  int releaseKernel(MemorySegment m) { return release(releaseKernel, m); }
  int releaseProgram(MemorySegment m) { return release(releaseProgram, m); }
  int releaseCommandQueue(MemorySegment m) { return release(releaseCommandQueue, m); }
  int releaseContext(MemorySegment m) { return release(releaseContext, m); }
  int releaseEvent(MemorySegment m) { return release(releaseEvent, m); }

  private static int release(MethodHandle h, MemorySegment m) {
    try { return (int) h.invokeExact(m); } catch (Throwable t) { throw rethrow(t); }
  }
}
