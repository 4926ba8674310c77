package io.graft.trace;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * An axis name bound by {@code vmap(f, inAxes, outAxes, name)} or by {@code pmap(f, name)}: collectives over
 * {@code name} inside {@code f} act across the {@code size} members of that map (JAX's {@code AxisEnvFrame}).
 *
 * <p>A {@code vmap}'s axis has a {@code main}: its running transform, whose trace applies the collectives' named
 * batching rules (the members are the examples of one batch axis). A device axis ({@link #devices}, bound by
 * {@code pmap}) has none: its members are devices each running the same program, so a collective over it is
 * recorded as an equation by the enclosing trace and executed at run time as a cross-device exchange.
 *
 * @param name the axis name, as collectives spell it
 * @param size the number of members (at least 1)
 * @param main the {@code vmap}'s running transform; none for a device axis
 */
public record NamedAxis(String name, int size, Option<MainTrace> main) {
  /** Validates. */
  public NamedAxis {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(main, "main is null");
    if (name.isEmpty()) throw new IllegalArgumentException("an axis name must not be empty");
    if (size < 1) throw new IllegalArgumentException("axis '" + name + "' has size " + size + "; a named axis needs at least 1 example");
  }

  /** The axis of a {@code vmap} whose running transform is {@code main}. */
  public NamedAxis(String name, int size, MainTrace main) { this(name, size, Option.of(Objects.requireNonNull(main, "main is null"))); }

  /** The axis of a {@code pmap} over {@code size} devices: its collectives run across the devices. */
  public static NamedAxis devices(String name, int size) { return new NamedAxis(name, size, Option.none()); }
}
