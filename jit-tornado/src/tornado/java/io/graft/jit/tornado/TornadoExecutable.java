package io.graft.jit.tornado;

import io.graft.jit.DevicePlan;
import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.spi.BackendDevice;
import io.graft.numerics.NdArray;
import io.graft.trace.Compiler;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import uk.ac.manchester.tornado.api.AccessorParameters;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.WorkerGrid3D;
import uk.ac.manchester.tornado.api.common.Access;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

/**
 * A {@link DevicePlan} as one TornadoVM execution plan: each launch is one {@code TaskGraph} holding one
 * {@code prebuiltTask} that runs the plan's OpenCL C in TornadoVM's calling convention ({@link TornadoAbi}) over a
 * {@code WorkerGrid} of the plan's global and local sizes, and each plan buffer is one {@link ByteArray} (an alias
 * shares its operand's). One task graph per kernel because TornadoVM 5.2 runs every prebuilt task of a graph with the
 * first task's kernel ({@code PrebuiltTask.equals} never matches another prebuilt task, so the interpreter files them
 * all under index 0). Buffers stay on the device between graphs: a graph that writes a buffer a later graph reads
 * {@code persistOnDevice}s it and the reader {@code consumeFromDevice}s it; constants go to the device once
 * ({@code FIRST_EXECUTION}) and stay there across calls; parameters go in and kernel-written results come back on
 * every call ({@code EVERY_EXECUTION}). The plan is built and its kernels compiled ({@code withPreCompilation}) when
 * this is constructed, with {@link ClRuntime#BUILD_OPTIONS}, so a run only copies and launches. Runs are serialised
 * (one set of buffers).
 * <pre>{@code
 * TornadoExecutable exe = new TornadoBackend().compile(device, graph);
 * Vector<NdArray> ys = exe.run(xs);   // same values as new GraphCompiler().compile(graph).run(xs)
 * }</pre>
 */
public final class TornadoExecutable implements Compiler.Executable, AutoCloseable {
  private static final AtomicLong GRAPHS = new AtomicLong();
  private static final Path KERNEL_DIR = kernelDir();

  private final DevicePlan plan;
  private final BackendDevice device;
  private final ByteArray[] arrays;   // per plan buffer; an alias holds its root's array
  private final TornadoExecutionPlan execution;
  private final String name;

