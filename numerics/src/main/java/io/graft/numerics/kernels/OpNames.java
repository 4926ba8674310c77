package io.graft.numerics.kernels;

import java.util.Locale;

/** The names the op-table rows derive from their constant names. */
final class OpNames {
  private OpNames() {}

  /** {@code ROUND_EVEN} → {@code roundEven}: the name of a row's scalar definition. */
  static String camel(String constant) {
    String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
    StringBuilder s = new StringBuilder(parts[0]);
    for (int k = 1; k < parts.length; k++) s.append(Character.toUpperCase(parts[k].charAt(0))).append(parts[k], 1, parts[k].length());
    return s.toString();
  }
}
