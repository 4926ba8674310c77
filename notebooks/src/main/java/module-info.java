/** Graft's runnable examples (the README demo): a module that uses {@code io.graft.api} only. */
module io.graft.notebooks {
  requires io.graft.api;
}
