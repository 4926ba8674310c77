package io.graft.quant;

import io.graft.Array;
import io.graft.Np;
import io.graft.nn.Conv;
import io.graft.nn.Dense;
import io.graft.nn.Flatten;
import io.graft.nn.MaxPool;
import io.graft.nn.Mlp;
import io.graft.nn.Pad;
import io.graft.nn.ResNet;
import io.graft.nn.SmallCnn;
import io.graft.numerics.Ints;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.QuantGemm;
import io.graft.trace.Const;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Post-training quantization of trained f32 layers (see the {@link io.graft.quant package} doc for the arithmetic).
 * Each factory runs the f32 model over the calibration batches, lets a {@link Calibrator} observe the input of every
 * layer it quantizes, and returns the integer model.
 * <pre>{@code
 * Iterable<Array> calibration = List.of(xTrain.slice(0, 256), xTrain.slice(256, 512));
 * QuantizedMlp q = Quantize.mlp(mlp, calibration, Calibrator.minMax());
 * }</pre>
 */
public final class Quantize {
  private Quantize() {}

  /**
   * Per-output-channel symmetric i8 weights of a {@code [in, out]} f32 kernel: {@code s_j = max_i |W[i, j]| / 127}
   * (1 for an all-zero column) and {@code q[j, i] = round_half_even(W[i, j] / s_j)}, saturated to {@code [-127, 127]}.
   *
   * @param kernel f32 {@code [in, out]}
   * @return {@code {weights i8[out, in], scales f32[out]}}
   */
  public static Array[] weightsPerChannel(Array kernel) {
    NdArray k = concrete("Quantize.weightsPerChannel", kernel, DType.F32);
    if (k.rank() != 2) throw new io.graft.numerics.ShapeError("Quantize.weightsPerChannel: kernel must be f32[in, out], got " + k.dtype() + k.shape());
    int in = k.shape().dim(0), out = k.shape().dim(1);
    float[] w = k.f32(), s = new float[out];
    for (int i = 0; i < in; i++) for (int j = 0; j < out; j++) s[j] = Math.max(s[j], Math.abs(w[i * out + j]));
    for (int j = 0; j < out; j++) s[j] = s[j] > 0 ? s[j] / 127 : 1;
    byte[] q = new byte[in * out];
    for (int j = 0; j < out; j++) for (int i = 0; i < in; i++) q[j * in + i] = (byte) QuantGemm.quantize(w[i * out + j], s[j], 0, -127, 127);
    return new Array[] {wrap(NdArray.wrapBytes(DType.I8, Shape.of(out, in), q)), wrap(NdArray.wrap(Shape.of(out), s))};
  }

  /**
   * A quantized {@link Dense} whose input range is calibrated on {@code batches}.
   *
   * @param dense      the trained layer (f32)
   * @param batches    calibration inputs, f32 {@code [..., in]}
   * @param calibrator how the input range is chosen
   * @return the quantized layer
   */
  public static QuantizedDense dense(Dense dense, Iterable<Array> batches, Calibrator calibrator) {
    Objects.requireNonNull(dense, "dense is null");
    Calibrator.Observer o = Objects.requireNonNull(calibrator, "calibrator is null").observer();
    for (Array x : Objects.requireNonNull(batches, "batches is null")) o.observe(concrete("Quantize.dense", x, DType.F32).f32());
    return dense(dense, params(o));
  }

  /**
   * A quantized {@link Mlp}: the input of every layer (the model's input, then each activation's output) calibrated
   * on {@code batches} run through the f32 model.
   *
   * @param mlp        the trained model (f32)
   * @param batches    calibration inputs, f32 {@code [..., in]}
   * @param calibrator how each input range is chosen
   * @return the quantized model
   */
  public static QuantizedMlp mlp(Mlp mlp, Iterable<Array> batches, Calibrator calibrator) {
    Objects.requireNonNull(mlp, "mlp is null");
    Objects.requireNonNull(calibrator, "calibrator is null");
    int n = mlp.layers().size();
    Calibrator.Observer[] obs = new Calibrator.Observer[n];
    for (int i = 0; i < n; i++) obs[i] = calibrator.observer();
    for (Array x : Objects.requireNonNull(batches, "batches is null")) {
      Array h = x;
      for (int i = 0; i < n; i++) {
        obs[i].observe(concrete("Quantize.mlp", h, DType.F32).f32());
        h = mlp.layers().get(i).apply(h);
        if (i + 1 < n) h = mlp.activation().apply(h);
      }
    }
    Vector<QuantizedDense> layers = Vector.empty();
    for (int i = 0; i < n; i++) layers = layers.append(dense(mlp.layers().get(i), params(obs[i])));
    return new QuantizedMlp(layers, mlp.activation());
  }

