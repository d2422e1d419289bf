package io.gregor.log;

import io.gregor.env.Disk;
import java.nio.ByteBuffer;

/** Reading helpers over {@link Disk}, whose {@code read} may return fewer bytes than asked. */
final class DiskReads {

    private DiskReads() {
    }

    /**
     * Reads from {@code position} until {@code dst} is full or the file ends.
     *
     * @return the bytes read (fewer than asked only at end of file)
     */
    static int readFully(Disk disk, String name, long position, ByteBuffer dst) {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = disk.read(name, position + total, dst);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                break; // a disk that makes no progress: treat as end of file rather than spin
            }
            total += n;
        }
        return total;
    }

    /** The 20-digit, zero-padded base offset Kafka names segment files with. */
    static String fileStem(long baseOffset) {
        String digits = Long.toString(baseOffset);
        StringBuilder sb = new StringBuilder(20);
        for (int i = digits.length(); i < 20; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
