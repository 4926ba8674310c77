package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.data.Batch;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.nn.Losses;
import io.graft.nn.Policy;
import io.graft.nn.ResNet;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W7-bf16's loss curve: the W7 network ({@link ResNet#resnet18}, 7×7/2 stem and max pool, 10 classes) trained with Adam
 * (lr 1e-3) at batch 32 on Fashion-MNIST padded to 32×32×3, from the same seed and the same batches, once in f32 and
 * once under {@code Policy.parse("params=f32,compute=bf16,output=f32")}; prints the mean loss of the last 20 steps of
 * each and their ratio, and writes both curves to {@code target/demo/w7-precision-curves.png} and {@code .csv}.
 * {@code args[0]}: the number of steps (default 200).
 */
public final class PrecisionCurves {
  private PrecisionCurves() {}

  record State(ResNet model, ResNet.State stats, OptState.Chain opt) {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200, batch = 32;
    Examples train = FashionMnist.load().train();
    Map<String, List<Float>> curves = new LinkedHashMap<>();
    for (String compute : new String[] {"f32", "bf16"}) {
      Policy policy = Policy.parse("params=f32,compute=" + compute + ",output=f32");
      GradientTransformation<OptState.Chain> adam = Optim.chain(Optim.adam(1e-3));
      ResNet init = ResNet.resnet18(Random.key(0), 10);
      State state = new State(init, init.initState(), adam.init(init));
      Jitted2<State, Examples, Tuple2<State, Array>> step = Graft.jit((State s, Examples b) -> {
        Tuple2<Tuple2<Array, ResNet.State>, ResNet> lg = Graft.valueAndGradWithAux((ResNet m) -> {
          Tuple2<Array, ResNet.State> r = policy.castToCompute(m).apply(policy.castToCompute(b.inputs()),
              policy.castToCompute(s.stats()), true);
          return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(policy.castToOutput(r._1), b.labels()).mean(),
              policy.castToParam(r._2));
        }).apply(s.model());
        Update<ResNet, OptState.Chain> u = adam.update(lg._2, s.opt(), s.model());
        return Tuple.of(new State(Optim.applyUpdates(s.model(), u.updates()), lg._1._2, u.state()), lg._1._1);
      });
      List<Float> losses = new ArrayList<>();
      Iterator<Batch<Examples>> it = Dataset.of(train).batches(batch, 1, Dataset.Remainder.DROP);
      long t0 = System.nanoTime();
      for (int k = 0; k < steps && it.hasNext(); k++) {
        Tuple2<State, Array> r = step.apply(state, ResNetDemo.rgb32(it.next().data(), true));
        state = r._1;
        losses.add(r._2.item().floatValue());
        if ((k + 1) % 20 == 0)
          System.out.printf(Locale.ROOT, "%s step %d: loss %.4f (%.2f s/step)%n", compute, k + 1, losses.getLast(),
              (System.nanoTime() - t0) / 1e9 / (k + 1));
      }
      curves.put(compute, losses);
    }
    double f32 = tailMean(curves.get("f32")), bf16 = tailMean(curves.get("bf16"));
    System.out.printf(Locale.ROOT, "mean loss of the last 20 steps: f32 %.4f, bf16 %.4f (bf16/f32 %.3f; within 5%%: %s)%n",
        f32, bf16, bf16 / f32, Math.abs(bf16 / f32 - 1) <= 0.05);
    Path out = Path.of("target/demo").toAbsolutePath();
    Files.createDirectories(out);
    StringBuilder csv = new StringBuilder("step,f32,bf16\n");
    for (int k = 0; k < curves.get("f32").size(); k++)
      csv.append(k + 1).append(',').append(curves.get("f32").get(k)).append(',').append(curves.get("bf16").get(k)).append('\n');
    Path tmp = Files.createTempFile(out, ".curves", ".csv");
    Files.writeString(tmp, csv);
    Files.move(tmp, out.resolve("w7-precision-curves.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Plots.lossCurves("W7 ResNet-18, batch 32, Adam 1e-3, Fashion-MNIST 32x32x3: f32 vs bf16 policy", curves,
        out.resolve("w7-precision-curves.png"));
    System.out.println("curves: " + out.resolve("w7-precision-curves.png"));
  }

  static double tailMean(List<Float> xs) {
    return xs.subList(Math.max(0, xs.size() - 20), xs.size()).stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
  }
}
