package io.graft;

import io.graft.jit.collective.DeviceCollectives;
import io.graft.jit.collective.GroupAbortedError;
import io.graft.jit.collective.Communicator;
import io.graft.jit.collective.LocalGroup;
import io.graft.jit.collective.Processes;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Compiler;
import io.graft.trace.Const;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.NamedAxis;
import io.graft.trace.NanCheck;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.ops.Shapes;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One pmapped function and its cache behind {@link Graft#pmap}: per signature (argument structure and per-device
 * leaf types, device count) {@code f} is traced once, with {@code axisName} bound as a device axis
 * ({@link NamedAxis#devices}) so its collectives become equations, and compiled once by the CPU jit. A call splits
 * the mapped leaves along their axis (one entry per device), runs the executable on every device's driver thread at
 * once, each bound to its member of a {@link LocalGroup} so the collectives exchange across the devices, and stacks
 * the results along their out axes.
 */
final class Pmap<P, R> {
  private record Key(TreeDef def, Vector<ShapedType> types, int devices) {}

  private record Compiled(Compiler.Executable executable, TreeDef outDef) {}

  private final String site;
  private final Function<P, R> f;
  private final AxisSpec inAxes;
  private final AxisSpec outAxes;
  private final String axisName;
  private final ConcurrentHashMap<Key, Compiled> cache = new ConcurrentHashMap<>();

  Pmap(String site, Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes, String axisName) {
    this.site = site;
    this.f = f;
    this.inAxes = inAxes;
    this.outAxes = outAxes;
    this.axisName = axisName;
  }

  /** Signatures compiled so far (for tests). */
  int compileCount() { return cache.size(); }

  @SuppressWarnings("unchecked")
  R apply(P x) {
    if (TraceContext.innermost().isDefined())
      throw new TransformError("pmap(" + site + "): called inside " + TraceContext.innermost().get().describe() + "; pmap runs "
          + "concrete arrays on the devices, so put the transform inside it instead (Graft.pmap(Graft.grad(loss), \""
          + axisName + "\")), or use Graft.vmap(f, inAxes, outAxes, \"" + axisName + "\") there");
    Trees.Flat flat = Trees.flatten(x);
    Vector<String> names = Trees.paths(x).map(p -> "argument" + p);
    Vector<Value> values = flat.leaves().map(Leaf::value);
    for (int i = 0; i < values.size(); i++)
      if (!(values.get(i) instanceof Const))
        throw new TransformError("pmap(" + site + "): " + names.get(i) + " " + values.get(i).type() + " is not a concrete array; "
            + "pmap takes concrete arrays (call it outside jit/grad/vmap)");
    int n = CpuDevices.count();
    Optional<Communicator> processes = Processes.world();
    if (processes.isPresent() && n != 1)
      throw new TransformError("pmap(" + site + "): this process is one of the " + processes.get().size() + " processes of an MPI "
          + "job, where pmap spans the processes with one device each, but -D" + CpuDevices.PROPERTY + "=" + n + " gives it " + n
          + "; run the job with -D" + CpuDevices.PROPERTY + "=1 (one device per process), or pmap before Distributed.init()");
    int global = processes.map(Communicator::size).orElse(n);
    Vector<Integer> axes = inAxes.resolve(flat.def(), "in_axes");
    int[] dims = new int[values.size()];
    for (int i = 0; i < dims.length; i++) {
      ShapedType t = values.get(i).type();
      if (axes.get(i) == null) { dims[i] = -1; continue; }
      int a = axes.get(i) < 0 ? axes.get(i) + t.rank() : axes.get(i);
      if (a < 0 || a >= t.rank())
        throw new ShapeError("pmap(" + site + "): in_axes " + axes.get(i) + " is out of range for " + names.get(i) + " " + t
            + " (rank " + t.rank() + "); use an axis in [" + (-t.rank()) + ", " + t.rank() + "), or null to replicate it");
      if (t.shape().dim(a) != n)
        throw new ShapeError("pmap(" + site + "): " + names.get(i) + " " + t + " has " + t.shape().dim(a) + " entries along its "
            + "mapped axis " + a + ", but there " + (n == 1 ? "is " : "are ") + n + " local CPU device" + (n == 1 ? "" : "s") + " (-D" + CpuDevices.PROPERTY
            + "=" + n + "); pmap needs one entry per device: reshape a batch of B to [" + n + ", B/" + n + ", ...] (B a multiple of "
            + n + "), or run with -D" + CpuDevices.PROPERTY + "=" + t.shape().dim(a));
      dims[i] = a;
    }
    Vector<Vector<NdArray>> perDevice = Vector.range(0, n).map(k -> slices(values, dims, k));
    Key key = new Key(flat.def(), perDevice.head().map(a -> ShapedType.of(a.dtype(), a.shape())), global);
    Compiled c = cache.computeIfAbsent(key, k -> compile(flat.def(), perDevice.head(), global));
    Vector<Vector<NdArray>> outs = processes.isPresent()
        ? Vector.of(acrossProcesses(c.executable(), perDevice.head(), processes.get())) : run(c.executable(), perDevice, n);
    Vector<Integer> oa = outAxes.resolve(c.outDef(), "out_axes");
    Vector<Value> stacked = Vector.range(0, outs.head().size()).map(i -> stack(outs.map(o -> o.get(i)), oa.get(i), i));
    return (R) Flat.arrays(c.outDef(), stacked);
  }

  /** Device {@code k}'s arguments: entry {@code k} of each mapped leaf, the whole of each replicated one. */
  private static Vector<NdArray> slices(Vector<Value> values, int[] dims, int k) {
    return Vector.range(0, values.size()).map(i -> {
      Const v = (Const) values.get(i);
      int a = dims[i];
      if (a < 0) return v.array();
      int[] starts = new int[v.type().rank()];
      int[] limits = v.type().shape().dims();
      starts[a] = k;
      limits[a] = k + 1;
      return ((Const) Shapes.laxSqueeze(Shapes.laxSlice(v, starts, limits, null), a)).array();
    });
  }

  private Compiled compile(TreeDef def, Vector<NdArray> example, int n) {
    TreeDef[] outDef = new TreeDef[1];
    Vector<ShapedType> types = example.map(a -> ShapedType.of(a.dtype(), a.shape()));
    GraphBuilder.Traced traced = TraceContext.withinDeviceAxis(NamedAxis.devices(axisName, n),
        () -> GraphBuilder.trace("pmap", site, types, Flat.fn("pmap", site, f, def, outDef)));
    Graphs.check(traced.graph());
    if (!traced.outerArgs().isEmpty())
      throw new TransformError("pmap(" + site + "): the function closes over " + traced.outerArgs().size() + " traced value(s) "
          + traced.outerArgs().map(Value::type).mkString("(", ", ", ")") + " of an enclosing transform; pass them as arguments");
    return new Compiled(Jit.COMPILER.compile(traced.graph()), outDef[0]);
  }

  /**
   * Runs {@code exe} on every device at once, device {@code k} on its driver thread with {@code args.get(k)} and
   * member {@code k} of a fresh group; the first device error (not the others' {@link GroupAbortedError}) is rethrown.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Vector<Vector<NdArray>> run(Compiler.Executable exe, Vector<Vector<NdArray>> args, int n) {
    Vector<CpuDevices.Runtime> devices = CpuDevices.runtimes(n);
    LocalGroup group = LocalGroup.of(n);
    boolean nanChecks = NanCheck.enabled();   // a scoped NanCheck.withEnabled reaches the device threads too
    Vector<Future<Vector<NdArray>>> futures = Vector.range(0, n).map(k -> devices.get(k).driver().submit(() -> {
      try {
        Supplier<Vector<NdArray>> body = () -> DeviceCollectives.on(axisName, group.member(k), () -> exe.run(args.get(k)));
        return nanChecks ? NanCheck.withEnabled(body) : body.get();
      } catch (Throwable t) {
        group.abort();    // the other devices stop waiting for this one at their next exchange
        throw t;
      }
    }));
    Vector<NdArray>[] results = new Vector[n];   // filled in device order below; never escapes
    RuntimeException first = null;
    boolean interrupted = false;
    for (int k = 0; k < n; k++) {
      try {
        results[k] = futures.get(k).get();
      } catch (InterruptedException e) {
        interrupted = true;
        group.abort();
        k--;   // wait for the device all the same: its buffers are in use
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error err) throw err;
        RuntimeException r = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        if (first == null || first instanceof GroupAbortedError && !(r instanceof GroupAbortedError)) first = r;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    if (first != null) throw Flat.inTransform("pmap", site, first);
    return Vector.of(results);
  }

  /**
   * This process's share of a pmap over an MPI job's processes: {@code exe} on its one device (the driver thread of
   * device 0), its collectives exchanged with the other processes through {@code processes} (MPI calls). A failure
   * is thrown here; the other processes then block in their next exchange until {@code mpirun} ends the job, which
   * it does when this process exits with an error (MPI is fail-stop).
   */
  private Vector<NdArray> acrossProcesses(Compiler.Executable exe, Vector<NdArray> args, Communicator processes) {
    boolean nanChecks = NanCheck.enabled();
    Future<Vector<NdArray>> f = CpuDevices.runtimes(1).head().driver().submit(() -> {
      Supplier<Vector<NdArray>> body = () -> DeviceCollectives.on(axisName, processes, () -> exe.run(args));
      return nanChecks ? NanCheck.withEnabled(body) : body.get();
    });
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("pmap(" + site + "): interrupted while this process's device ran", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) throw err;
      RuntimeException r = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      throw Flat.inTransform("pmap", site, r);
    }
  }

  /** Output leaf {@code i} of every device, stacked along {@code axis} (device 0's alone when {@code axis} is null). */
  private Value stack(Vector<NdArray> perDevice, Integer axis, int i) {
    if (axis == null) return Const.of(perDevice.head());
    int rank = perDevice.head().shape().rank() + 1;
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
      throw new ShapeError("pmap(" + site + "): out_axes " + axis + " is out of range for output " + i + " "
          + perDevice.head().dtype() + perDevice.head().shape() + " stacked over the devices (rank " + rank + "); use an axis in ["
          + (-rank) + ", " + rank + ")");
    return Shapes.stack(a, perDevice.map(v -> (Value) Const.of(v)).toJavaArray(Value[]::new));
  }
}
