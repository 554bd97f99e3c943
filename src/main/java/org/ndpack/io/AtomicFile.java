package org.ndpack.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is never seen half-written: the content goes to a new temporary file
 * in the target's directory (created with the default permissions, not the owner-only ones of
 * {@link Files#createTempFile}), which then replaces the target by a rename, atomic where the file
 * system supports it. On failure the temporary file is deleted and the target is untouched; every
 * failure names the caller's path, not the temporary one: creating it (a missing directory, no
 * permission), writing it (a full disk) and replacing the target (a directory of that name).
 */
final class AtomicFile {
    /** Writes the content. */
    @FunctionalInterface
    interface Body {
        /** Writes everything to {@code ch}. */
        void write(FileChannel ch) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * {@return the failure to create the temporary file, told about the caller's path}: the
     * temporary name means nothing to the caller, who asked for {@code target}.
     */
    private static FileSystemException renamed(FileSystemException e, Path target, Path dir) {
        String where = dir == null ? "the current directory" : "the directory " + dir;
        FileSystemException r;
        if (e instanceof NoSuchFileException && (dir == null || !Files.isDirectory(dir))) {
            r = new NoSuchFileException(target.toString(), null, where
                    + (dir != null && Files.exists(dir) ? " is not a directory" : " does not exist"));
        } else if (e instanceof AccessDeniedException) {
            r = new AccessDeniedException(target.toString(), null, "cannot create a file in " + where);
        } else {
            r = new FileSystemException(target.toString(), null, "cannot create a file in " + where
                    + (e.getReason() == null ? "" : ": " + e.getReason()));
        }
        r.initCause(e);
        return r;
    }

    /**
     * {@return the failure to replace {@code target} by the written temporary file, told about the
     * caller's path only} (the file system names both, the temporary one first)
     */
    private static FileSystemException replaceFailed(FileSystemException e, Path target, Path abs) {
        String why = Files.isDirectory(abs) ? "is a directory" : "cannot be replaced";
        FileSystemException r = new FileSystemException(target.toString(), null,
                why + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        r.initCause(e);
        return r;
    }

    static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // a StringBuilder, not +: the first string concatenation links StringConcatFactory (milliseconds
        // in a fresh JVM), and saving is often the first thing a short program does that would need it
        String name = new StringBuilder(".").append(abs.getFileName()).append('.')
                .append(Long.toHexString(ThreadLocalRandom.current().nextLong())).append(".tmp").toString();
        Path tmp = dir == null ? Path.of(name) : dir.resolve(name);
        boolean moved = false;
        try {
            FileChannel opened;
            try {
                opened = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileSystemException e) {
                throw renamed(e, target, dir);
            }
            try (FileChannel ch = opened) {
                body.write(ch);
            } catch (IOException e) {
                if (e.getClass() != IOException.class) {
                    throw e; // a subtype (ClosedByInterruptException, ...) says what happened
                }
                // a plain one ("No space left on device") names no file
                throw new IOException(target + ": writing failed: " + e.getMessage(), e);
            }
            try {
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (FileSystemException e) {
                throw replaceFailed(e, target, abs);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the original failure matters more; the temporary file is left behind
                }
            }
        }
    }
}
