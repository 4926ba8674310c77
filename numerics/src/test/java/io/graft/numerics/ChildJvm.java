package io.graft.numerics;

import java.io.File;

/** What the tests that start a child JVM on the class path pass it. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * This JVM's class path followed by its module path: surefire runs the tests on the module path (the test classes
   * patched into {@code io.graft.numerics}, the module and its dependencies in {@code jdk.module.path}), so the class
   * path alone lacks the module's own classes. The child runs everything on the class path, as a user's project does.
   */
  public static String classPath() {
    String modules = System.getProperty("jdk.module.path", "");
    return System.getProperty("java.class.path") + (modules.isEmpty() ? "" : File.pathSeparator + modules);
  }
}
