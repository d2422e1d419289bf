package io.gregor.controller;

import io.gregor.common.Invariant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster's metadata as of some point of the metadata log: brokers, topics, partitions and topic configs.
 * Immutable: {@link #apply} returns a new image, so a broker can hand the current image to readers while it
 * replays the next record. Every map is sorted, so iteration (and therefore every record or message derived from
 * an image) is deterministic.
 *
 * <p>Applying a record that does not fit the image (a change to an unknown broker or partition, a fencing change
 * for an old broker epoch, a duplicate topic) is a broken invariant: the log is written by a controller that
 * validated every record against the same image, so such a record means a bug, not bad input.
 */
public record MetadataImage(SortedMap<Integer, BrokerRegistration> brokers, SortedMap<UUID, TopicImage> topics,
        SortedMap<String, UUID> topicIdsByName) {

    /** The image of an empty log. */
    public static final MetadataImage EMPTY = new MetadataImage(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    public MetadataImage {
        brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        topics = Collections.unmodifiableSortedMap(new TreeMap<>(topics));
        topicIdsByName = Collections.unmodifiableSortedMap(new TreeMap<>(topicIdsByName));
        Invariant.check(topics.size() == topicIdsByName.size(), "topic maps disagree: %s vs %s", topics.keySet(),
                topicIdsByName);
    }

    /** The broker's registration, or {@code null} if it never registered. */
    public BrokerRegistration broker(int brokerId) {
        return brokers.get(brokerId);
    }

    /** Whether the broker is registered and not fenced. */
    public boolean isUnfenced(int brokerId) {
        BrokerRegistration b = brokers.get(brokerId);
        return b != null && !b.fenced();
    }

    /** Whether the broker is registered, unfenced and not in controlled shutdown: it may lead and join ISRs. */
    public boolean isEligible(int brokerId) {
        BrokerRegistration b = brokers.get(brokerId);
        return b != null && b.isEligible();
    }

    /** Ids of eligible brokers (see {@link #isEligible}), ascending: where new replicas may go. */
    public List<Integer> eligibleBrokerIds() {
        List<Integer> out = new ArrayList<>();
        for (BrokerRegistration b : brokers.values()) {
            if (b.isEligible()) {
                out.add(b.id());
            }
        }
        return out;
    }

    /** Ids of registered, unfenced brokers, ascending. */
    public List<Integer> unfencedBrokerIds() {
        List<Integer> out = new ArrayList<>();
        for (BrokerRegistration b : brokers.values()) {
            if (!b.fenced()) {
                out.add(b.id());
            }
        }
        return out;
    }

    /** The topic, or {@code null}. */
    public TopicImage topic(UUID topicId) {
        return topics.get(topicId);
    }

    /** The topic with this name, or {@code null}. */
    public TopicImage topicByName(String name) {
        UUID id = topicIdsByName.get(name);
        return id == null ? null : topics.get(id);
    }

    /**
     * The image as records — the body of a metadata snapshot (Kafka writes snapshots as records too): replaying
     * them onto {@link #EMPTY} gives back an image equal to this one, without the history that led here.
     */
    public List<MetadataRecord> toRecords() {
        List<MetadataRecord> out = new ArrayList<>();
        for (BrokerRegistration b : brokers.values()) {
            out.add(new RegisterBrokerRecord(b.id(), b.incarnationId(), b.epoch(), b.endpoints(), b.rack(),
                    b.fenced()));
            if (b.inControlledShutdown()) {
                out.add(new BrokerRegistrationChangeRecord(b.id(), b.epoch(),
                        BrokerRegistrationChangeRecord.FencingChange.NONE,
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.IN_CONTROLLED_SHUTDOWN));
            }
        }
        for (TopicImage t : topics.values()) {
            out.add(new TopicRecord(t.name(), t.id()));
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                out.add(new ConfigRecord(t.name(), c.getKey(), java.util.Optional.of(c.getValue())));
            }
            for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                PartitionRegistration p = e.getValue();
                out.add(new PartitionRecord(t.id(), e.getKey(), p.replicas(), p.isr(), p.leader(), p.leaderEpoch(),
                        p.partitionEpoch(), p.elr()));
            }
        }
        return out;
    }

    /** This image after every record of {@code records}, in order. */
    public MetadataImage applyAll(List<MetadataRecord> records) {
        MetadataImage image = this;
        for (MetadataRecord r : records) {
            image = image.apply(r);
        }
        return image;
    }

    /** This image after {@code record}. */
    public MetadataImage apply(MetadataRecord record) {
        if (record instanceof RegisterBrokerRecord r) {
            BrokerRegistration old = brokers.get(r.brokerId());
            Invariant.check(old == null || old.epoch() < r.brokerEpoch(),
                    "broker %s re-registered with epoch %s, not above its current %s", r.brokerId(), r.brokerEpoch(),
                    old == null ? -1 : old.epoch());
            return withBroker(BrokerRegistration.from(r));
        } else if (record instanceof BrokerRegistrationChangeRecord r) {
            BrokerRegistration b = registered(r.brokerId(), r.brokerEpoch());
            if (r.fenced() == BrokerRegistrationChangeRecord.FencingChange.FENCE) {
                b = b.withFenced(true);
            } else if (r.fenced() == BrokerRegistrationChangeRecord.FencingChange.UNFENCE) {
                b = b.withFenced(false);
            }
            if (r.inControlledShutdown() == BrokerRegistrationChangeRecord.InControlledShutdownChange
                    .IN_CONTROLLED_SHUTDOWN) {
                b = b.withControlledShutdown();
            }
            return withBroker(b);
        } else if (record instanceof FenceBrokerRecord r) {
            return withBroker(registered(r.id(), r.epoch()).withFenced(true));
        } else if (record instanceof UnfenceBrokerRecord r) {
            return withBroker(registered(r.id(), r.epoch()).withFenced(false));
        } else if (record instanceof TopicRecord r) {
            Invariant.check(!topicIdsByName.containsKey(r.name()), "topic %s created twice", r.name());
            Invariant.check(!topics.containsKey(r.topicId()), "topic id %s reused for %s", r.topicId(), r.name());
            TreeMap<UUID, TopicImage> newTopics = new TreeMap<>(topics);
            newTopics.put(r.topicId(), TopicImage.empty(r.name(), r.topicId()));
            TreeMap<String, UUID> newNames = new TreeMap<>(topicIdsByName);
            newNames.put(r.name(), r.topicId());
            return new MetadataImage(brokers, newTopics, newNames);
        } else if (record instanceof PartitionRecord r) {
            TopicImage t = existingTopic(r.topicId());
            return withTopic(t.withPartition(r.partitionId(), PartitionRegistration.from(r)));
        } else if (record instanceof PartitionChangeRecord r) {
            TopicImage t = existingTopic(r.topicId());
            PartitionRegistration p = t.partition(r.partitionId());
            Invariant.check(p != null, "change to unknown partition %s-%s", t.name(), r.partitionId());
            PartitionRegistration merged;
            try {
                merged = p.merge(r);
            } catch (IllegalArgumentException e) {
                throw new io.gregor.common.InvariantViolation("partition change " + r + " breaks " + p + ": "
                        + e.getMessage());
            }
            return withTopic(t.withPartition(r.partitionId(), merged));
        } else if (record instanceof RemoveTopicRecord r) {
            TopicImage t = existingTopic(r.topicId());
            TreeMap<UUID, TopicImage> newTopics = new TreeMap<>(topics);
            newTopics.remove(r.topicId());
            TreeMap<String, UUID> newNames = new TreeMap<>(topicIdsByName);
            newNames.remove(t.name());
            return new MetadataImage(brokers, newTopics, newNames);
        } else if (record instanceof ConfigRecord r) {
            TopicImage t = topicByName(r.topicName());
            Invariant.check(t != null, "config %s for unknown topic %s", r.name(), r.topicName());
            return withTopic(t.withConfig(r.name(), r.value()));
        }
        throw new IllegalArgumentException("no image rule for record type " + record.getClass().getSimpleName());
    }

    private BrokerRegistration registered(int brokerId, long brokerEpoch) {
        BrokerRegistration b = brokers.get(brokerId);
        Invariant.check(b != null, "change to unregistered broker %s", brokerId);
        Invariant.check(b.epoch() == brokerEpoch, "change to broker %s for epoch %s, current epoch %s", brokerId,
                brokerEpoch, b.epoch());
        return b;
    }

    private TopicImage existingTopic(UUID topicId) {
        TopicImage t = topics.get(topicId);
        Invariant.check(t != null, "record for unknown topic id %s", topicId);
        return t;
    }

    private MetadataImage withBroker(BrokerRegistration b) {
        TreeMap<Integer, BrokerRegistration> copy = new TreeMap<>(brokers);
        copy.put(b.id(), b);
        return new MetadataImage(copy, topics, topicIdsByName);
    }

    private MetadataImage withTopic(TopicImage t) {
        TreeMap<UUID, TopicImage> copy = new TreeMap<>(topics);
        copy.put(t.id(), t);
        return new MetadataImage(brokers, copy, topicIdsByName);
    }

    /**
     * The controller's rules that must hold after every record, as readable lines (empty when all hold):
     * leader ∈ ISR ⊆ replicas or leader = -1; every replica is a registered broker; a leader is eligible
     * (unfenced, not shutting down); an ineligible broker is in no ISR of more than one member (KIP-841: the last
     * member stays); eligible leader replicas exist only while the ISR is below the topic's min.insync.replicas
     * (KIP-966).
     */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (TopicImage t : topics.values()) {
            for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                String tp = t.name() + "-" + e.getKey();
                PartitionRegistration p = e.getValue();
                for (int replica : p.replicas()) {
                    if (!brokers.containsKey(replica)) {
                        out.add(tp + ": replica " + replica + " is not a registered broker");
                    }
                }
                if (p.hasLeader() && !p.isr().contains(p.leader())) {
                    out.add(tp + ": leader " + p.leader() + " not in isr " + p.isr());
                }
                if (!p.replicas().containsAll(p.isr())) {
                    out.add(tp + ": isr " + p.isr() + " not within replicas " + p.replicas());
                }
                if (p.hasLeader() && !isEligible(p.leader())) {
                    out.add(tp + ": leader " + p.leader() + " is fenced or shutting down");
                }
                if (p.isr().size() > 1) {
                    for (int member : p.isr()) {
                        if (!isEligible(member)) {
                            out.add(tp + ": fenced or shutting-down broker " + member + " in isr " + p.isr());
                        }
                    }
                }
                if (!p.elr().isEmpty() && p.isr().size() >= t.minInsyncReplicas()) {
                    out.add(tp + ": eligible leader replicas " + p.elr() + " beside an isr " + p.isr()
                            + " at min.insync.replicas " + t.minInsyncReplicas());
                }
            }
        }
        return out;
    }

    /** Throws {@link io.gregor.common.InvariantViolation} naming the first broken rule, if any. */
    public void checkInvariants() {
        List<String> v = violations();
        Invariant.check(v.isEmpty(), "metadata image invariant broken: %s", v);
    }
}
