package io.graft.jit;

import jdk.jfr.FlightRecorder;

/**
 * Whether Graft creates its Java Flight Recorder events ({@link CompileEvent}, {@link ExecuteEvent}, the OpenCL
 * commands' {@code ClCommandEvent}): only once Flight Recorder is initialised in this JVM — by
 * {@code -XX:StartFlightRecording}, {@code jcmd <pid> JFR.start}, JDK Mission Control, or a {@code jdk.jfr.Recording}
 * created in the program. Until then no event class is touched: loading the first one makes the JDK load and set up
 * about a hundred of its own JFR classes, ~0.26 s in a fresh JVM on the 2-core reference machine (2026-12-06), which
 * every program's first jitted call used to pay with no recording to write to. A recording started later sees the
 * events of every call from then on.
 * <pre>{@code
 * CompileEvent ev = JfrGate.open() ? new CompileEvent() : null;
 * if (ev != null) ev.begin();
 * ...
 * if (ev != null && ev.shouldCommit()) { ev.function = site; ev.commit(); }
 * }</pre>
 */
public final class JfrGate {
  private JfrGate() {}

  /** True once Flight Recorder is initialised in this JVM (a volatile read: cheap on every call). */
  public static boolean open() { return FlightRecorder.isInitialized(); }
}
