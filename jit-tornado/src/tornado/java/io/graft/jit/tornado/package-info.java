/**
 * The TornadoVM backend ({@code -Dgraft.backend=tornado}): the OpenCL C that {@link io.graft.jit.opencl.OpenClC}
 * generates, handed to TornadoVM as prebuilt tasks of one {@code TaskGraph} per compiled graph
 * ({@link io.graft.jit.tornado.TornadoExecutable}), found through {@link java.util.ServiceLoader} as the
 * {@link io.graft.jit.spi.Backend} named {@code tornado} ({@link io.graft.jit.tornado.TornadoBackend}).
 * Built only by the {@code tornado} Maven profile (active when {@code TORNADOVM_HOME} is set) against the SDK's
 * {@code tornado-api} jar; it runs only in a JVM started with TornadoVM's argfile
 * ({@code @$TORNADOVM_HOME/tornado-argfile}).
 */
package io.graft.jit.tornado;
