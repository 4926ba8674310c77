package io.graft.trace;

import java.util.Objects;

/**
 * An axis name bound by {@code vmap(f, inAxes, outAxes, name)}: collectives over {@code name} inside {@code f} act
 * across the {@code size} examples of that map, and are processed by its trace {@code main} (JAX's {@code AxisEnvFrame}).
 *
 * @param name the axis name, as collectives spell it
 * @param size the number of examples along the mapped axis (at least 1)
 * @param main the {@code vmap}'s running transform, whose trace applies the collectives' named batching rules
 */
public record NamedAxis(String name, int size, MainTrace main) {
  /** Validates. */
  public NamedAxis {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(main, "main is null");
    if (name.isEmpty()) throw new IllegalArgumentException("an axis name must not be empty");
    if (size < 1) throw new IllegalArgumentException("axis '" + name + "' has size " + size + "; a named axis needs at least 1 example");
  }
}
