package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.StaticField;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * ResNet-18 (He et al. 2015, torchvision's {@code resnet18}), channels last: {@code logits = fc(mean_{h,w}(blocks(
 * stem(x))))}, where the stem is conv → BatchNorm → relu (→ 3×3/2 max pool in the ImageNet variant) and the blocks
 * are four stages of two {@link BasicBlock}s with 64, 128, 256 and 512 features, each stage after the first halving
 * the resolution with a stride-2 first block whose shortcut is a projection (1×1/2 conv + BatchNorm).
 * <ul>
 *   <li>{@link #resnet18}: the ImageNet network, 7×7/2 stem and max pool (11,689,512 parameters for 1000 classes);</li>
 *   <li>{@link #resnet18Cifar}: the CIFAR network, 3×3/1 stem and no pool (11,173,962 parameters for 10 classes).</li>
 * </ul>
 * Parameters are the convolution kernels (no biases: each conv feeds a BatchNorm), BatchNorm's {@code γ, β} and the
 * fc's kernel and bias, the count PyTorch reports; the BatchNorm running statistics are the explicit {@link State},
 * returned by {@link #apply(Array, State, boolean)} as {@link BatchNorm} does, to keep beside the model in a train
 * state:
 * <pre>{@code
 * ResNet net = ResNet.resnet18Cifar(Random.key(0), 10);
 * ResNet.State s = net.initState();
 * Tuple2<Array, ResNet.State> r = net.apply(images, s, true);      // f32[n, 32, 32, 3] -> f32[n, 10], new state
 * Array logits = net.apply(images, r._2, false)._1;                 // evaluation: running statistics
 * }</pre>
 * Padding is PyTorch's ({@code k / 2} on both sides), convolution kernels are He-normal (fan in), BatchNorm has
 * momentum 0.9 (PyTorch's 0.1) and {@code ε = 1e-5}.
 *
 * @param stem   the first convolution and its BatchNorm
 * @param pool   whether the stem ends with a 3×3/2 max pool (padding 1)
 * @param blocks the eight basic blocks in order
 * @param fc     the classifier, {@code 512 → classes}
 */
public record ResNet(ConvNorm stem, boolean pool, Vector<BasicBlock> blocks, Dense fc) implements Layer {
  private static final MaxPool STEM_POOL = MaxPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.of(new int[] {1, 1}, new int[] {1, 1}));
  private static final int[] WIDTHS = {64, 128, 256, 512};

  /**
   * A convolution without bias followed by BatchNorm: {@code y = BN(conv(x, W))}, padding {@code k / 2} on each side
   * of both spatial axes.
   *
   * @param kernel  {@code [k, k, in, out]} (HWIO)
   * @param strides stride per spatial axis
   * @param norm    the BatchNorm over the {@code out} features
   */
  public record ConvNorm(Array kernel, @StaticField Ints strides, BatchNorm norm) {
    /**
     * He-normal kernel, {@code γ = 1}, {@code β = 0}.
     *
     * @param key    u32[2] key
     * @param in     input features
     * @param out    output features
     * @param size   the square window's side
     * @param stride the stride on both spatial axes
     * @return the unit
     */
    public static ConvNorm init(Array key, int in, int out, int size, int stride) {
      return new ConvNorm(Initializers.heNormal().init(key, new int[] {size, size, in, out}, Np.float32),
          Ints.of(stride, stride), BatchNorm.init(out, 0.9, 1e-5, Np.float32));
    }

    /**
     * {@code BN(conv(x))} on {@code [batch, h, w, in]}.
     *
     * @param x     input
     * @param state the BatchNorm's running statistics
     * @param train batch statistics (and updated state) or running statistics
     * @return (output, new state)
     */
    public Tuple2<Array, BatchNorm.State> apply(Array x, BatchNorm.State state, boolean train) {
      int k = kernel.shape()[0];
      int[][] pads = {{k / 2, k / 2}, {k / 2, k / 2}};
      Array y = ConvOps.apply("ResNet conv", x, kernel, null, strides.toArray(), size -> pads, Geometry.ones(2),
          Geometry.ones(2), 1);
      return norm.apply(y, state, train);
    }
  }

  /**
   * {@code relu(BN(conv3×3(relu(BN(conv3×3/s(x))))) + shortcut(x))}: the shortcut is {@code x} itself when shapes
   * agree, else the {@code projection} ({@code BN(conv1×1/s(x))}).
   *
   * @param a          first 3×3 convolution (stride {@code s}) with its BatchNorm
   * @param b          second 3×3 convolution (stride 1) with its BatchNorm
   * @param projection the 1×1 projection shortcut, or none for the identity
   */
  public record BasicBlock(ConvNorm a, ConvNorm b, Option<ConvNorm> projection) {
    /**
     * A block from {@code in} to {@code out} features with the given stride; a projection where {@code stride != 1}
     * or {@code in != out}.
     *
     * @param key    u32[2] key
     * @param in     input features
     * @param out    output features
     * @param stride 1 or 2
     * @return the block
     */
    public static BasicBlock init(Array key, int in, int out, int stride) {
      Array keys = Random.split(key, 3);
      return new BasicBlock(ConvNorm.init(keys.get(0), in, out, 3, stride), ConvNorm.init(keys.get(1), out, out, 3, 1),
          stride != 1 || in != out ? Option.some(ConvNorm.init(keys.get(2), in, out, 1, stride)) : Option.none());
    }

    /** The block's first BatchNorm states. */
    public BlockState initState() {
      return new BlockState(a.norm().initState(), b.norm().initState(), projection.map(p -> p.norm().initState()));
    }

    /**
     * The block's output and new states.
     *
     * @param x     {@code [batch, h, w, in]}
     * @param state the block's running statistics
     * @param train training mode
     * @return (output, new state)
     */
    public Tuple2<Array, BlockState> apply(Array x, BlockState state, boolean train) {
      Tuple2<Array, BatchNorm.State> ra = a.apply(x, state.a(), train);
      Tuple2<Array, BatchNorm.State> rb = b.apply(Np.relu(ra._1), state.b(), train);
      Array shortcut = x;
      Option<BatchNorm.State> ps = state.projection();
      if (projection.isDefined()) {
        if (ps.isEmpty()) throw new IllegalArgumentException("ResNet.BasicBlock: state has no projection statistics for a "
            + "block with a projection shortcut; build the state with initState()");
        Tuple2<Array, BatchNorm.State> rp = projection.get().apply(x, ps.get(), train);
        shortcut = rp._1;
        ps = Option.some(rp._2);
      }
      return Tuple.of(Np.relu(rb._1.add(shortcut)), new BlockState(ra._2, rb._2, ps));
    }
  }

  /**
   * A block's BatchNorm running statistics.
   *
   * @param a          the first convolution's
   * @param b          the second convolution's
   * @param projection the projection's, or none
   */
  public record BlockState(BatchNorm.State a, BatchNorm.State b, Option<BatchNorm.State> projection) {}

  /**
   * The network's BatchNorm running statistics.
   *
   * @param stem   the stem's
   * @param blocks one per block, in order
   */
  public record State(BatchNorm.State stem, Vector<BlockState> blocks) {}

  /**
   * The ImageNet ResNet-18: 7×7/2 stem (padding 3), BatchNorm, relu, 3×3/2 max pool, blocks [2, 2, 2, 2], fc.
   *
   * @param key     u32[2] key
   * @param classes outputs
   * @return the model, f32, input {@code [batch, h, w, 3]}
   */
  public static ResNet resnet18(Array key, int classes) { return init(key, 3, 7, 2, true, classes); }

  /**
   * The CIFAR ResNet-18: 3×3/1 stem (padding 1), BatchNorm, relu, no pool, blocks [2, 2, 2, 2], fc.
   *
   * @param key     u32[2] key
   * @param classes outputs
   * @return the model, f32, input {@code [batch, 32, 32, 3]}
   */
  public static ResNet resnet18Cifar(Array key, int classes) { return init(key, 3, 3, 1, false, classes); }

  private static ResNet init(Array key, int channels, int stemSize, int stemStride, boolean pool, int classes) {
    if (classes < 1) throw new ShapeError("ResNet.resnet18: classes must be positive, got " + classes);
    Array keys = Random.split(key, 10);
    Vector<BasicBlock> blocks = Vector.empty();
    int in = WIDTHS[0];
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      int out = WIDTHS[stage];
      blocks = blocks.append(BasicBlock.init(keys.get(1 + 2 * stage), in, out, stage == 0 ? 1 : 2))
          .append(BasicBlock.init(keys.get(2 + 2 * stage), out, out, 1));
      in = out;
    }
    return new ResNet(ConvNorm.init(keys.get(0), channels, WIDTHS[0], stemSize, stemStride), pool, blocks,
        Dense.init(keys.get(9), in, classes));
  }

  /** Every BatchNorm's first running statistics (mean 0, variance 1). */
  @Override public State initState() {
    return new State(stem.norm().initState(), blocks.map(BasicBlock::initState));
  }

  /**
   * The logits and the new running statistics.
   *
   * @param x     {@code [batch, h, w, channels]}, channels last
   * @param state from {@link #initState()} or the previous call
   * @param train batch statistics, updating the state (training), or running statistics (evaluation)
   * @return ({@code [batch, classes]} logits, new state)
   */
  public Tuple2<Array, State> apply(Array x, State state, boolean train) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(state, "state is null (start from initState())");
    if (x.ndim() != 4)
      throw new ShapeError("ResNet: input " + Checks.type(x) + " must be [batch, height, width, channels] (channels "
          + "last; transpose NCHW with x.transpose(0, 2, 3, 1))");
    if (state.blocks().size() != blocks.size())
      throw new IllegalArgumentException("ResNet: state has " + state.blocks().size() + " block states for "
          + blocks.size() + " blocks; build it with initState()");
    Tuple2<Array, BatchNorm.State> rs = stem.apply(x, state.stem(), train);
    Array h = Np.relu(rs._1);
    if (pool) h = STEM_POOL.apply(h);
    Vector<BlockState> next = Vector.empty();
    for (int i = 0; i < blocks.size(); i++) {
      Tuple2<Array, BlockState> r = blocks.get(i).apply(h, state.blocks().get(i), train);
      h = r._1;
      next = next.append(r._2);
    }
    return Tuple.of(fc.apply(h.mean(1, 2)), new State(rs._2, next));
  }

  /**
   * Not available: the BatchNorms need their state.
   *
   * @throws IllegalStateException always, naming the call to use
   */
  @Override public Array apply(Array x) {
    throw new IllegalStateException("ResNet needs its BatchNorm running statistics: call apply(x, state, train) with "
        + "state from initState()");
  }

  /** {@link #apply(Array, State, boolean)} with the state as an {@code Object} (for {@link Sequential}). */
  @Override public Tuple2<Array, Object> call(Array x, Object state, boolean train, Array key) {
    if (!(state instanceof State s))
      throw new IllegalArgumentException("ResNet: state must be a ResNet.State (from initState()), got "
          + (state == null ? "null" : state.getClass().getName()));
    Tuple2<Array, State> r = apply(x, s, train);
    return Tuple.of(r._1, r._2);
  }

  /**
   * The number of parameters (array elements of the model's leaves: kernels, {@code γ}, {@code β}, the fc's kernel and
   * bias; not the running statistics, which live in {@link State}).
   *
   * @return the count
   */
  public long parameterCount() {
    long n = count(stem) + fc.kernel().size() + fc.bias().size();
    for (BasicBlock b : blocks) n += count(b.a()) + count(b.b()) + b.projection().map(ResNet::count).getOrElse(0L);
    return n;
  }

  private static long count(ConvNorm c) { return c.kernel().size() + c.norm().scale().size() + c.norm().bias().size(); }
}
