package io.graft;

/**
 * Typed {@code argnums} for multi-argument functions: {@code Graft.grad(f, Argnums.SECOND)} differentiates with
 * respect to the second argument and returns a value of that argument's type; {@code Argnums.ALL} returns a
 * tuple of gradients. (The result type cannot depend on an {@code int}, so each choice is its own type.)
 */
public final class Argnums {
  private Argnums() {}

  /** With respect to the first argument (the default). */
  public static final class First { private First() {} }

  /** With respect to the second argument. */
  public static final class Second { private Second() {} }

  /** With respect to the third argument. */
  public static final class Third { private Third() {} }

  /** With respect to every argument, as a tuple. */
  public static final class All { private All() {} }

  /** The first argument. */
  public static final First FIRST = new First();
  /** The second argument. */
  public static final Second SECOND = new Second();
  /** The third argument. */
  public static final Third THIRD = new Third();
  /** Every argument. */
  public static final All ALL = new All();
}
