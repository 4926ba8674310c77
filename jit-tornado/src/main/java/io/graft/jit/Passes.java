package io.graft.jit;

import io.graft.jit.passes.CommonSubexpressions;
import io.graft.jit.passes.ConstantFold;
import io.graft.jit.passes.DeadCode;
import io.graft.jit.passes.InlineJit;
import io.graft.jit.passes.ScanHoist;
import io.graft.jit.passes.Simplify;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The optimisation pipeline: named passes, each a pure function {@code Graph -> Graph}, run in order by
 * {@link GraphCompiler}; {@link #stages} prints the graph after each of them and then the fused program, as
 * {@code Jitted.stages} shows a user.
 *
 * <p>Example: for {@code x -> (x + 0) * sin(x) + (x + 0) * sin(x)} the {@code simplify} stage drops the
 * {@code + 0}, {@code cse} merges the two products, {@code dce} removes the orphaned equations, and {@code fusion}
 * shows the one loop left.
 */
public final class Passes {
  private Passes() {}

  /**
   * One named pass.
   *
   * @param name as printed by {@link #stages} ({@code inline}, {@code constant_fold}, ...)
   * @param run  the pass; pure, keeps effectful equations
   */
  public record Pass(String name, UnaryOperator<Graph> run) {
    /** Validates. */
    public Pass {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(run, "run is null");
    }
  }

  /**
   * One stage of compilation and what it produced.
   *
   * @param name {@code traced}, a {@link Pass#name()}, or {@code fusion}
   * @param text the graph after that stage, or the fused program's steps
   */
  public record Stage(String name, String text) {
    /** Validates. */
    public Stage {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(text, "text is null");
    }

    /** The stage as a titled block: {@code == name ==} then the text. */
    @Override public String toString() { return "== " + name + " ==\n" + text; }
  }

  /** Every pass, in the order {@link GraphCompiler} runs them. */
  public static final Vector<Pass> PIPELINE = Vector.of(
      new Pass("inline", InlineJit::run),
      new Pass("constant_fold", ConstantFold::run),
      new Pass("simplify", Simplify::run),
      new Pass("cse", CommonSubexpressions::run),
      new Pass("dce", DeadCode::run),
      new Pass("scan_hoist", ScanHoist::run));

  /** The graph after the whole pipeline. */
  static Graph optimize(Graph g) {
    for (Pass pass : PIPELINE) g = pass.run().apply(g);
    return g;
  }

  /**
   * {@code g} stage by stage: {@code traced} (as given), the graph after each pass of {@link #PIPELINE} (type-checked),
   * then {@code fusion}: the steps of the program lowered with or without fusion (compiling its kernels).
   */
  public static Vector<Stage> stages(Graph g, boolean fuse) {
    Objects.requireNonNull(g, "g is null");
    Vector<Stage> out = Vector.of(new Stage("traced", g.toString()));
    for (Pass pass : PIPELINE) {
      g = Graphs.check(pass.run().apply(g));
      out = out.append(new Stage(pass.name(), g.toString()));
    }
    String steps = ProgramText.steps(Program.of(g, fuse));
    return out.append(new Stage("fusion", steps.isEmpty() ? "(no steps)" : steps.substring(1)));
  }
}
