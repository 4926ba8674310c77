package io.graft.io;

/** Why a primitive, with these parameters, has no ONNX mapping ({@link OnnxLowering} records it and goes on). */
final class OnnxUnmapped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OnnxUnmapped(String why) { super(why, null, false, false); }
}
