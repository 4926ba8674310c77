package io.graft.dist;

import io.graft.Array;
import io.graft.Tree;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a pytree's leaves ({@link Distributed#hash}): each leaf's dtype, shape and element bits, little-endian. */
final class ReplicaHash {
  private ReplicaHash() {}

  /** The hash in hex. */
  static String of(Object tree) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    for (Array x : Tree.leaves(tree)) {
      md.update(x.dtype().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      int[] shape = x.shape();
      ByteBuffer head = ByteBuffer.allocate(4 * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN).putInt(shape.length);
      for (int s : shape) head.putInt(s);
      md.update(head.array());
      md.update(bytes(x));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The elements' bits, little-endian: f32, bf16 and f16 as f32, i8 and u8 as stored. */
  private static byte[] bytes(Array x) {
    return switch (x.dtype()) {
      case F64 -> { double[] v = x.toDoubleArray(); ByteBuffer b = le(8 * v.length); b.asDoubleBuffer().put(v); yield b.array(); }
      case I64 -> { long[] v = x.toLongArray(); ByteBuffer b = le(8 * v.length); b.asLongBuffer().put(v); yield b.array(); }
      case I32, BOOL -> { int[] v = x.toIntArray(); ByteBuffer b = le(4 * v.length); b.asIntBuffer().put(v); yield b.array(); }
      case U32 -> { int[] v = x.toUint32Bits(); ByteBuffer b = le(4 * v.length); b.asIntBuffer().put(v); yield b.array(); }
      case F32, BF16, F16 -> { float[] v = x.toFloatArray(); ByteBuffer b = le(4 * v.length); b.asFloatBuffer().put(v); yield b.array(); }
      case I8, U8 -> x.toByteArray();
    };
  }

  private static ByteBuffer le(int bytes) { return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN); }
}
