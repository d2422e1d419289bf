package io.gregor.controller;

/**
 * A broker is fenced: its session expired (or it re-registered). A fenced broker may not lead a partition nor
 * join an ISR. The controller writes the ISR/leader changes that take it out of partitions before this record.
 *
 * @param id the broker
 * @param epoch the registration (broker epoch) being fenced
 */
public record FenceBrokerRecord(int id, long epoch) implements MetadataRecord {

    public static final short API_KEY = 7;

    public FenceBrokerRecord {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + id);
        }
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
