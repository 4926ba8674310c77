package io.graft;

import io.graft.numerics.Parallel;
import io.vavr.collection.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local CPU devices of {@code -Dgraft.cpuDevices=N} (JAX's {@code --xla_force_host_platform_device_count}): N
 * devices that split the machine's kernel threads ({@link Parallel#globalThreads()}, {@code -Dgraft.threads}) into N
 * budgets of {@code max(1, threads / N)} threads, each with its own kernel pool and one driver thread that runs the
 * device's programs. Device 0 is {@link Device#CPU} (the host, as before); devices {@code 1..N-1} are
 * {@code cpu:1}..{@code cpu:N-1}. They all share the JVM heap, so placing an array on one ({@link Graft#devicePut})
 * leaves it on the host; {@link Graft#pmap} runs one program per device, each on its own driver thread and budget.
 *
 * <p>The property is read on each call (default 1: one device, the plain CPU backend); each count's drivers and
 * pools are made once per JVM and kept (daemon threads), like the OpenCL runtimes.
 */
final class CpuDevices {
  private CpuDevices() {}

  /** The system property giving the number of local CPU devices. */
  static final String PROPERTY = "graft.cpuDevices";

  /** One device's runtime: its id, its kernel thread budget and its driver. */
  record Runtime(Device device, Parallel.Budget budget, ExecutorService driver) {}

  private static final ConcurrentHashMap<Integer, Vector<Runtime>> BY_COUNT = new ConcurrentHashMap<>();

  /** {@code -Dgraft.cpuDevices}, checked: an integer {@code >= 1}, default 1. */
  static int count() {
    String v = System.getProperty(PROPERTY);
    if (v == null) return 1;
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = 0;   // rejected below with the same message
    }
    if (n < 1)
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": the number of local CPU devices must be an integer "
          + ">= 1, got \"" + v + "\"; pass e.g. -D" + PROPERTY + "=2 to split the CPU into two devices, or leave it unset "
          + "for one");
    return n;
  }

  /** The devices, {@link Device#CPU} first. */
  static Vector<Device> devices() { return count() == 1 ? Vector.of(Device.CPU) : runtimes(count()).map(Runtime::device); }

  /** The {@code n} devices' runtimes (made on first use). */
  static Vector<Runtime> runtimes(int n) {
    return BY_COUNT.computeIfAbsent(n, k -> {
      int threads = Math.max(1, Parallel.globalThreads() / k);
      return Vector.range(0, k).map(i -> {
        Parallel.Budget b = Parallel.budget("graft-cpu" + i + "of" + k, threads);
        Device d = i == 0 ? Device.CPU : new Device("cpu:" + i, Device.Kind.CPU, "CPU device " + i + " of " + k + ", "
            + threads + " kernel thread" + (threads == 1 ? "" : "s"));
        return new Runtime(d, b, Executors.newSingleThreadExecutor(b.driver("driver")));
      });
    });
  }
}
