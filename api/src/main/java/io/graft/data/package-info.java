/**
 * Input pipelines: dataset readers ({@link io.graft.data.Idx} for MNIST-style IDX files,
 * {@link io.graft.data.FashionMnist}, {@link io.graft.data.Cifar10}), in-memory datasets batched and shuffled by a
 * seed ({@link io.graft.data.Dataset}, {@link io.graft.data.Shuffle}), augmentation as pure functions with explicit
 * randomness ({@link io.graft.data.Augment}) and a background prefetching iterator ({@link io.graft.data.Prefetch}).
 * <pre>{@code
 * Splits data = FashionMnist.load();
 * Dataset<Examples> train = Dataset.of(data.train());
 * for (int epoch = 0; epoch < epochs; epoch++)
 *   try (var batches = Prefetch.of(train.batches(128, Shuffle.seed(42, epoch), Dataset.Remainder.DROP), 2)) {
 *     for (Batch<Examples> b : batches) state = step.apply(state, b.data());
 *   }
 * }</pre>
 */
package io.graft.data;
