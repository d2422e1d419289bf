package io.gregor.controller;

import java.util.Objects;

/**
 * A change to a registered broker's state; the newer form of {@link FenceBrokerRecord} / {@link
 * UnfenceBrokerRecord}. The image applies it only if {@code brokerEpoch} matches the current registration.
 *
 * @param brokerId the broker
 * @param brokerEpoch the registration this change is for
 * @param fenced what happens to the fenced flag
 * @param inControlledShutdown whether the broker enters controlled shutdown
 */
public record BrokerRegistrationChangeRecord(int brokerId, long brokerEpoch, FencingChange fenced,
        InControlledShutdownChange inControlledShutdown) implements MetadataRecord {

    public static final short API_KEY = 17;

    /** Kafka's tri-state fencing change, with its wire values. */
    public enum FencingChange {
        UNFENCE(-1), NONE(0), FENCE(1);

        private final byte value;

        FencingChange(int value) {
            this.value = (byte) value;
        }

        public byte value() {
            return value;
        }

        /** The change with this wire value; {@code null} if there is none. */
        public static FencingChange fromValue(byte value) {
            for (FencingChange c : values()) {
                if (c.value == value) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Kafka's controlled-shutdown change, with its wire values (a broker cannot leave controlled shutdown). */
    public enum InControlledShutdownChange {
        NONE(0), IN_CONTROLLED_SHUTDOWN(1);

        private final byte value;

        InControlledShutdownChange(int value) {
            this.value = (byte) value;
        }

        public byte value() {
            return value;
        }

        /** The change with this wire value; {@code null} if there is none. */
        public static InControlledShutdownChange fromValue(byte value) {
            for (InControlledShutdownChange c : values()) {
                if (c.value == value) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A fencing change alone. */
    public BrokerRegistrationChangeRecord(int brokerId, long brokerEpoch, FencingChange fenced) {
        this(brokerId, brokerEpoch, fenced, InControlledShutdownChange.NONE);
    }

    public BrokerRegistrationChangeRecord {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + brokerId);
        }
        Objects.requireNonNull(fenced, "fenced");
        Objects.requireNonNull(inControlledShutdown, "inControlledShutdown");
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
