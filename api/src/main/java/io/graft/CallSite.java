package io.graft;

/**
 * Finds the user's call site for error messages ({@code makeGraph(fn @ Train.java:41)}): the first stack frame
 * outside Graft's own packages.
 */
final class CallSite {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private CallSite() {}

  /** {@code fn @ File.java:line} for the frame that called Graft's entry point (the first frame past Graft's facades). */
  static String describe() {
    return WALKER.walk(frames -> frames
        .dropWhile(f -> !isEntry(f.getClassName()))
        .dropWhile(f -> isEntry(f.getClassName()))
        .findFirst()
        .map(f -> "fn @ " + f.getFileName() + ":" + f.getLineNumber())
        .orElse("fn"));
  }

  /** {@code fn @ File.java:line} for the frame that called {@code entry}'s (or {@link Loops}') methods. */
  static String describe(Class<?> entry) {
    return WALKER.walk(frames -> frames
        .dropWhile(f -> !isEntry(f.getClassName(), entry))
        .dropWhile(f -> isEntry(f.getClassName(), entry))
        .findFirst()
        .map(f -> "fn @ " + f.getFileName() + ":" + f.getLineNumber())
        .orElse("fn"));
  }

  private static boolean isEntry(String className, Class<?> entry) {
    return className.equals(entry.getName()) || className.equals(Loops.class.getName());
  }

  private static boolean isEntry(String className) {
    return className.equals("io.graft.Graft") || className.startsWith("io.graft.Graft$");
  }
}
