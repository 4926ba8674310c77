package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The signal mask {@link NativeSignals} sets and puts back (bit {@code s - 1} of a mask is signal {@code s}). */
class NativeSignalsTest {
  private static final long SIGSEGV = 1L << 10, SIGBUS = 1L << 6, SIGUSR2 = 1L << 11, SIGPROF = 1L << 26;

  @Test void blockedCallsNestAndEachRestoresTheMaskItSaw() {
    assumeTrue(NativeSignals.AVAILABLE, "pthread_sigmask is not available here (Linux with native access only)");
    long before = NativeSignals.block();
    long inside;
    try {
      inside = NativeSignals.block();          // the mask while blocked, as the nested call saw it
      NativeSignals.restore(inside);
    } finally {
      NativeSignals.restore(before);
    }
    assertEquals(SIGUSR2 | SIGPROF, inside & (SIGUSR2 | SIGPROF), "JFR's and profilers' signals are blocked");
    assertEquals(0, inside & (SIGSEGV | SIGBUS), "fault signals stay unblocked, so a crash still gets the JVM's report");
    long after = NativeSignals.block();
    NativeSignals.restore(after);
    assertEquals(before, after, "the thread's mask is back to what it was");
  }
}
