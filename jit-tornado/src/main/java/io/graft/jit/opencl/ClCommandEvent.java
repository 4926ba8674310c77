package io.graft.jit.opencl;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * A JFR event per OpenCL command Graft runs ({@code io.graft.jit.opencl.Command}): which device and backend, whether a
 * kernel or a transfer, the kernel's name or the buffer, the bytes moved and the device time from the command's event
 * (kernels; transfers are timed by the event's own duration). Summing {@code deviceTime} of kernels against the
 * duration of transfers splits a jitted call's time. NB: a mutable JFR event object, confined to the calling thread.
 */
@Name("io.graft.jit.opencl.Command")
@Label("Graft OpenCL command")
@Category({"Graft", "jit", "OpenCL"})
@Description("One OpenCL kernel launch or host/device transfer")
public final class ClCommandEvent extends Event {
  /** The device id ({@code opencl:P:D}) and name. */
  @Label("Device") public String device;

  /** {@code kernel}, {@code upload}, {@code download} or {@code copy}. */
  @Label("Kind") public String kind;

  /** The kernel's name and global work size ({@code matmul over [32, 32, 1]}), or the buffer's dtype and shape. */
  @Label("What") public String what;

  /** Bytes moved (transfers), 0 for kernels. */
  @Label("Bytes") @DataAmount public long bytes;

  /** Device time of a kernel from its profiling event. */
  @Label("Device time") @Timespan public long deviceTime;

  /** An event; {@code begin()} it, set the fields, then {@code commit()}. */
  public ClCommandEvent() {}
}
