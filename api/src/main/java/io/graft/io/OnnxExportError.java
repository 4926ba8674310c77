package io.graft.io;

/**
 * A function that cannot be written as an ONNX model: its graph holds primitives with no ONNX mapping. The message
 * names the function ({@code fn @ File.java:line}), every such primitive with the reason, and the fix (rewrite with
 * mapped operations, or evaluate that part outside the exported function).
 */
public class OnnxExportError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An export error with a complete message.
   *
   * @param message what could not be exported and how to fix it
   */
  public OnnxExportError(String message) { super(message); }
}
