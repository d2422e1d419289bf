package io.gregor.controller;

import io.gregor.common.Invariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records that turn one image into a newer one: what a metadata consumer that replays records onto its own image
 * is handed when a snapshot replaces the log it had replayed (Kafka's metadata loader likewise publishes the delta
 * between the image it had and the snapshot's, so a broker learns which partitions moved).
 *
 * <p>"Newer" is what a snapshot restored after the consumer's last offset guarantees: brokers are never unregistered
 * and their epochs only grow, a broker never leaves controlled shutdown within an epoch, and a topic never loses a
 * partition. Within those rules any two images have a delta: removed topics first (so a recreated name is free),
 * then brokers (re-registered, fenced, unfenced, shutting down), then new topics and changed configs and partitions
 * ({@link PartitionRecord} overwrites a partition whole, epochs included).
 */
public final class MetadataDelta {

    private MetadataDelta() {
    }

    /** Records {@code r} such that {@code from.applyAll(r)} equals {@code to}; empty when they are equal. */
    public static List<MetadataRecord> records(MetadataImage from, MetadataImage to) {
        List<MetadataRecord> out = new ArrayList<>();
        for (TopicImage t : from.topics().values()) {
            TopicImage now = to.topic(t.id());
            if (now == null || !now.name().equals(t.name())) {
                out.add(new RemoveTopicRecord(t.id()));
            }
        }
        for (Map.Entry<Integer, BrokerRegistration> e : from.brokers().entrySet()) {
            Invariant.check(to.brokers().containsKey(e.getKey()), "broker %s is not in the newer image", e.getKey());
        }
        for (BrokerRegistration b : to.brokers().values()) {
            brokerChanges(from.broker(b.id()), b, out);
        }
        for (TopicImage t : to.topics().values()) {
            TopicImage old = from.topic(t.id());
            if (old == null || !old.name().equals(t.name())) {
                old = TopicImage.empty(t.name(), t.id());
                out.add(new TopicRecord(t.name(), t.id()));
            }
            topicChanges(old, t, out);
        }
        return out;
    }

    private static void brokerChanges(BrokerRegistration old, BrokerRegistration now, List<MetadataRecord> out) {
        if (old == null || old.epoch() < now.epoch()) {
            out.add(new RegisterBrokerRecord(now.id(), now.incarnationId(), now.epoch(), now.endpoints(), now.rack(),
                    now.fenced()));
            if (now.inControlledShutdown()) {
                out.add(new BrokerRegistrationChangeRecord(now.id(), now.epoch(),
                        BrokerRegistrationChangeRecord.FencingChange.NONE,
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.IN_CONTROLLED_SHUTDOWN));
            }
            return;
        }
        Invariant.check(old.epoch() == now.epoch() && old.incarnationId().equals(now.incarnationId())
                && old.endpoints().equals(now.endpoints()) && old.rack().equals(now.rack())
                && (!old.inControlledShutdown() || now.inControlledShutdown()),
                "broker registration %s is not a newer state of %s", now, old);
        BrokerRegistrationChangeRecord.FencingChange fencing = old.fenced() == now.fenced()
                ? BrokerRegistrationChangeRecord.FencingChange.NONE
                : now.fenced() ? BrokerRegistrationChangeRecord.FencingChange.FENCE
                        : BrokerRegistrationChangeRecord.FencingChange.UNFENCE;
        BrokerRegistrationChangeRecord.InControlledShutdownChange shutdown =
                now.inControlledShutdown() && !old.inControlledShutdown()
                        ? BrokerRegistrationChangeRecord.InControlledShutdownChange.IN_CONTROLLED_SHUTDOWN
                        : BrokerRegistrationChangeRecord.InControlledShutdownChange.NONE;
        if (fencing != BrokerRegistrationChangeRecord.FencingChange.NONE
                || shutdown != BrokerRegistrationChangeRecord.InControlledShutdownChange.NONE) {
            out.add(new BrokerRegistrationChangeRecord(now.id(), now.epoch(), fencing, shutdown));
        }
    }

    private static void topicChanges(TopicImage old, TopicImage now, List<MetadataRecord> out) {
        for (String key : old.configs().keySet()) {
            if (!now.configs().containsKey(key)) {
                out.add(new ConfigRecord(now.name(), key, Optional.empty()));
            }
        }
        for (Map.Entry<String, String> c : now.configs().entrySet()) {
            if (!c.getValue().equals(old.configs().get(c.getKey()))) {
                out.add(new ConfigRecord(now.name(), c.getKey(), Optional.of(c.getValue())));
            }
        }
        for (Integer partitionId : old.partitions().keySet()) {
            Invariant.check(now.partitions().containsKey(partitionId), "partition %s-%s is not in the newer image",
                    now.name(), partitionId);
        }
        for (Map.Entry<Integer, PartitionRegistration> e : now.partitions().entrySet()) {
            PartitionRegistration p = e.getValue();
            if (!p.equals(old.partition(e.getKey()))) {
                out.add(new PartitionRecord(now.id(), e.getKey(), p.replicas(), p.isr(), p.leader(), p.leaderEpoch(),
                        p.partitionEpoch(), p.elr()));
            }
        }
    }
}
