package io.graft.jit.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.prim.ReduceOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The local communicator: each exchange against the explicit result, over repeated rounds, and abort. */
class LocalGroupTest {
  private static final int N = 3;

  /** Runs {@code body} as each of the N members on its own thread; the members' results in rank order. */
  private static List<NdArray> members(LocalGroup g, Function<Communicator, NdArray> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(g.size());
    try {
      List<Future<NdArray>> fs = new ArrayList<>();
      for (int r = 0; r < g.size(); r++) {
        Communicator c = g.member(r);
        fs.add(pool.submit(() -> body.apply(c)));
      }
      List<NdArray> out = new ArrayList<>();
      for (Future<NdArray> f : fs) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Member r's operand: [r*10 + 0, r*10 + 1, ...] of shape (N, 2). */
  private static NdArray operand(int r) {
    double[] v = new double[N * 2];
    for (int i = 0; i < v.length; i++) v[i] = r * 10 + i;
    return NdArray.wrap(Shape.of(N, 2), v);
  }

  @Test void allReduceAllGatherAndReduceScatterGiveEachMemberTheExplicitResult() throws Exception {
    LocalGroup g = LocalGroup.of(N);
    List<NdArray> out = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> members(g, c -> {
      NdArray x = operand(c.rank());
      NdArray sum = null, max = null, gathered = null, block = null;
      for (int round = 0; round < 50; round++) {   // many rounds: the alternating slots never mix operands
        sum = c.allReduce(x, ReduceOp.SUM);
        max = c.allReduce(x, ReduceOp.MIN);
        gathered = c.allGather(x);
        block = c.reduceScatter(x, ReduceOp.MAX);
      }
      double[] all = new double[N * 2 + N * 2 + N * N * 2 + 2];
      int k = 0;
      for (double d : sum.f64()) all[k++] = d;
      for (double d : max.f64()) all[k++] = d;
      for (double d : gathered.f64()) all[k++] = d;
      for (double d : block.f64()) all[k++] = d;
      return NdArray.wrap(Shape.of(all.length), all);
    }));
    for (int r = 0; r < N; r++) {
      double[] got = out.get(r).f64();
      for (int i = 0; i < N * 2; i++) {
        double s = 0;
        for (int m = 0; m < N; m++) s += m * 10 + i;
        assertTrue(got[i] == s && got[N * 2 + i] == i, "member " + r + " element " + i);
      }
      for (int m = 0; m < N; m++)
        for (int i = 0; i < N * 2; i++) assertTrue(got[4 * N + m * N * 2 + i] == m * 10 + i, "gathered");
      assertArrayEquals(new double[] {(N - 1) * 10 + 2 * r, (N - 1) * 10 + 2 * r + 1}, java.util.Arrays.copyOfRange(got, got.length - 2, got.length));
    }
  }

  @Test void abortEndsTheWaitOfEveryMember() {
    LocalGroup g = LocalGroup.of(N);
    ExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(ExecutionException.class,
        () -> members(g, c -> {
          if (c.rank() == 1) { g.abort(); throw new IllegalStateException("member 1 failed"); }
          return c.allReduce(operand(c.rank()), ReduceOp.SUM);
        })));
    assertTrue(e.getCause() instanceof GroupAbortedError || e.getCause().getMessage().equals("member 1 failed"), e.toString());
    assertInstanceOf(GroupAbortedError.class, assertThrows(GroupAbortedError.class, () -> g.member(0).allGather(operand(0))));
  }

  @Test void mismatchedOperandsAreAShapeErrorOnEveryMember() {
    LocalGroup g = LocalGroup.of(2);
    ExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(ExecutionException.class,
        () -> members(g, c -> c.allReduce(NdArray.wrap(Shape.of(c.rank() + 1), new double[c.rank() + 1]), ReduceOp.SUM))));
    assertInstanceOf(ShapeError.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("all_reduce") && e.getCause().getMessage().contains("same dtype and shape"),
        e.getCause().getMessage());
  }
}
