package io.graft.jit;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event per run of a jitted function's executable on concrete arrays; its duration is the run time
 * ({@code io.graft.jit.Execute}). NB: a mutable JFR event object, confined to the calling thread.
 */
@Name("io.graft.jit.Execute")
@Label("Graft jit execute")
@Category({"Graft", "jit"})
@Description("One run of a jitted function's compiled executable")
public final class ExecuteEvent extends Event {
  /** The jitted function ({@code fn @ File.java:line}). */
  @Label("Function") public String function;

  /** An event; {@code begin()} it, set the fields, then {@code commit()}. */
  public ExecuteEvent() {}
}
