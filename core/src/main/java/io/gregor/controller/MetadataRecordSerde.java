package io.gregor.controller;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Metadata records to and from bytes, so they can be the values of record batches in the metadata log.
 *
 * <p>Layout (big-endian), after Kafka's metadata record framing: {@code frameVersion:int8 (=1)},
 * {@code apiKey:int16} (the record type), {@code version:int16} (the record's schema version, 0 for all so far),
 * then the fields in declaration order. Strings are {@code int16 length + UTF-8} (length -1 for an absent
 * optional), lists are {@code int32 count + elements} (count -1 for an absent optional), UUIDs two int64s,
 * booleans one byte (0 or 1). Reading checks every length against the bytes left and demands that nothing is left
 * over, so a truncated or padded value is an error, never a half-read record.
 */
public final class MetadataRecordSerde {

    public static final byte FRAME_VERSION = 1;
    /** The highest record schema version this code reads and writes. */
    public static final short RECORD_VERSION = 1;
    /** No list in a metadata record may have more elements than this. */
    public static final int MAX_LIST_SIZE = 100_000;

    private MetadataRecordSerde() {
    }

    /** The record's bytes. */
    public static byte[] serialize(MetadataRecord record) {
        Writer w = new Writer();
        w.int8(FRAME_VERSION);
        w.int16(record.apiKey());
        w.int16(RECORD_VERSION);
        if (record instanceof RegisterBrokerRecord r) {
            w.int32(r.brokerId());
            w.uuid(r.incarnationId());
            w.int64(r.brokerEpoch());
            w.int32(r.endpoints().size());
            for (BrokerEndpoint e : r.endpoints()) {
                w.string(e.name());
                w.string(e.host());
                w.int32(e.port());
                w.int16(e.securityProtocol());
            }
            w.optionalString(r.rack());
            w.bool(r.fenced());
        } else if (record instanceof BrokerRegistrationChangeRecord r) {
            w.int32(r.brokerId());
            w.int64(r.brokerEpoch());
            w.int8(r.fenced().value());
            w.int8(r.inControlledShutdown().value());
        } else if (record instanceof FenceBrokerRecord r) {
            w.int32(r.id());
            w.int64(r.epoch());
        } else if (record instanceof UnfenceBrokerRecord r) {
            w.int32(r.id());
            w.int64(r.epoch());
        } else if (record instanceof TopicRecord r) {
            w.string(r.name());
            w.uuid(r.topicId());
        } else if (record instanceof PartitionRecord r) {
            w.uuid(r.topicId());
            w.int32(r.partitionId());
            w.ints(r.replicas());
            w.ints(r.isr());
            w.int32(r.leader());
            w.int32(r.leaderEpoch());
            w.int32(r.partitionEpoch());
            w.ints(r.elr()); // version 1
        } else if (record instanceof PartitionChangeRecord r) {
            w.uuid(r.topicId());
            w.int32(r.partitionId());
            if (r.isr().isPresent()) {
                w.ints(r.isr().get());
            } else {
                w.int32(-1);
            }
            w.int32(r.leader());
            if (r.elr().isPresent()) { // version 1
                w.ints(r.elr().get());
            } else {
                w.int32(-1);
            }
        } else if (record instanceof RemoveTopicRecord r) {
            w.uuid(r.topicId());
        } else if (record instanceof ConfigRecord r) {
            w.int8(ConfigRecord.TOPIC_RESOURCE_TYPE);
            w.string(r.topicName());
            w.string(r.name());
            w.optionalString(r.value());
        } else {
            throw new IllegalArgumentException("no serde for " + record.getClass().getSimpleName());
        }
        return w.toByteArray();
    }

    /** The record in {@code bytes}; a {@link MetadataParseException} with a one-line reason if they are not one. */
    public static MetadataRecord deserialize(byte[] bytes) {
        Reader r = new Reader(ByteBuffer.wrap(bytes));
        try {
            byte frame = r.buf.get();
            if (frame != FRAME_VERSION) {
                throw new MetadataParseException("unknown metadata frame version " + frame + " (expected "
                        + FRAME_VERSION + ")");
            }
            short apiKey = r.buf.getShort();
            short version = r.buf.getShort();
            if (version < 0 || version > RECORD_VERSION) {
                throw new MetadataParseException("unsupported version " + version + " of metadata record type "
                        + apiKey + " (this build reads up to " + RECORD_VERSION + ")");
            }
            MetadataRecord record = readBody(apiKey, version, r);
            if (r.buf.hasRemaining()) {
                throw new MetadataParseException(r.buf.remaining() + " trailing bytes after metadata record type "
                        + apiKey);
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new MetadataParseException("metadata record truncated at byte " + r.buf.position() + " of "
                    + bytes.length);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MetadataParseException("invalid metadata record: " + e.getMessage());
        }
    }

    private static MetadataRecord readBody(short apiKey, short version, Reader r) {
        switch (apiKey) {
            case RegisterBrokerRecord.API_KEY: {
                int brokerId = r.buf.getInt();
                UUID incarnation = r.uuid();
                long epoch = r.buf.getLong();
                int count = r.count(8);
                List<BrokerEndpoint> endpoints = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    endpoints.add(new BrokerEndpoint(r.string(), r.string(), r.buf.getInt(), r.buf.getShort()));
                }
                Optional<String> rack = r.optionalString();
                boolean fenced = r.bool();
                return new RegisterBrokerRecord(brokerId, incarnation, epoch, endpoints, rack, fenced);
            }
            case BrokerRegistrationChangeRecord.API_KEY: {
                int brokerId = r.buf.getInt();
                long epoch = r.buf.getLong();
                byte value = r.buf.get();
                BrokerRegistrationChangeRecord.FencingChange change =
                        BrokerRegistrationChangeRecord.FencingChange.fromValue(value);
                if (change == null) {
                    throw new MetadataParseException("unknown fencing change " + value);
                }
                byte shutdownValue = r.buf.get();
                BrokerRegistrationChangeRecord.InControlledShutdownChange shutdown =
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.fromValue(shutdownValue);
                if (shutdown == null) {
                    throw new MetadataParseException("unknown controlled shutdown change " + shutdownValue);
                }
                return new BrokerRegistrationChangeRecord(brokerId, epoch, change, shutdown);
            }
            case FenceBrokerRecord.API_KEY:
                return new FenceBrokerRecord(r.buf.getInt(), r.buf.getLong());
            case UnfenceBrokerRecord.API_KEY:
                return new UnfenceBrokerRecord(r.buf.getInt(), r.buf.getLong());
            case TopicRecord.API_KEY:
                return new TopicRecord(r.string(), r.uuid());
            case PartitionRecord.API_KEY: {
                UUID topicId = r.uuid();
                int partitionId = r.buf.getInt();
                List<Integer> replicas = r.ints();
                List<Integer> isr = r.ints();
                int leader = r.buf.getInt();
                int leaderEpoch = r.buf.getInt();
                int partitionEpoch = r.buf.getInt();
                List<Integer> elr = version >= 1 ? r.ints() : List.of();
                return new PartitionRecord(topicId, partitionId, replicas, isr, leader, leaderEpoch, partitionEpoch,
                        elr);
            }
            case PartitionChangeRecord.API_KEY: {
                UUID topicId = r.uuid();
                int partitionId = r.buf.getInt();
                Optional<List<Integer>> isr = r.optionalInts();
                int leader = r.buf.getInt();
                Optional<List<Integer>> elr = version >= 1 ? r.optionalInts() : Optional.empty();
                return new PartitionChangeRecord(topicId, partitionId, isr, leader, elr);
            }
            case RemoveTopicRecord.API_KEY:
                return new RemoveTopicRecord(r.uuid());
            case ConfigRecord.API_KEY: {
                byte resourceType = r.buf.get();
                if (resourceType != ConfigRecord.TOPIC_RESOURCE_TYPE) {
                    throw new MetadataParseException("unsupported config resource type " + resourceType);
                }
                return new ConfigRecord(r.string(), r.string(), r.optionalString());
            }
            default:
                throw new MetadataParseException("unknown metadata record type " + apiKey);
        }
    }

    /** A growable big-endian byte sink. */
    private static final class Writer {
        private byte[] bytes = new byte[64];
        private int size;

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void int8(byte v) {
            ensure(1);
            bytes[size++] = v;
        }

        void int16(short v) {
            ensure(2);
            ByteBuffer.wrap(bytes, size, 2).putShort(v);
            size += 2;
        }

        void int32(int v) {
            ensure(4);
            ByteBuffer.wrap(bytes, size, 4).putInt(v);
            size += 4;
        }

        void int64(long v) {
            ensure(8);
            ByteBuffer.wrap(bytes, size, 8).putLong(v);
            size += 8;
        }

        void bool(boolean v) {
            int8(v ? (byte) 1 : (byte) 0);
        }

        void uuid(UUID id) {
            int64(id.getMostSignificantBits());
            int64(id.getLeastSignificantBits());
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + utf8.length + " bytes is too long for a record");
            }
            int16((short) utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        void optionalString(Optional<String> s) {
            if (s.isPresent()) {
                string(s.get());
            } else {
                int16((short) -1);
            }
        }

        void ints(List<Integer> values) {
            int32(values.size());
            for (int v : values) {
                int32(v);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** Bounds-checked reads; every length is checked against the bytes that are left. */
    private static final class Reader {
        final ByteBuffer buf;

        Reader(ByteBuffer buf) {
            this.buf = buf;
        }

        boolean bool() {
            byte b = buf.get();
            if (b != 0 && b != 1) {
                throw new MetadataParseException("boolean byte must be 0 or 1, was " + b);
            }
            return b == 1;
        }

        UUID uuid() {
            return new UUID(buf.getLong(), buf.getLong());
        }

        /** A list count: non-negative, bounded, and no more elements than the bytes left can hold. */
        int count(int minElementBytes) {
            int n = buf.getInt();
            if (n < 0 || n > MAX_LIST_SIZE || (long) n * minElementBytes > buf.remaining()) {
                throw new MetadataParseException("list length " + n + " is invalid with " + buf.remaining()
                        + " bytes left");
            }
            return n;
        }

        String string() {
            short len = buf.getShort();
            if (len < 0) {
                throw new MetadataParseException("required string is absent (length " + len + ")");
            }
            return utf8(len);
        }

        Optional<String> optionalString() {
            short len = buf.getShort();
            if (len == -1) {
                return Optional.empty();
            }
            if (len < 0) {
                throw new MetadataParseException("string length " + len + " is invalid");
            }
            return Optional.of(utf8(len));
        }

        private String utf8(int len) {
            if (len > buf.remaining()) {
                throw new MetadataParseException("string of " + len + " bytes but only " + buf.remaining()
                        + " left");
            }
            ByteBuffer slice = buf.slice();
            slice.limit(len);
            buf.position(buf.position() + len);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
            } catch (CharacterCodingException e) {
                throw new MetadataParseException("string is not valid UTF-8");
            }
        }

        List<Integer> ints() {
            int n = count(4);
            List<Integer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(buf.getInt());
            }
            return out;
        }

        Optional<List<Integer>> optionalInts() {
            int mark = buf.position();
            if (buf.getInt() == -1) {
                return Optional.empty();
            }
            buf.position(mark);
            return Optional.of(ints());
        }
    }
}