  TornadoExecutable(DevicePlan plan, BackendDevice device, TornadoDevice tornado) {
    this.plan = plan;
    this.device = device;
    this.name = "graft" + GRAPHS.incrementAndGet();
    this.arrays = new ByteArray[plan.buffers().size()];
    for (DevicePlan.Buffer b : plan.buffers()) {
      if (b.aliasOf().isDefined()) { arrays[b.id()] = arrays[b.aliasOf().get()]; continue; }
      ByteArray a = new ByteArray(Math.toIntExact(b.bytes()));
      arrays[b.id()] = a;
      b.value().forEach(v -> ClBuffer.write(v, a.getSegment()));
    }
    // root buffer -> the last launch that reads it, and the launches whose results the caller reads
    int[] lastRead = new int[plan.buffers().size()];
    java.util.Arrays.fill(lastRead, -1);
    for (int i = 0; i < plan.launches().size(); i++)
      for (int k = 1; k < plan.launches().get(i).args().size(); k++) lastRead[rootId(plan.launches().get(i).args().get(k))] = i;
    Set<Integer> results = new LinkedHashSet<>();
    for (DevicePlan.Result r : plan.results()) if (r.buffer() >= 0) results.add(rootId(r.buffer()));
    String[] home = new String[plan.buffers().size()];   // root buffer -> the task graph that put it on the device
    GridScheduler grids = new GridScheduler();
    List<ImmutableTaskGraph> graphs = new ArrayList<>();
    for (int i = 0; i < plan.launches().size(); i++) {
      DevicePlan.Launch l = plan.launches().get(i);
      String g = name + "_" + i;
      TaskGraph graph = new TaskGraph(g);
      List<Object> persist = new ArrayList<>();
      for (int k = 1; k < l.args().size(); k++) {
        int r = rootId(l.args().get(k));
        if (g.equals(home[r])) continue;   // read twice by this launch (x + transpose(x)): already on its way in
        if (home[r] != null) { graph.consumeFromDevice(home[r], arrays[r]); continue; }
        DevicePlan.Role role = plan.buffers().get(r).role();
        graph.transferToDevice(role == DevicePlan.Role.PARAM ? DataTransferMode.EVERY_EXECUTION : DataTransferMode.FIRST_EXECUTION, arrays[r]);
        home[r] = g;
        if (lastRead[r] > i) persist.add(arrays[r]);
      }
      int out = rootId(l.args().get(0));
      AccessorParameters ap = new AccessorParameters(l.args().size());
      for (int k = 0; k < l.args().size(); k++) ap.set(k, arrays[l.args().get(k)], k == 0 ? Access.WRITE_ONLY : Access.READ_ONLY);
      String suffix = "_" + digest(l.source()).substring(0, 16);
      graph.prebuiltTask("t", l.kernel() + suffix, kernelFile(l.source(), suffix).toString(), ap);
      grids.addWorkerGrid(g + ".t", grid(l));
      home[out] = g;
      if (lastRead[out] > i) persist.add(arrays[out]);
      if (!persist.isEmpty()) graph.persistOnDevice(persist.toArray());
      if (results.contains(out) && plan.buffers().get(out).role() == DevicePlan.Role.TEMP)
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, arrays[out]);
      graphs.add(graph.snapshot());
    }
    this.execution = graphs.isEmpty() ? null : new TornadoExecutionPlan(graphs.toArray(ImmutableTaskGraph[]::new));
    if (execution != null) {
      execution.withDevice(tornado).withGridScheduler(grids)
          .withCompilerFlags(TornadoVMBackendType.OPENCL, ClRuntime.BUILD_OPTIONS).withPreCompilation();
    }
  }

  private int rootId(int id) { return plan.buffers().get(id).aliasOf().getOrElse(id); }

  private static WorkerGrid grid(DevicePlan.Launch l) {
    long[] g = {1, 1, 1}, w = {1, 1, 1};
    for (int d = 0; d < l.global().size(); d++) g[d] = l.global().get(d);
    for (int d = 0; d < l.local().size(); d++) w[d] = l.local().get(d);
    WorkerGrid grid = switch (l.global().size()) {
      case 1 -> new WorkerGrid1D(1);
      case 2 -> new WorkerGrid2D(1, 1);
      default -> new WorkerGrid3D(1, 1, 1);
    };
    grid.setGlobalWork(g[0], g[1], g[2]);
    if (l.local().isEmpty()) grid.setLocalWorkToNull();
    else grid.setLocalWork(w[0], w[1], w[2]);
    return grid;
  }

  /** The device this runs on. */
  public BackendDevice device() { return device; }

  /** The plan it runs. */
  public DevicePlan plan() { return plan; }

  /** Copies {@code args} into the parameter buffers, runs the task graph, reads the results back. */
  @Override public synchronized Vector<NdArray> run(Vector<NdArray> args) {
    if (args.size() != plan.params().size())
      throw new IllegalArgumentException("jit on " + device + ": the executable takes " + plan.params().size()
          + " argument(s) " + plan.graph().inTypes().mkString("(", ", ", ")") + ", got " + args.size());
    for (int i = 0; i < args.size(); i++) {
      NdArray a = args.get(i);
      ShapedType want = plan.graph().in().get(i).type();
      if (a.dtype() != want.dtype() || !a.shape().equals(want.shape()))
        throw new IllegalArgumentException("jit on " + device + ": argument " + i + " is " + a.dtype() + a.shape()
            + " but the executable was compiled for " + want);
      ClBuffer.write(a, arrays[plan.params().get(i)].getSegment());
    }
    // graph by graph, in order (as TornadoVM's own shared-buffer tests run them; a plain execute() of a plan whose
    // graphs persist buffers for each other fails in its interpreter)
    for (int i = 0; i < plan.launches().size(); i++) execution.withGraph(i).execute();
    return plan.results().map(r -> r.value().getOrElse(() ->
        ClBuffer.read(arrays[r.buffer()].getSegment(), r.type().dtype(), r.type().shape())));
  }

  /** The optimised graph, then each prebuilt task with the OpenCL C TornadoVM builds for it. */
  @Override public String describe() {
    StringBuilder b = new StringBuilder(plan.graph().toString()).append("\nTornadoVM task graph ").append(name)
        .append(" on ").append(device).append(':');
    for (int i = 0; i < plan.launches().size(); i++) {
      DevicePlan.Launch l = plan.launches().get(i);
      b.append("\n  t").append(i).append(": ").append(l.what()).append(" as prebuilt kernel ").append(l.kernel())
          .append(" over ").append(l.global().mkString("[", ", ", "]")).append(" work-items, buffers ")
          .append(l.args().mkString("(", ", ", ")"));
    }
    return b.toString();
  }

  /** Frees this task graph's device buffers. */
  @Override public void close() {
    if (execution == null) return;
    try {
      execution.close();
    } catch (Exception e) {
      throw new IllegalStateException("TornadoVM task graph " + name + ": freeing its device memory failed", e);
    }
  }

  /** A hex digest of {@code text} (SHA-256). */
  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The file holding {@code source} in TornadoVM's convention, its kernels renamed with {@code suffix} (prebuilt tasks
   * read their kernel from a file).
   */
  private static Path kernelFile(String source, String suffix) {
    String text = TornadoAbi.rewrite(source, TornadoNativeArray.ARRAY_HEADER, suffix);
    try {
      Path f = KERNEL_DIR.resolve("k" + digest(text).substring(0, 24) + ".cl");
      if (!Files.exists(f)) {
        Path tmp = Files.createTempFile(KERNEL_DIR, "k", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException("TornadoVM backend: could not write a prebuilt kernel under " + KERNEL_DIR, e);
    }
  }

  private static Path kernelDir() {
    try {
      Path d = Files.createTempDirectory("graft-tornado-");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("TornadoVM backend: could not create a directory for prebuilt kernels", e);
    }
  }
}
