/**
 * The service interface of Graft's optional device backends: a {@link io.graft.jit.spi.Backend} names its
 * {@link io.graft.jit.spi.BackendDevice}s and compiles a graph for one of them. Backends built outside the default
 * build (TornadoVM, from the {@code tornado} Maven profile) register with {@link java.util.ServiceLoader} and are found
 * by {@link io.graft.jit.spi.Backend#available()}; the OpenCL runtime through FFM implements the same interface
 * ({@link io.graft.jit.opencl.OpenClBackend}). Both run the kernels of one {@link io.graft.jit.DevicePlan}.
 */
package io.graft.jit.spi;
