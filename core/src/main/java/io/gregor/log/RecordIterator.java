package io.gregor.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Decodes the records of one uncompressed v2 batch, one {@link Record} per call. Every field is read within its
 * record's declared length and the batch's end, so a malformed batch gives an {@link InvalidRecordException}.
 */
final class RecordIterator implements Iterator<Record> {
    private final RecordCursor c = new RecordCursor();
    private final long baseOffset;
    private final long baseTimestamp;
    private final long logAppendTime;
    private final int count;
    private int read;

    RecordIterator(ByteBuffer buffer, int start, int size, long baseOffset, long baseTimestamp,
            long logAppendTime, int count) {
        c.reset(buffer, start + RecordBatch.RECORDS_OFFSET, start + size);
        this.baseOffset = baseOffset;
        this.baseTimestamp = baseTimestamp;
        this.logAppendTime = logAppendTime;
        this.count = count;
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        read++;
        int length = c.readVarint();
        int batchLimit = c.limit();
        if (length < 0 || length > batchLimit - c.position()) {
            throw new InvalidRecordException("record of length " + length + " does not fit in its batch");
        }
        int end = c.position() + length;
        c.reset(c.buffer(), c.position(), end);
        c.readByte();
        long timestampDelta = c.readVarlong();
        int offsetDelta = c.readVarint();
        ByteBuffer key = readBytes(c);
        ByteBuffer value = readBytes(c);
        int headerCount = c.readVarint();
        if (headerCount < 0) {
            throw new InvalidRecordException("record has a negative header count " + headerCount);
        }
        List<Header> headers = new ArrayList<>(Math.min(headerCount, 16));
        for (int h = 0; h < headerCount; h++) {
            int keyLength = c.readVarint();
            if (keyLength < 0) {
                throw new InvalidRecordException("record header has a null key");
            }
            int keyStart = c.skip(keyLength);
            byte[] keyBytes = new byte[keyLength];
            c.buffer().get(keyStart, keyBytes);
            headers.add(new Header(new String(keyBytes, StandardCharsets.UTF_8), readBytes(c)));
        }
        c.reset(c.buffer(), end, batchLimit);
        long timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : baseTimestamp + timestampDelta;
        return new Record(baseOffset + offsetDelta, timestamp, key, value, headers);
    }

    private static ByteBuffer readBytes(RecordCursor c) {
        int length = c.readVarint();
        if (length < -1) {
            throw new InvalidRecordException("record field has invalid length " + length);
        }
        return length == -1 ? null : c.slice(length);
    }
}
