package io.gregor.controller;

/**
 * A broker is unfenced: it heartbeated and had caught up with the metadata log up to its own registration. It may
 * now lead partitions and join ISRs.
 *
 * @param id the broker
 * @param epoch the registration (broker epoch) being unfenced
 */
public record UnfenceBrokerRecord(int id, long epoch) implements MetadataRecord {

    public static final short API_KEY = 8;

    public UnfenceBrokerRecord {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be non-negative: " + id);
        }
    }

    @Override
    public short apiKey() {
        return API_KEY;
    }
}
