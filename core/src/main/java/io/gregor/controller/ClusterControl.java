package io.gregor.controller;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.util.ArrayList;
import java.util.List;

/**
 * Brokers: registration, heartbeats and fencing (KIP-631). A broker registers fenced, with a broker epoch equal to
 * the offset of its RegisterBrokerRecord; it is unfenced by the first heartbeat that shows it has applied the
 * metadata log up to that offset (so it knows at least the state it registered into) and does not ask to stay
 * fenced; it is fenced again when its session lapses or it asks to be; and a broker that asks to shut down enters
 * controlled shutdown (its leaderships move, it leaves ISRs) and is fenced and let go once that has committed and
 * it asks again. A broker in controlled shutdown is never unfenced; it must register anew. A broker that registers
 * again without naming its previous broker epoch (which only a clean shutdown records) had an unclean shutdown and
 * leaves every ISR and eligible-leader-replica set it may no longer deserve (KIP-966). Fencing first writes
 * the partition changes that take the broker out of ISRs and leadership, then the fence record, so every prefix
 * of the batch leaves the image consistent.
 */
final class ClusterControl {

    private final BrokerHeartbeatManager heartbeats;
    private final Mutations mutations;

    ClusterControl(long sessionTimeoutNs, Mutations mutations) {
        this.heartbeats = new BrokerHeartbeatManager(sessionTimeoutNs);
        this.mutations = mutations;
    }

    BrokerHeartbeatManager heartbeats() {
        return heartbeats;
    }

    /** A new active controller gives every registered broker a fresh session. */
    void activate(MetadataImage image, long nowNs) {
        heartbeats.reset(image.brokers().keySet(), nowNs);
    }

    ControllerResult<BrokerRegistrationReply> registerBroker(MetadataImage image, BrokerRegistrationRequest request,
            long baseOffset, long nowNs) {
        BrokerRegistration existing = image.broker(request.brokerId());
        List<MetadataRecord> records = new ArrayList<>();
        if (existing != null && !existing.fenced()
                && !existing.incarnationId().equals(request.incarnationId())
                && heartbeats.hasValidSession(request.brokerId(), nowNs)) {
            // Two live processes claim one id: refuse the newcomer rather than fence a live broker.
            return ControllerResult.of(new BrokerRegistrationReply(Errors.DUPLICATE_BROKER_REGISTRATION, -1));
        }
        // the same process registering again (its registration was lost) did not shut down at all
        boolean cleanShutdown = existing != null && (request.previousBrokerEpoch() == existing.epoch()
                || existing.incarnationId().equals(request.incarnationId()));
        if (existing != null && !cleanShutdown && !mutations.on(Mutation.CONTROLLER_NO_ELR)) {
            // KIP-966: an unclean shutdown may have taken the broker's unflushed tail; it leaves ISRs and ELRs
            records.addAll(ReplicationControl.handleBrokerUncleanShutdown(image, request.brokerId(), mutations));
        } else if (existing != null && !existing.fenced()) {
            // The old incarnation is gone (restart): take it out of every ISR before it re-registers fenced.
            records.addAll(ReplicationControl.handleBrokerFenced(image, request.brokerId(), mutations));
        }
        long brokerEpoch = baseOffset + records.size(); // KIP-631: the broker epoch is the record's offset
        records.add(new RegisterBrokerRecord(request.brokerId(), request.incarnationId(), brokerEpoch,
                request.endpoints(), request.rack(), true));
        heartbeats.touch(request.brokerId(), nowNs);
        return new ControllerResult<>(records, new BrokerRegistrationReply(Errors.NONE, brokerEpoch),
                baseOffset + records.size() - 1);
    }

    /**
     * A heartbeat. {@code committed} is the committed image: a broker in controlled shutdown is let go only once
     * the records that moved its leaderships are committed, so the new leaders are known before it stops.
     */
    ControllerResult<BrokerHeartbeatReply> heartbeat(MetadataImage image, MetadataImage committed,
            BrokerHeartbeatRequest request, long baseOffset, long nowNs) {
        BrokerRegistration b = image.broker(request.brokerId());
        if (b == null) {
            return ControllerResult.of(new BrokerHeartbeatReply(Errors.BROKER_ID_NOT_REGISTERED, false, true, false));
        }
        if (b.epoch() != request.brokerEpoch()) {
            return ControllerResult.of(new BrokerHeartbeatReply(Errors.STALE_BROKER_EPOCH, false, true, false));
        }
        heartbeats.touch(b.id(), nowNs);
        boolean caughtUp = request.currentMetadataOffset() >= b.epoch();
        List<MetadataRecord> records = new ArrayList<>();
        boolean fencedAfter = b.fenced();
        boolean shouldShutDown = false;
        if (request.wantShutDown()) {
            if (b.fenced()) {
                shouldShutDown = true; // leads nothing already
            } else if (!b.inControlledShutdown()) {
                // KIP-631 controlled shutdown: hand leaderships over and leave ISRs while still serving fetches
                records.addAll(ReplicationControl.handleBrokerFenced(image, b.id(), mutations));
                records.add(new BrokerRegistrationChangeRecord(b.id(), b.epoch(),
                        BrokerRegistrationChangeRecord.FencingChange.NONE,
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.IN_CONTROLLED_SHUTDOWN));
            } else if (isInCommittedControlledShutdown(committed, b)) {
                records.addAll(fenceRecords(image, b.id()));
                fencedAfter = true;
                shouldShutDown = true;
            }
        } else if (b.fenced() && caughtUp && !request.wantFence() && !b.inControlledShutdown()) {
            records.add(new UnfenceBrokerRecord(b.id(), b.epoch()));
            records.addAll(ReplicationControl.electLeaderless(image.apply(records.get(0)), mutations));
            fencedAfter = false;
        } else if (!b.fenced() && request.wantFence()) {
            records.addAll(fenceRecords(image, b.id()));
            fencedAfter = true;
        }
        BrokerHeartbeatReply reply = new BrokerHeartbeatReply(Errors.NONE, caughtUp, fencedAfter, shouldShutDown);
        return new ControllerResult<>(records, reply, records.isEmpty() ? -1 : baseOffset + records.size() - 1);
    }

    private static boolean isInCommittedControlledShutdown(MetadataImage committed, BrokerRegistration b) {
        BrokerRegistration c = committed.broker(b.id());
        return c != null && c.epoch() == b.epoch() && c.inControlledShutdown();
    }

    /** Unfenced brokers whose session lapsed by {@code nowNs}, ascending. */
    List<Integer> expiredBrokers(MetadataImage image, long nowNs) {
        return heartbeats.expired(image.unfencedBrokerIds(), nowNs);
    }

    /** When the next unfenced broker's session lapses, or {@link Long#MAX_VALUE}. */
    long nextSessionExpiryNs(MetadataImage image) {
        return heartbeats.nextExpiryNs(image.unfencedBrokerIds());
    }

    /** The records that fence an unfenced broker: partition changes first, then the fence record. */
    List<MetadataRecord> fenceRecords(MetadataImage image, int brokerId) {
        BrokerRegistration b = image.broker(brokerId);
        List<MetadataRecord> records = new ArrayList<>(ReplicationControl.handleBrokerFenced(image, brokerId,
                mutations));
        records.add(new FenceBrokerRecord(brokerId, b.epoch()));
        return records;
    }
}
