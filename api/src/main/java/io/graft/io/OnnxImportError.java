package io.graft.io;

/**
 * An ONNX model that cannot be loaded as a Graft function: it uses operators Graft does not evaluate. The message
 * names the model, every such operator and the supported set.
 */
public class OnnxImportError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An import error with a complete message.
   *
   * @param message what could not be imported and what is supported
   */
  public OnnxImportError(String message) { super(message); }
}
