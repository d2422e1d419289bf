package io.gregor.realnet.disk;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * {@link Disk} over real files under one root folder. A name's slashes are subfolders, created on demand.
 *
 * <p>Writes, reads, truncation, rename and delete go straight to the page cache through {@link FileChannel} on the
 * calling thread. {@link #fsync} forces the file on a dedicated flusher thread and posts the completion through
 * {@code completions} (the node's event loop), so the loop never waits for the device. Rename and delete also
 * force the containing folder, so that they are durable when they return, as the contract says.
 *
 * <p>Not thread-safe except {@code fsync}'s hand-off: one event loop owns it.
 */
public final class FileDisk implements Disk, AutoCloseable {

    /** Open channels kept at most; past it the least recently used one is closed. */
    static final int MAX_OPEN_CHANNELS = 256;

    private final Path root;
    private final Executor completions;
    private final java.util.concurrent.atomic.AtomicInteger inFlightFsyncs = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService flusher;
    private final LinkedHashMap<String, FileChannel> channels = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
            if (size() > MAX_OPEN_CHANNELS) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public FileDisk(Path root, Executor completions) {
        this.root = root.toAbsolutePath().normalize();
        this.completions = completions;
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gregor-fsync-" + this.root.getFileName());
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new DiskException("cannot create disk folder " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public List<String> list() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw new DiskException("cannot list " + root + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(path(name));
    }

    @Override
    public long size(String name) {
        try {
            return existing(name).size();
        } catch (IOException e) {
            throw failure("size", name, e);
        }
    }

    @Override
    public void write(String name, long position, ByteBuffer src) {
        try {
            FileChannel ch = channel(name, true);
            long pos = position;
            while (src.hasRemaining()) {
                pos += ch.write(src, pos);
            }
        } catch (IOException e) {
            throw failure("write", name, e);
        }
    }

    @Override
    public int read(String name, long position, ByteBuffer dst) {
        try {
            FileChannel ch = existing(name);
            if (position >= ch.size()) {
                return -1;
            }
            int total = 0;
            long pos = position;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, pos);
                if (n < 0) {
                    break;
                }
                total += n;
                pos += n;
            }
            return total;
        } catch (IOException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public void truncate(String name, long sizeBytes) {
        try {
            existing(name).truncate(sizeBytes);
        } catch (IOException e) {
            throw failure("truncate", name, e);
        }
    }

    @Override
    public void rename(String from, String to) {
        closeChannel(from);
        closeChannel(to);
        Path target = path(to);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(path(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path(from), target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder(target.getParent());
        } catch (IOException e) {
            throw failure("rename to " + to, from, e);
        }
    }

    @Override
    public void delete(String name) {
        closeChannel(name);
        Path p = path(name);
        try {
            if (Files.deleteIfExists(p)) {
                forceFolder(p.getParent());
            }
        } catch (IOException e) {
            throw failure("delete", name, e);
        }
    }

    @Override
    public void fsync(String name, FsyncCallback done) {
        FileChannel ch;
        try {
            ch = existing(name);
        } catch (DiskException e) {
            completions.execute(() -> done.done(e));
            return;
        }
        inFlightFsyncs.incrementAndGet();
        try {
            flusher.execute(() -> {
                DiskException error = null;
                try {
                    ch.force(false);
                } catch (IOException e) {
                    error = new DiskException("fsync of " + name + " failed: " + e, e);
                }
                DiskException result = error;
                completions.execute(() -> done.done(result));
                inFlightFsyncs.decrementAndGet(); // after the hand-off, so "0 in flight" means "all posted"
            });
        } catch (RejectedExecutionException e) {
            inFlightFsyncs.decrementAndGet();
            completions.execute(() -> done.done(new DiskException("disk is closed: " + root)));
        }
    }

    /** Fsyncs requested whose completion has not yet been handed to the completion executor. */
    public int inFlightFsyncs() {
        return inFlightFsyncs.get();
    }

    /** Closes every channel and stops the flusher thread; pending fsyncs still complete. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FileChannel ch : channels.values()) {
            closeQuietly(ch);
        }
        channels.clear();
    }

    private Path path(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new DiskException("bad file name: '" + name + "'");
        }
        return root.resolve(name);
    }

    private FileChannel existing(String name) {
        try {
            return channel(name, false);
        } catch (NoSuchFileException e) {
            throw new DiskException("no such file: " + name, e);
        } catch (IOException e) {
            throw failure("open", name, e);
        }
    }

    private FileChannel channel(String name, boolean create) throws IOException {
        FileChannel ch = channels.get(name);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        Path p = path(name);
        if (create) {
            Files.createDirectories(p.getParent());
            ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else {
            ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        channels.put(name, ch);
        return ch;
    }

    private void closeChannel(String name) {
        FileChannel ch = channels.remove(name);
        if (ch != null) {
            closeQuietly(ch);
        }
    }

    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the rename itself succeeded.
            if (!(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a channel we no longer use: nothing to recover
        }
    }

    private DiskException failure(String op, String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DiskException("no such file: " + name, e);
        }
        return new DiskException(op + " of " + name + " failed: " + e.getMessage(), e);
    }
}
