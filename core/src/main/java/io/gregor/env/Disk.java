package io.gregor.env;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A node's own disk: a flat namespace of files ({@code "p0/00000000000000000000.log"}: a slash is part of the
 * name, there are no directories to create).
 *
 * <h2>Two speeds, like a real kernel</h2>
 * Writes, reads, truncation, rename and delete work on the page cache and complete at once, as they do in an
 * operating system; they throw {@link DiskException} when the device reports an error. <b>Durability is
 * asynchronous</b>: {@link #fsync(String, FsyncCallback)} returns immediately and calls back on the node's event
 * loop when everything written to the file before the call is on stable storage, or when the flush failed. The
 * real implementation runs {@code force()} on a helper thread and posts the completion back to the loop, so a
 * slow fsync never stalls the node.
 *
 * <h2>What survives a crash</h2>
 * Only what an fsync acknowledged — and under injected faults not even all of that (a latent sector error, a
 * corrupted or misdirected write). Unsynced writes may be lost whole, or a prefix of them may survive, the last
 * one torn. File creation, rename and delete are metadata operations that are durable once they return (the real
 * implementation syncs the directory). Code above this interface must therefore validate what it reads (CRCs).
 *
 * <h2>Errors</h2>
 * A failed fsync is reported through its callback; after a failure the unsynced data of that file must be treated
 * as lost (fsyncgate: the kernel may have dropped the dirty pages), so the caller should stop using the file and
 * recover from what is durable.
 */
public interface Disk {

    /** The names of all files, in ascending order. */
    List<String> list();

    /** Whether a file of that name exists. */
    boolean exists(String name);

    /** The file's size in bytes as the page cache sees it. @throws DiskException if there is no such file */
    long size(String name);

    /**
     * Writes {@code src.remaining()} bytes at byte {@code position}, creating the file if it does not exist and
     * zero-filling any gap past its end. Consumes {@code src}.
     */
    void write(String name, long position, ByteBuffer src);

    /** Writes {@code src.remaining()} bytes at the end of the file (creating it) and returns where they begin. */
    default long append(String name, ByteBuffer src) {
        long position = exists(name) ? size(name) : 0L;
        write(name, position, src);
        return position;
    }

    /**
     * Reads up to {@code dst.remaining()} bytes from byte {@code position} into {@code dst}.
     *
     * @return the number of bytes read, or {@code -1} when {@code position} is at or past the end
     * @throws DiskException on a device error (a latent sector error), or if there is no such file
     */
    int read(String name, long position, ByteBuffer dst);

    /** Cuts the file to {@code sizeBytes} (no-op if it is already that short). */
    void truncate(String name, long sizeBytes);

    /** Atomically renames {@code from} to {@code to}, replacing {@code to} if it exists. */
    void rename(String from, String to);

    /** Deletes the file; deleting a missing file does nothing. */
    void delete(String name);

    /**
     * Requests that every write to {@code name} made before this call become durable. {@code done} runs later on
     * the node's event loop, with {@code null} on success or the error. Never runs {@code done} before returning.
     */
    void fsync(String name, FsyncCallback done);

    /** The completion of an {@link #fsync(String, FsyncCallback)}. */
    @FunctionalInterface
    interface FsyncCallback {
        /** @param error {@code null} when the data is durable, otherwise what failed */
        void done(DiskException error);
    }
}
