package io.gregor.controller;

import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Topics and partitions: CreateTopics, DeleteTopics, AlterPartition, and the ISR/leader changes that follow a
 * broker being fenced or unfenced. Pure functions of a {@link MetadataImage}: each returns the records to append
 * (and a reply); the caller appends them and applies them to its image.
 */
final class ReplicationControl {

    /** No request may produce more records than this in one batch (Kafka's MAX_RECORDS_PER_USER_OP). */
    static final int MAX_RECORDS_PER_BATCH = 10_000;
    /** Kafka's limit on a topic name's length. */
    static final int MAX_TOPIC_NAME_LENGTH = 249;
    /** The high half of every topic id ("GREGOR" in ASCII): keeps ids clear of Kafka's reserved ZERO and ONE. */
    static final long TOPIC_ID_HIGH_BITS = 0x4752_4547_4F52_0000L;

    private ReplicationControl() {
    }

    /**
     * The id of a topic whose TopicRecord lands at {@code offset}. Offsets are unique in a log, so ids are unique,
     * and deterministic — never a random UUID.
     */
    static UUID topicIdFor(long offset) {
        return new UUID(TOPIC_ID_HIGH_BITS, offset);
    }

    /** Records and per-topic results for CreateTopics; {@code baseOffset} is where the first record will land. */
    static ControllerResult<List<CreateTopicResult>> createTopics(MetadataImage image, List<CreatableTopic> topics,
            long baseOffset) {
        List<MetadataRecord> records = new ArrayList<>();
        List<CreateTopicResult> results = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        TreeSet<String> duplicated = new TreeSet<>();
        for (CreatableTopic t : topics) {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        }
        MetadataImage working = image;
        for (CreatableTopic t : topics) {
            if (duplicated.contains(t.name())) {
                results.add(CreateTopicResult.failed(t.name(), Errors.INVALID_REQUEST,
                        "topic " + t.name() + " appears more than once in the request"));
                continue;
            }
            CreateTopicResult refusal = validate(working, t);
            if (refusal != null) {
                results.add(refusal);
                continue;
            }
            if (records.size() + 1 + t.configs().size() + t.numPartitions() > MAX_RECORDS_PER_BATCH) {
                results.add(CreateTopicResult.failed(t.name(), Errors.POLICY_VIOLATION, "request would write more"
                        + " than " + MAX_RECORDS_PER_BATCH + " records; create fewer partitions at once"));
                continue;
            }
            UUID topicId = topicIdFor(baseOffset + records.size());
            List<MetadataRecord> topicRecords = new ArrayList<>();
            topicRecords.add(new TopicRecord(t.name(), topicId));
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                topicRecords.add(new ConfigRecord(t.name(), c.getKey(), Optional.of(c.getValue())));
            }
            List<List<Integer>> assignment = ReplicaPlacer.place(working.eligibleBrokerIds(), t.numPartitions(),
                    t.replicationFactor(), t.name().hashCode());
            for (int p = 0; p < assignment.size(); p++) {
                List<Integer> replicas = assignment.get(p);
                topicRecords.add(new PartitionRecord(topicId, p, replicas, replicas, replicas.get(0), 0, 0));
            }
            working = working.applyAll(topicRecords);
            records.addAll(topicRecords);
            results.add(new CreateTopicResult(t.name(), Errors.NONE, Optional.of(topicId), ""));
        }
        return result(records, results, baseOffset);
    }

    /** Why this topic cannot be created, or {@code null} if it can. */
    private static CreateTopicResult validate(MetadataImage image, CreatableTopic t) {
        String nameProblem = topicNameProblem(t.name());
        if (nameProblem != null) {
            return CreateTopicResult.failed(t.name(), Errors.INVALID_TOPIC_EXCEPTION, nameProblem);
        }
        if (image.topicByName(t.name()) != null) {
            return CreateTopicResult.failed(t.name(), Errors.TOPIC_ALREADY_EXISTS,
                    "topic " + t.name() + " already exists");
        }
        if (t.numPartitions() < 1) {
            return CreateTopicResult.failed(t.name(), Errors.INVALID_PARTITIONS,
                    "number of partitions must be at least 1, was " + t.numPartitions());
        }
        if (t.replicationFactor() < 1) {
            return CreateTopicResult.failed(t.name(), Errors.INVALID_REPLICATION_FACTOR,
                    "replication factor must be at least 1, was " + t.replicationFactor());
        }
        for (Map.Entry<String, String> c : t.configs().entrySet()) {
            if (c.getKey().equals(ConfigRecord.MIN_INSYNC_REPLICAS)) {
                if (!c.getValue().matches("[1-9][0-9]{0,8}")) {
                    return CreateTopicResult.failed(t.name(), Errors.INVALID_CONFIG,
                            c.getKey() + " must be a positive integer, was " + c.getValue());
                }
                continue;
            }
            if (!c.getKey().equals(ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE)) {
                return CreateTopicResult.failed(t.name(), Errors.INVALID_CONFIG, "unknown topic config " + c.getKey());
            }
            if (!c.getValue().equals("true") && !c.getValue().equals("false")) {
                return CreateTopicResult.failed(t.name(), Errors.INVALID_CONFIG,
                        c.getKey() + " must be true or false, was " + c.getValue());
            }
        }
        int usable = image.eligibleBrokerIds().size();
        if (t.replicationFactor() > usable) {
            return CreateTopicResult.failed(t.name(), Errors.INVALID_REPLICATION_FACTOR, "replication factor "
                    + t.replicationFactor() + " is larger than the " + usable + " unfenced brokers not shutting"
                    + " down");
        }
        return null;
    }

    /** Kafka's topic name rule: 1..249 characters of [a-zA-Z0-9._-], and not "." or "..". */
    static String topicNameProblem(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "topic name '" + name + "' is not allowed";
        }
        if (name.length() > MAX_TOPIC_NAME_LENGTH) {
            return "topic name is " + name.length() + " characters, more than " + MAX_TOPIC_NAME_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!legal) {
                return "topic name '" + name + "' has an illegal character; use [a-zA-Z0-9._-]";
            }
        }
        return null;
    }

    /** Records and per-topic results for DeleteTopics by name. */
    static ControllerResult<List<DeleteTopicResult>> deleteTopics(MetadataImage image, List<String> names,
            long baseOffset) {
        List<MetadataRecord> records = new ArrayList<>();
        List<DeleteTopicResult> results = new ArrayList<>();
        TreeSet<String> deleted = new TreeSet<>();
        for (String name : names) {
            TopicImage topic = image.topicByName(name);
            if (topic == null || deleted.contains(name)) {
                results.add(new DeleteTopicResult(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            deleted.add(name);
            records.add(new RemoveTopicRecord(topic.id()));
            results.add(new DeleteTopicResult(name, Errors.NONE));
        }
        return result(records, results, baseOffset);
    }

    /** Records and reply for an AlterPartition from a partition leader, checked in Kafka's order. */
    static ControllerResult<AlterPartitionResponse> alterPartition(MetadataImage image, AlterPartitionRequest request,
            long baseOffset, Mutations mutations) {
        BrokerRegistration sender = image.broker(request.brokerId());
        if (sender == null || sender.epoch() != request.brokerEpoch()) {
            return ControllerResult.of(AlterPartitionResponse.failed(Errors.STALE_BROKER_EPOCH));
        }
        TopicImage topic = image.topic(request.topicId());
        if (topic == null) {
            return ControllerResult.of(AlterPartitionResponse.failed(Errors.UNKNOWN_TOPIC_ID));
        }
        PartitionRegistration partition = topic.partition(request.partitionId());
        if (partition == null) {
            return ControllerResult.of(AlterPartitionResponse.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        Errors error = validateAlterPartition(image, partition, request, mutations);
        if (error != Errors.NONE) {
            return ControllerResult.of(AlterPartitionResponse.failed(error));
        }
        Optional<PartitionChangeRecord> change = new PartitionChangeBuilder(topic.id(), request.partitionId(),
                partition, image::isEligible, topic.uncleanLeaderElectionEnabled()).withMutations(mutations)
                .withMinInsyncReplicas(topic.minInsyncReplicas()).setTargetIsr(request.newIsr()).build();
        PartitionRegistration after = change.map(partition::merge).orElse(partition);
        AlterPartitionResponse reply = new AlterPartitionResponse(Errors.NONE, after.leader(), after.leaderEpoch(),
                after.isr(), after.partitionEpoch());
        List<MetadataRecord> records = change.isPresent() ? List.of(change.get()) : List.of();
        return result(records, reply, baseOffset);
    }

    private static Errors validateAlterPartition(MetadataImage image, PartitionRegistration partition,
            AlterPartitionRequest request, Mutations mutations) {
        boolean checkEpochs = !mutations.on(Mutation.CONTROLLER_STALE_ALTER_PARTITION);
        // A higher epoch than ours means we are a stale controller: send the leader to look for the new one.
        if (request.leaderEpoch() > partition.leaderEpoch()) {
            return Errors.NOT_CONTROLLER;
        }
        if (request.leaderEpoch() < partition.leaderEpoch() && checkEpochs) {
            return Errors.FENCED_LEADER_EPOCH; // a deposed leader must not shrink the new leader's ISR
        }
        if (request.brokerId() != partition.leader()) {
            return Errors.INVALID_REQUEST;
        }
        if (request.partitionEpoch() > partition.partitionEpoch()) {
            return Errors.NOT_CONTROLLER;
        }
        if (request.partitionEpoch() < partition.partitionEpoch() && checkEpochs) {
            return Errors.INVALID_UPDATE_VERSION; // proposal based on an ISR that has since changed
        }
        List<Integer> newIsr = request.newIsr();
        if (newIsr.isEmpty() || new TreeSet<>(newIsr).size() != newIsr.size()
                || !partition.replicas().containsAll(newIsr) || !newIsr.contains(partition.leader())) {
            return Errors.INVALID_REQUEST;
        }
        for (int member : newIsr) {
            if (!image.isEligible(member)) {
                // a fenced broker may be behind, a shutting-down one is leaving: neither may count as in sync
                return Errors.INELIGIBLE_REPLICA;
            }
        }
        return Errors.NONE;
    }

    /**
     * The partition changes that take {@code brokerId} out of every ISR and leadership, as if it were already
     * fenced (used for fencing and for controlled shutdown alike): it leaves each ISR unless it is the last member
     * (KIP-841: the ISR never empties, so the last member stays and the partition goes leaderless until it returns),
     * and each partition it led gets a new leader.
     */
    static List<MetadataRecord> handleBrokerFenced(MetadataImage image, int brokerId, Mutations mutations) {
        IntPredicate acceptable = id -> id != brokerId && image.isEligible(id);
        List<MetadataRecord> records = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> e : topic.partitions().entrySet()) {
                PartitionRegistration p = e.getValue();
                if (!p.isr().contains(brokerId)) {
                    continue;
                }
                List<Integer> targetIsr = new ArrayList<>(p.isr());
                if (targetIsr.size() > 1 || mutations.on(Mutation.CONTROLLER_FENCE_EMPTIES_ISR)) { // KIP-841
                    targetIsr.remove(Integer.valueOf(brokerId));
                }
                new PartitionChangeBuilder(topic.id(), e.getKey(), p, acceptable,
                        topic.uncleanLeaderElectionEnabled()).withMutations(mutations)
                        .withMinInsyncReplicas(topic.minInsyncReplicas()).setTargetIsr(targetIsr).build()
                        .ifPresent(records::add);
            }
        }
        return records;
    }

    /**
     * The partition changes for a broker that registers again after an unclean shutdown (KIP-966): its unflushed
     * tail may be gone, so it leaves every eligible-leader-replica set, and every ISR — as the last member too, when
     * an eligible leader replica can take its place (that one, unfenced if possible, becomes the ISR and leads if
     * it can). Where no replica is known to hold the committed records it stays, the last ISR member (KIP-841).
     */
    static List<MetadataRecord> handleBrokerUncleanShutdown(MetadataImage image, int brokerId, Mutations mutations) {
        IntPredicate acceptable = id -> id != brokerId && image.isEligible(id);
        List<MetadataRecord> records = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> e : topic.partitions().entrySet()) {
                PartitionRegistration p = e.getValue();
                if (!p.isr().contains(brokerId) && !p.elr().contains(brokerId)) {
                    continue;
                }
                List<Integer> targetIsr = new ArrayList<>(p.isr());
                targetIsr.remove(Integer.valueOf(brokerId));
                if (targetIsr.isEmpty()) {
                    int standIn = -1;
                    for (int replica : p.replicas()) {
                        if (p.elr().contains(replica) && replica != brokerId
                                && (standIn < 0 || (!acceptable.test(standIn) && acceptable.test(replica)))) {
                            standIn = replica;
                        }
                    }
                    targetIsr.add(standIn >= 0 ? standIn : brokerId);
                }
                new PartitionChangeBuilder(topic.id(), e.getKey(), p, acceptable,
                        topic.uncleanLeaderElectionEnabled()).withMutations(mutations)
                        .withMinInsyncReplicas(topic.minInsyncReplicas()).withoutReplica(brokerId)
                        .setTargetIsr(targetIsr).build().ifPresent(records::add);
            }
        }
        return records;
    }

    /** Elections for every leaderless partition, now that {@code image} has a newly unfenced broker. */
    static List<MetadataRecord> electLeaderless(MetadataImage image, Mutations mutations) {
        List<MetadataRecord> records = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> e : topic.partitions().entrySet()) {
                if (!e.getValue().hasLeader()) {
                    new PartitionChangeBuilder(topic.id(), e.getKey(), e.getValue(), image::isEligible,
                            topic.uncleanLeaderElectionEnabled()).withMutations(mutations)
                            .withMinInsyncReplicas(topic.minInsyncReplicas()).build().ifPresent(records::add);
                }
            }
        }
        return records;
    }

    private static <T> ControllerResult<T> result(List<MetadataRecord> records, T reply, long baseOffset) {
        return new ControllerResult<>(records, reply, records.isEmpty() ? -1 : baseOffset + records.size() - 1);
    }
}