  /**
   * A quantized {@link SmallCnn}: the input of each of its four layers calibrated on {@code batches} run through the
   * f32 model. Its convolutions must be 2-D, one group, no dilation, SAME or VALID padding (as {@code SmallCnn.init}
   * makes them).
   *
   * @param cnn        the trained model (f32)
   * @param batches    calibration images, f32 {@code [n, h, w, c]}
   * @param calibrator how each input range is chosen
   * @return the quantized model
   */
  public static QuantizedCnn smallCnn(SmallCnn cnn, Iterable<Array> batches, Calibrator calibrator) {
    Objects.requireNonNull(cnn, "cnn is null");
    Objects.requireNonNull(calibrator, "calibrator is null");
    Calibrator.Observer[] obs = new Calibrator.Observer[4];
    for (int i = 0; i < 4; i++) obs[i] = calibrator.observer();
    MaxPool pool = MaxPool.of(2, 2);
    for (Array x : Objects.requireNonNull(batches, "batches is null")) {
      obs[0].observe(concrete("Quantize.smallCnn", x, DType.F32).f32());
      Array h = pool.apply(Np.relu(cnn.conv1().apply(x)));
      obs[1].observe(store(h).f32());
      h = new Flatten(1).apply(pool.apply(Np.relu(cnn.conv2().apply(h))));
      obs[2].observe(store(h).f32());
      h = Np.relu(cnn.hidden().apply(h));
      obs[3].observe(store(h).f32());
    }
    return new QuantizedCnn(conv(cnn.conv1(), params(obs[0])), conv(cnn.conv2(), params(obs[1])),
        dense(cnn.hidden(), params(obs[2])), dense(cnn.output(), params(obs[3])));
  }

