package io.graft;

import java.util.Objects;

/**
 * Where arrays live and jitted functions run: {@link #CPU} (the JVM heap: eager ops and the CPU jit), an OpenCL
 * device found through {@code libOpenCL.so.1} ({@link Kind#OPENCL}, e.g. PoCL's CPU device or a GPU), or a TornadoVM
 * device ({@link Kind#TORNADO}) when the optional TornadoVM backend is present. List them with
 * {@link Graft#devices()}; place arrays with {@link Graft#devicePut}; a jitted function runs where its inputs live or
 * where {@link Jitted#on} says.
 * <pre>{@code
 * Device gpu = Graft.devices().getLast();            // Device[id=opencl:0:0, kind=OPENCL, name=...]
 * Array x = Graft.devicePut(Array.of(new float[] {1, 2, 3}), gpu);
 * Array y = Graft.jit((Array a) -> a.tanh().mul(2)).apply(x);   // runs on gpu; y stays there
 * float[] host = y.toFloatArray();                   // moves it to the host when read
 * }</pre>
 *
 * <p>With {@code -Dgraft.cpuDevices=N} the host is split into N CPU devices ({@link #CPU} and {@code cpu:1} ..
 * {@code cpu:N-1}, all {@link Kind#CPU}), each with its own share of the kernel threads; {@link Graft#pmap} runs one
 * program on each. They share the JVM heap: an array "on" one of them is a host array.
 *
 * @param id   {@code cpu}, {@code cpu:K} (local CPU device K of {@code -Dgraft.cpuDevices}), {@code opencl:P:D} (platform and device index) or {@code tornado:B:D} (TornadoVM's backend
 *             and device index)
 * @param kind what runs there
 * @param name a readable name, e.g. the OpenCL device and platform names
 */
public record Device(String id, Kind kind, String name) {
  /** The host: the JVM heap, the CPU backend. */
  public static final Device CPU = new Device("cpu", Kind.CPU, "the JVM host");

  /** What runs on a device. */
  public enum Kind {
    /** Graft's own CPU backend (bytecode and Vector API kernels). */
    CPU,
    /** OpenCL C kernels generated from the kernel IR, run through the FFM API. */
    OPENCL,
    /**
     * The same OpenCL C kernels run by TornadoVM as prebuilt tasks: present when the optional TornadoVM backend is
     * on the class or module path and the JVM runs with TornadoVM's argfile. Arrays are not placed on these devices
     * ({@link Graft#devicePut} refuses); a jitted function run there takes host arrays, keeps its constants and
     * intermediates in device memory across calls, and returns host arrays.
     */
    TORNADO
  }

  /** Validates. */
  public Device {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(name, "name is null");
  }

  @Override public String toString() { return id + " (" + name + ")"; }
}
