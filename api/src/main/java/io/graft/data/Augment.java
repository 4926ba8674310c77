package io.graft.data;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import java.util.Arrays;
import java.util.Objects;

/**
 * Data augmentation as pure functions on batches of images, channels last ({@code [n, h, w, c]}, or {@code [n, h, w]}
 * for grey images). The randomness is explicit: the {@code random*} functions take a seed (the same seed, the same
 * result; derive one per batch with {@link Shuffle#seed}{@code (run, epoch, batch.index())}), and each has a variant
 * that takes the random choices themselves. Crops and flips run on the host on concrete arrays (they are for the
 * input pipeline, outside jit); {@link #normalize} is array arithmetic and traces.
 *
 * <p>NB: JAX code draws these choices from a threefry key; key-taking overloads belong beside the seed-taking ones
 * once {@code io.graft.Random} lands (drawing the offsets with {@code randint} and the flips with {@code bernoulli},
 * then calling {@link #crop} and {@link #flipHorizontal}).
 */
public final class Augment {
  private Augment() {}

  /**
   * Each image zero-padded by {@code padding} pixels on every side, then cropped back to {@code h × w} at a random
   * offset in {@code [0, 2·padding]} along each axis (the CIFAR-10 recipe: {@code padding = 4}).
   */
  public static Array randomCrop(Array images, int padding, long seed) {
    int n = checkImages("Augment.randomCrop", images)[0];
    if (padding < 0) throw new IllegalArgumentException("Augment.randomCrop: padding must be >= 0, got " + padding);
    int[] r = Shuffle.ints(2 * n, 2 * padding + 1, seed);
    int[] dy = new int[n], dx = new int[n];
    for (int i = 0; i < n; i++) { dy[i] = r[2 * i]; dx[i] = r[2 * i + 1]; }
    return crop(images, padding, dy, dx);
  }

  /**
   * Each image zero-padded by {@code padding} on every side and cropped back to {@code h × w} starting at row
   * {@code dy[i]} and column {@code dx[i]} of the padded image: {@code out[i, y, x] = in[i, y + dy[i] - padding, x +
   * dx[i] - padding]}, zero outside the image.
   */
  public static Array crop(Array images, int padding, int[] dy, int[] dx) {
    int[] s = checkImages("Augment.crop", images);
    int n = s[0], h = s[1], w = s[2], c = s.length == 4 ? s[3] : 1;
    Objects.requireNonNull(dy, "dy is null");
    Objects.requireNonNull(dx, "dx is null");
    if (dy.length != n || dx.length != n)
      throw new ShapeError("Augment.crop: need one offset per image (" + n + "), got dy " + dy.length + ", dx " + dx.length);
    Object in = Dataset.store(images), out = NdArray.newStore(images.dtype(), images.size());
    for (int i = 0; i < n; i++) {
      int oy = dy[i] - padding, ox = dx[i] - padding;
      if (Math.abs(oy) > padding || Math.abs(ox) > padding)
        throw new IllegalArgumentException("Augment.crop: offsets must lie in [0, " + 2 * padding + "], got dy=" + dy[i] + ", dx=" + dx[i] + " for image " + i);
      int x0 = Math.max(0, -ox), x1 = Math.min(w, w - ox);
      for (int y = 0; y < h; y++) {
        int sy = y + oy;
        if (sy < 0 || sy >= h || x1 <= x0) continue; // a row of padding: zeros already
        System.arraycopy(in, ((i * h + sy) * w + x0 + ox) * c, out, ((i * h + y) * w + x0) * c, (x1 - x0) * c);
      }
    }
    return wrap(images, out);
  }

  /** Each image mirrored left to right with probability 1/2. */
  public static Array randomFlip(Array images, long seed) {
    int n = checkImages("Augment.randomFlip", images)[0];
    int[] r = Shuffle.ints(n, 2, seed);
    boolean[] which = new boolean[n];
    for (int i = 0; i < n; i++) which[i] = r[i] == 1;
    return flipHorizontal(images, which);
  }

  /** The images with {@code which[i]} true mirrored left to right ({@code out[i, y, x] = in[i, y, w-1-x]}). */
  public static Array flipHorizontal(Array images, boolean[] which) {
    int[] s = checkImages("Augment.flipHorizontal", images);
    int n = s[0], h = s[1], w = s[2], c = s.length == 4 ? s[3] : 1;
    Objects.requireNonNull(which, "which is null");
    if (which.length != n) throw new ShapeError("Augment.flipHorizontal: need one flag per image (" + n + "), got " + which.length);
    Object in = Dataset.store(images), out = NdArray.newStore(images.dtype(), images.size());
    for (int i = 0; i < n; i++)
      for (int y = 0; y < h; y++) {
        int row = (i * h + y) * w;
        if (!which[i]) { System.arraycopy(in, row * c, out, row * c, w * c); continue; }
        for (int x = 0; x < w; x++) System.arraycopy(in, (row + w - 1 - x) * c, out, (row + x) * c, c);
      }
    return wrap(images, out);
  }

  /**
   * {@code (x - mean[k]) / std[k]} for channel {@code k} (the last axis; one value each broadcasts to all pixels of
   * grey images). Array arithmetic in {@code images}' float dtype: it traces, so it can run inside a jitted step.
   *
   * @param images a floating array whose last axis is the channel, e.g. {@code f32[n, 32, 32, 3]}
   */
  public static Array normalize(Array images, float[] mean, float[] std) {
    Objects.requireNonNull(images, "images is null");
    Objects.requireNonNull(mean, "mean is null");
    Objects.requireNonNull(std, "std is null");
    if (!images.dtype().isFloating())
      throw new DTypeError("Augment.normalize: images must be floating, got " + images.dtype() + Arrays.toString(images.shape())
          + "; convert with images.astype(Np.float32) (scaled pixels from Idx.readImages(file, true) already are)");
    int c = images.ndim() == 0 ? 0 : images.shape()[images.ndim() - 1];
    if (mean.length != std.length || (mean.length != 1 && mean.length != c))
      throw new ShapeError("Augment.normalize: mean and std need one value per channel (last axis of "
          + images.dtype() + Arrays.toString(images.shape()) + ", " + c + ") or a single value, got " + mean.length + " and " + std.length);
    DType d = images.dtype();
    return images.sub(Array.of(mean).astype(d)).div(Array.of(std).astype(d));
  }

  /** The shape of a batch of images, {@code [n, h, w]} or {@code [n, h, w, c]}; a {@link ShapeError} otherwise. */
  private static int[] checkImages(String op, Array images) {
    Objects.requireNonNull(images, "images is null");
    if (images.ndim() != 3 && images.ndim() != 4)
      throw new ShapeError(op + ": expected a batch of images [n, h, w] or [n, h, w, c] (channels last), got "
          + images.dtype() + Arrays.toString(images.shape()) + "; a single image needs a leading axis: image.expandDims(0)");
    return images.shape();
  }

  private static Array wrap(Array like, Object store) {
    return Array.wrap(Const.of(NdArray.wrapStore(like.dtype(), Shape.of(like.shape()), store)));
  }
}
