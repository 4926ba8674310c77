/**
 * Files: NumPy {@code .npz} archives ({@link io.graft.io.Npz}) and pytree checkpoints stored in them
 * ({@link io.graft.io.Checkpoints}), written atomically and checked against a target tree when read.
 * Damaged files are a {@link io.graft.io.FileFormatError}; a checkpoint that does not fit its target is a
 * {@link io.graft.io.CheckpointMismatchError} listing every differing entry.
 * <pre>{@code
 * Checkpoints.save(Path.of("ckpt.npz"), state);             // python: np.load("ckpt.npz")["params.w"]
 * State back = Checkpoints.load(Path.of("ckpt.npz"), state);
 * }</pre>
 * ONNX models ({@link io.graft.io.Onnx}): a function exported for ONNX Runtime and other consumers, and an ONNX model
 * loaded back as a Graft function that jits and differentiates.
 * <pre>{@code
 * Onnx.export(model::apply, Np.zeros(Np.float32, 2, 784), Path.of("mlp.onnx"), Onnx.Options.withDynamicBatch());
 * Function<List<Array>, List<Array>> net = Onnx.load(Path.of("mlp.onnx"));
 * }</pre>
 */
package io.graft.io;
