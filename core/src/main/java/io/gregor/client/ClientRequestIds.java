package io.gregor.client;

/**
 * Request ids for one client instance: {@code (clientIndex << 40) | counter}. Several client instances share one
 * simulated node and one network address; the broker echoes the id in its reply, so the host finds the instance a
 * reply belongs to with {@link #clientIndexOf(long)} without any table. The counter starts at 1, so no id is 0.
 */
public final class ClientRequestIds {

    /** Bits of the per-instance counter; the client index sits above them. */
    public static final int COUNTER_BITS = 40;
    /** The largest client index: the id stays a positive long. */
    public static final int MAX_CLIENT_INDEX = (1 << (63 - COUNTER_BITS)) - 1;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private final int clientIndex;
    private long counter;

    public ClientRequestIds(int clientIndex) {
        if (clientIndex < 0 || clientIndex > MAX_CLIENT_INDEX) {
            throw new IllegalArgumentException("clientIndex must be in [0, " + MAX_CLIENT_INDEX + "]: " + clientIndex);
        }
        this.clientIndex = clientIndex;
    }

    /** The next unused id of this instance. */
    public long next() {
        counter++;
        if (counter > COUNTER_MASK) {
            throw new IllegalStateException("client " + clientIndex + " ran out of request ids");
        }
        return ((long) clientIndex << COUNTER_BITS) | counter;
    }

    public int clientIndex() {
        return clientIndex;
    }

    /** Whether {@code requestId} was issued by this instance. */
    public boolean owns(long requestId) {
        return requestId > 0 && clientIndexOf(requestId) == clientIndex;
    }

    /** The client index a request id (or the reply echoing it) belongs to: the host's routing rule. */
    public static int clientIndexOf(long requestId) {
        return (int) (requestId >>> COUNTER_BITS);
    }
}
