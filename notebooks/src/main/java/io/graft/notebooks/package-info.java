/**
 * Runnable examples that use {@code io.graft:graft-api} only: {@link io.graft.notebooks.Example} is the README's
 * first code block, {@link io.graft.notebooks.Demo} is what {@code ./graft demo} runs. Their tests keep the README
 * and docs/architecture.md true to what the code prints.
 */
package io.graft.notebooks;
