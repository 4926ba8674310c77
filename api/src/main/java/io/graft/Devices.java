package io.graft;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.trace.Const;
import io.graft.trace.tree.Leaf;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;

/**
 * The device registry and placement rules behind {@link Graft#devices()}, {@link Graft#devicePut} and the device path
 * of {@code jit}: the CPU plus every OpenCL device and every device of the optional TornadoVM backend (found through
 * {@link Backend#available()}), the default from {@code -Dgraft.backend=cpu|opencl|tornado}, and where a call runs
 * (its {@link Jitted#on} device, else where its inputs live, else the default).
 */
final class Devices {
  private Devices() {}

  /** A device copy of an array: the buffer, on {@code device}. */
  record Resident(Device device, ClBuffer buffer) {}

  static List<Device> all() {
    List<Device> d = new ArrayList<>(CpuDevices.devices().asJava());
    for (ClDevice c : OpenCl.devices()) d.add(of(c));
    tornado().forEach(b -> b.devices().forEach(t -> d.add(of(t))));
    return List.copyOf(d);
  }

  /** The TornadoVM backend, when it is on the class or module path. */
  static io.vavr.control.Option<Backend> tornado() { return Backend.find("tornado"); }

  static Device of(BackendDevice t) { return new Device(t.id(), Device.Kind.TORNADO, t.name()); }

  /** The TornadoVM backend and its device behind {@code d}. */
  static BackendDevice tornadoDevice(Device d) {
    return tornado().flatMap(b -> b.devices().find(t -> t.id().equals(d.id())))
        .getOrElseThrow(() -> new IllegalArgumentException("device " + d + " is not a TornadoVM device of this JVM; pick one "
            + "of Graft.devices() " + all()));
  }

  static Device of(ClDevice c) { return new Device(c.id(), Device.Kind.OPENCL, c.name().strip() + ", " + c.platform().strip()); }

  /** The OpenCL device behind {@code d}. */
  static ClDevice cl(Device d) {
    for (ClDevice c : OpenCl.devices()) if (c.id().equals(d.id())) return c;
    throw new IllegalArgumentException("device " + d + " is not an OpenCL device of this JVM; pick one of Graft.devices() "
        + all());
  }

  /**
   * The device a jitted call runs on by default: {@code -Dgraft.backend} ({@code cpu}, the default, {@code opencl}, or
   * {@code tornado}: the first TornadoVM device).
   */
  static Device defaultDevice() {
    String b = System.getProperty("graft.backend", "cpu");
    return switch (b) {
      case "cpu" -> Device.CPU;
      case "opencl" -> {
        if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason))
          throw new IllegalStateException("-Dgraft.backend=opencl but OpenCL is not available: " + reason);
        yield of(OpenCl.devices().get(0));
      }
      case "tornado" -> {
        Backend t = tornado().getOrElseThrow(() -> new IllegalStateException("-Dgraft.backend=tornado but the TornadoVM "
            + "backend is not on the class or module path; build Graft with TORNADOVM_HOME set (the tornado profile) and "
            + "add graft-jit-tornadovm's jar"));
        if (t.devices().isEmpty())
          throw new IllegalStateException("-Dgraft.backend=tornado but TornadoVM lists no OpenCL device (its runtime "
              + "starts only in a JVM run with @$TORNADOVM_HOME/tornado-argfile, and needs an OpenCL platform)");
        yield of(t.devices().get(0));
      }
      default -> throw new IllegalArgumentException("-Dgraft.backend=" + b + " is not a backend; use cpu, opencl or tornado");
    };
  }

  /**
   * Where a call on {@code leaves} runs: {@code on} if given, else the one device its device-resident leaves live on,
   * else the default; null for the CPU path. Leaves on two different devices are an error naming both.
   */
  static Device target(Device on, Vector<? extends Leaf> leaves, String site) {
    if (on != null) return on.kind() == Device.Kind.CPU ? null : on;
    Device found = null;
    for (Leaf l : leaves) {
      if (!(l instanceof Array a) || a.resident() == null) continue;
      Device d = a.resident().device();
      if (found != null && !found.equals(d))
        throw new IllegalArgumentException("jit(" + site + "): arguments live on two devices, " + found + " and " + d
            + "; move them to one with Graft.devicePut, or pick one with jit(f).on(device)");
      found = d;
    }
    if (found != null) return found;
    Device d = defaultDevice();
    return d.kind() == Device.Kind.CPU ? null : d;
  }

  /** {@code leaf}'s buffer on {@code rt}'s device: its device copy there, else its host value uploaded. */
  static ClBuffer bufferOn(Leaf leaf, Device target, ClRuntime rt) {
    if (leaf instanceof Array a && a.resident() != null && a.resident().device().equals(target)) return a.resident().buffer();
    if (!(leaf.value() instanceof Const c))
      throw new IllegalArgumentException("jit on " + target + ": an argument is not a concrete array (" + leaf.value().type()
          + "); device calls take concrete arrays");
    return rt.upload(c.array());
  }

  /** {@code x} placed on {@code d}: a device copy (uploaded, or moved from another device) or a host array. */
  static Array put(Array x, Device d) {
    Resident r = x.resident();
    if (r != null && r.device().equals(d)) return x;
    if (d.kind() == Device.Kind.CPU) return r == null ? x : Array.wrap(x.value());
    if (d.kind() == Device.Kind.TORNADO)
      throw new IllegalArgumentException("Graft.devicePut: arrays are not placed on TornadoVM device " + d + ": TornadoVM "
          + "keeps device buffers inside each compiled function's task graphs; run the function there with "
          + "Graft.jit(f).on(device) (or -Dgraft.backend=tornado) on host arrays");
    if (!(x.value() instanceof Const c))
      throw new IllegalArgumentException("Graft.devicePut: only concrete arrays can be placed on " + d + ", got a traced "
          + x.value().type() + "; place arrays outside jit/grad");
    return Array.onDevice(d, OpenCl.runtime(cl(d)).upload(c.array()));
  }
}
