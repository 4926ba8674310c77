package io.graft.jit;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event per jit compile (trace + optimise + build the executable) of one signature; its duration is the
 * compile time. Record with {@code -XX:StartFlightRecording} or a {@code jdk.jfr.Recording} enabling
 * {@code io.graft.jit.Compile}. NB: a mutable JFR event object, created and committed by the one compiling thread.
 */
@Name("io.graft.jit.Compile")
@Label("Graft jit compile")
@Category({"Graft", "jit"})
@Description("Tracing and compiling one signature of a jitted function")
public final class CompileEvent extends Event {
  /** The jitted function ({@code fn @ File.java:line}). */
  @Label("Function") public String function;

  /** The argument signature, e.g. {@code (f32[3,3], f32[3])}. */
  @Label("Signature") public String signature;

  /** An event; {@code begin()} it, set the fields, then {@code commit()}. */
  public CompileEvent() {}
}