  /**
   * A quantized {@link ResNet} in evaluation mode: every BatchNorm folded into its convolution with the running
   * statistics of {@code state}, then the input of every convolution and of the classifier calibrated on
   * {@code batches} run through the folded f32 network (see {@link QuantizedResNet} for where activations are
   * quantized).
   *
   * @param net        the trained model (f32)
   * @param state      its BatchNorm running statistics
   * @param batches    calibration images, f32 {@code [n, h, w, channels]}
   * @param calibrator how each input range is chosen
   * @return the quantized model
   */
  public static QuantizedResNet resnet(ResNet net, ResNet.State state, Iterable<Array> batches, Calibrator calibrator) {
    Objects.requireNonNull(net, "net is null");
    Objects.requireNonNull(state, "state is null (the running statistics, e.g. from initState() or training)");
    Objects.requireNonNull(calibrator, "calibrator is null");
    if (state.blocks().size() != net.blocks().size())
      throw new IllegalArgumentException("Quantize.resnet: state has " + state.blocks().size() + " block states for "
          + net.blocks().size() + " blocks");
    Conv stem = fold(net.stem(), state.stem());
    int nb = net.blocks().size();
    Conv[] a = new Conv[nb], b = new Conv[nb], p = new Conv[nb];
    for (int i = 0; i < nb; i++) {
      ResNet.BasicBlock k = net.blocks().get(i);
      ResNet.BlockState s = state.blocks().get(i);
      a[i] = fold(k.a(), s.a());
      b[i] = fold(k.b(), s.b());
      if (k.projection().isDefined()) {
        if (s.projection().isEmpty())
          throw new IllegalArgumentException("Quantize.resnet: block " + i + " has a projection but its state has no statistics for it");
        p[i] = fold(k.projection().get(), s.projection().get());
      }
    }
    Calibrator.Observer in = calibrator.observer(), fcIn = calibrator.observer();
    Calibrator.Observer[] blockIn = new Calibrator.Observer[nb], mid = new Calibrator.Observer[nb];
    for (int i = 0; i < nb; i++) { blockIn[i] = calibrator.observer(); mid[i] = calibrator.observer(); }
    MaxPool pool = MaxPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.of(new int[] {1, 1}, new int[] {1, 1}));
    for (Array x : Objects.requireNonNull(batches, "batches is null")) {
      in.observe(concrete("Quantize.resnet", x, DType.F32).f32());
      Array h = Np.relu(stem.apply(x));
      if (net.pool()) h = pool.apply(h);
      for (int i = 0; i < nb; i++) {
        blockIn[i].observe(store(h).f32());
        Array m = Np.relu(a[i].apply(h));
        mid[i].observe(store(m).f32());
        h = Np.relu(b[i].apply(m).add(p[i] != null ? p[i].apply(h) : h));
      }
      fcIn.observe(store(h.mean(1, 2)).f32());
    }
    Vector<QuantizedResNet.Block> blocks = Vector.empty();
    for (int i = 0; i < nb; i++) {
      QParams bi = params(blockIn[i]);
      blocks = blocks.append(new QuantizedResNet.Block(conv(a[i], bi), conv(b[i], params(mid[i])),
          p[i] == null ? Option.none() : Option.some(conv(p[i], bi))));
    }
    return new QuantizedResNet(conv(stem, params(in)), net.pool(), blocks, dense(net.fc(), params(fcIn)));
  }

  /**
   * A convolution and the BatchNorm after it (evaluation mode) as one convolution with bias:
   * {@code W'[..., o] = W[..., o] · f_o}, {@code b'_o = β_o - m_o · f_o}, {@code f_o = γ_o / √(v_o + ε)} (in f64,
   * rounded once to f32); padding {@code k / 2} on each side, as {@link ResNet.ConvNorm} pads.
   */
  static Conv fold(ResNet.ConvNorm cn, io.graft.nn.BatchNorm.State s) {
    NdArray k = concrete("Quantize.resnet", cn.kernel(), DType.F32);
    float[] w = k.f32().clone();
    float[] g = concrete("Quantize.resnet", cn.norm().scale(), DType.F32).f32();
    float[] beta = concrete("Quantize.resnet", cn.norm().bias(), DType.F32).f32();
    float[] mean = concrete("Quantize.resnet", s.mean(), DType.F32).f32();
    float[] var = concrete("Quantize.resnet", s.var(), DType.F32).f32();
    int out = k.shape().dim(3), size = k.shape().dim(0);
    float[] bias = new float[out];
    double[] f = new double[out];
    for (int o = 0; o < out; o++) {
      f[o] = g[o] / Math.sqrt(var[o] + cn.norm().eps());
      bias[o] = (float) (beta[o] - mean[o] * f[o]);
    }
    for (int e = 0; e < w.length; e++) w[e] = (float) (w[e] * f[e % out]);
    return new Conv(wrap(NdArray.wrap(k.shape(), w)), wrap(NdArray.wrap(Shape.of(out), bias)), cn.strides(),
        Pad.of(new int[] {size / 2, size / 2}, new int[] {size / 2, size / 2}), Ints.of(1, 1), 1);
  }

  static QuantizedConv conv(Conv c, QParams input) {
    NdArray k = concrete("Quantize.conv", c.kernel(), DType.F32);
    if (k.rank() != 4 || c.groups() != 1 || c.dilation().toArray()[0] != 1 || c.dilation().toArray()[1] != 1)
      throw new IllegalArgumentException("Quantize.conv: only 2-D convolutions with one group and no dilation are quantized;"
          + " got kernel " + k.dtype() + k.shape() + ", groups " + c.groups() + ", dilation " + c.dilation());
    int kh = k.shape().dim(0), kw = k.shape().dim(1);
    int sh = c.strides().toArray()[0], sw = c.strides().toArray()[1];
    Ints pads = switch (c.padding()) {
      case Pad.Valid v -> Ints.of(0, 0, 0, 0);
      case Pad.Explicit e -> Ints.of(e.padding().lo().get(0), e.padding().hi().get(0), e.padding().lo().get(1), e.padding().hi().get(1));
      case Pad.Same same -> {
        if (sh != 1 || sw != 1)
          throw new IllegalArgumentException("Quantize.conv: SAME padding is quantized for stride 1 only (its pads then do not"
              + " depend on the input size), got strides " + c.strides() + "; use VALID, explicit pads or stride 1");
        yield Ints.of((kh - 1) / 2, kh - 1 - (kh - 1) / 2, (kw - 1) / 2, kw - 1 - (kw - 1) / 2);
      }
    };
    return conv(c.kernel(), c.bias(), Ints.of(sh, sw), pads, input);
  }

  /** A quantized convolution of an f32 HWIO {@code kernel} (2-D, one group, no dilation) and optional bias. */
  static QuantizedConv conv(Array kernel, Array bias, Ints strides, Ints pads, QParams input) {
    NdArray k = concrete("Quantize.conv", kernel, DType.F32);
    int kh = k.shape().dim(0), kw = k.shape().dim(1), in = k.shape().dim(2), out = k.shape().dim(3);
    Array[] w = weightsPerChannel(wrap(k.reshape(Shape.of(kh * kw * in, out))));     // rows (ky, kx, c): OHWI once transposed
    Array weights = wrap(store(w[0]).reshape(Shape.of(out, kh, kw, in)));
    return new QuantizedConv(weights, w[1], bias, input, strides, pads);
  }

  static QuantizedDense dense(Dense d, QParams input) {
    Array[] w = weightsPerChannel(d.kernel());
    if (d.bias() != null) concrete("Quantize", d.bias(), DType.F32);
    return new QuantizedDense(w[0], w[1], d.bias(), input);
  }

  static QParams params(Calibrator.Observer o) {
    float[] r = o.range();
    return QParams.forRange(r[0], r[1]);
  }

  /** The concrete array behind {@code a}, which must have dtype {@code want}; typed errors name {@code op}. */
  static NdArray concrete(String op, Array a, DType want) {
    Objects.requireNonNull(a, "array is null");
    if (!(a.value() instanceof Const c))
      throw new IllegalStateException(op + ": quantized models run on concrete arrays, got a traced " + a.dtype()
          + java.util.Arrays.toString(a.shape()) + "; call it outside jit/grad/vmap");
    if (c.array().dtype() != want)
      throw new DTypeError(op + ": expected " + want + ", got " + c.array().dtype() + c.array().shape()
          + (want == DType.F32 ? "; cast with astype(Np.float32)" : ""));
    return c.array();
  }

  static NdArray store(Array a) { return ((Const) a.value()).array(); }

  static Array wrap(NdArray a) { return Array.wrap(Const.of(a)); }
}
