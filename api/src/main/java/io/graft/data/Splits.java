package io.graft.data;

import java.util.Objects;

/**
 * A dataset's training and test splits.
 *
 * @param train the training examples
 * @param test  the test examples
 */
public record Splits(Examples train, Examples test) {
  /** Validates. */
  public Splits {
    Objects.requireNonNull(train, "train is null");
    Objects.requireNonNull(test, "test is null");
  }
}
