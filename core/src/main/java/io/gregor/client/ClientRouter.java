package io.gregor.client;

import io.gregor.broker.BrokerMessage;
import java.util.TreeMap;

/**
 * The host side of sharing one node among several client instances: it hands each broker reply to the instance
 * whose {@code clientIndex} sits in the reply's request id ({@link ClientRequestIds#clientIndexOf(long)}). A
 * simulated workload node calls {@link #route} from its {@code onMessage}.
 */
public final class ClientRouter {

    /** What a producer or consumer offers for its replies ({@code Producer::onMessage}, {@code Consumer::onMessage}). */
    @FunctionalInterface
    public interface Handler {
        void onMessage(int fromBrokerId, BrokerMessage message);
    }

    private final TreeMap<Integer, Handler> handlers = new TreeMap<>();

    /** Registers the instance numbered {@code clientIndex}; each index once. */
    public void register(int clientIndex, Handler handler) {
        if (handlers.putIfAbsent(clientIndex, handler) != null) {
            throw new IllegalArgumentException("client index " + clientIndex + " is already registered");
        }
    }

    public void unregister(int clientIndex) {
        handlers.remove(clientIndex);
    }

    /**
     * Delivers {@code message} to its instance.
     *
     * @return false when it is not a broker message or no instance has its index (a reply to a crashed or removed
     *     instance: dropped, as a closed connection would drop it)
     */
    public boolean route(int fromNodeId, Object message) {
        if (!(message instanceof BrokerMessage reply)) {
            return false;
        }
        Handler h = handlers.get(ClientRequestIds.clientIndexOf(reply.requestId()));
        if (h == null) {
            return false;
        }
        h.onMessage(fromNodeId, reply);
        return true;
    }
}
