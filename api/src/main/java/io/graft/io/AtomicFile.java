package io.graft.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/**
 * Writing a file all or nothing: the bytes go to a temporary file in the target's directory, are forced to disk,
 * and the temporary file is renamed over the target with {@code ATOMIC_MOVE}. A reader sees the old file or the new
 * one, never part of one; on any failure the temporary file is deleted and the old file is left as it was.
 */
final class AtomicFile {
  /** Writes to a stream; may fail with an I/O error or any unchecked exception. */
  @FunctionalInterface
  interface Writer { void write(OutputStream out) throws IOException; }

  private AtomicFile() {}

  /** Makes the rename itself durable where the platform allows syncing a directory (Linux does; others may not). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported here (e.g. Windows): the file is complete either way, only the rename may not yet be on disk
    }
  }

  /**
   * Gives {@code tmp} (created owner-only) the permissions of the file it replaces, or {@code rw-r--r--} for a new
   * file, as a file written in place would have under the usual umask.
   */
  private static void keepPermissions(Path target, Path tmp) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) return;
    Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--"));
  }

  /**
   * Writes {@code target} with {@code writer}; {@code wrap} wraps the file's stream (the identity, except in tests
   * that simulate a failing disk).
   */
  static void write(Path target, Writer writer, UnaryOperator<OutputStream> wrap) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      keepPermissions(abs, tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = wrap.apply(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + abs + " (the previous file, if any, is unchanged): " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          // best effort: the write has already failed and that failure is what the caller sees
        }
      }
    }
  }
}
