package io.gregor.env;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** A {@link Disk} that passes every call on to another; a subclass overrides what it changes or watches. */
public class ForwardingDisk implements Disk {

    private final Disk disk;

    public ForwardingDisk(Disk disk) {
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    @Override
    public List<String> list() {
        return disk.list();
    }

    @Override
    public boolean exists(String name) {
        return disk.exists(name);
    }

    @Override
    public long size(String name) {
        return disk.size(name);
    }

    @Override
    public void write(String name, long position, ByteBuffer src) {
        disk.write(name, position, src);
    }

    @Override
    public long append(String name, ByteBuffer src) {
        return disk.append(name, src);
    }

    @Override
    public int read(String name, long position, ByteBuffer dst) {
        return disk.read(name, position, dst);
    }

    @Override
    public void truncate(String name, long sizeBytes) {
        disk.truncate(name, sizeBytes);
    }

    @Override
    public void rename(String from, String to) {
        disk.rename(from, to);
    }

    @Override
    public void delete(String name) {
        disk.delete(name);
    }

    @Override
    public void fsync(String name, FsyncCallback done) {
        disk.fsync(name, done);
    }
}
