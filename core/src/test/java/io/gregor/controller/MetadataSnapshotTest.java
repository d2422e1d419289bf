package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Metadata snapshots (KIP-630): an image written as records and bytes comes back equal, and restoring a snapshot
 * in the middle of a log then replaying the rest gives the image of the whole log. Images are built by random
 * sequences of records that fit the image they are applied to — every record type, every broker and partition
 * state the image can hold, not only the ones the controller happens to produce.
 */
class MetadataSnapshotTest {

    private static final int MAX_BROKER_ID = 5;
    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    /** One random step: {@code kind} picks a record type, the other numbers pick its fields against the image. */
    record Step(int kind, int a, int b, int c, int d) {
    }

    static final Gen<Step> STEP = s -> new Step(s.intBetween(0, 7), s.intBetween(0, 99), s.intBetween(0, 99),
            s.intBetween(0, 99), s.intBetween(0, 99));

    /** Up to 60 steps. */
    static final Gen<List<Step>> STEPS = Gen.ints(0, 60).flatMap(n -> Gen.listOfSize(STEP, n));

    /** The records the steps make, each fitting the image of the records before it (offset = list index). */
    static List<MetadataRecord> records(List<Step> steps) {
        List<MetadataRecord> out = new ArrayList<>();
        MetadataImage image = MetadataImage.EMPTY;
        for (Step step : steps) {
            List<MetadataRecord> next = recordsFor(step, image, out.size());
            image = image.applyAll(next);
            out.addAll(next);
        }
        return out;
    }

    private static List<MetadataRecord> recordsFor(Step s, MetadataImage image, long offset) {
        List<Integer> brokerIds = new ArrayList<>(image.brokers().keySet());
        List<UUID> topicIds = new ArrayList<>(image.topics().keySet());
        switch (s.kind()) {
            case 0: {
                int id = s.a() % (MAX_BROKER_ID + 1);
                List<BrokerEndpoint> endpoints = s.b() % 3 == 0 ? List.of()
                        : List.of(new BrokerEndpoint("PLAINTEXT", "host" + id, 9092 + s.b(), (short) 0),
                                new BrokerEndpoint("SSL", "host" + id, 9093, (short) 1)).subList(0, s.b() % 3);
                Optional<String> rack = s.c() % 3 == 0 ? Optional.empty() : Optional.of("rack" + s.c() % 3);
                return List.of(new RegisterBrokerRecord(id, new UUID(id, s.d()), offset, endpoints, rack,
                        s.d() % 4 != 0));
            }
            case 1: {
                if (brokerIds.isEmpty()) {
                    return List.of();
                }
                BrokerRegistration b = image.broker(brokerIds.get(s.a() % brokerIds.size()));
                return List.of(new BrokerRegistrationChangeRecord(b.id(), b.epoch(),
                        BrokerRegistrationChangeRecord.FencingChange.values()[s.b() % 3],
                        BrokerRegistrationChangeRecord.InControlledShutdownChange.values()[s.c() % 2]));
            }
            case 2: {
                if (brokerIds.isEmpty()) {
                    return List.of();
                }
                BrokerRegistration b = image.broker(brokerIds.get(s.a() % brokerIds.size()));
                return List.of(s.b() % 2 == 0 ? new FenceBrokerRecord(b.id(), b.epoch())
                        : new UnfenceBrokerRecord(b.id(), b.epoch()));
            }
            case 3: {
                String name = NAMES.get(s.a() % NAMES.size());
                if (image.topicByName(name) != null) {
                    return List.of();
                }
                UUID id = ReplicationControl.topicIdFor(offset);
                List<MetadataRecord> out = new ArrayList<>();
                out.add(new TopicRecord(name, id));
                for (int p = 0; p < s.b() % 4; p++) {
                    List<Integer> replicas = replicas(s.c() + p, 1 + s.d() % 3);
                    List<Integer> isr = replicas.subList(0, 1 + (s.d() + p) % replicas.size());
                    int leader = (s.c() + p) % 4 == 0 ? Replicas.NO_LEADER : isr.get(p % isr.size());
                    out.add(new PartitionRecord(id, p, replicas, isr, leader, s.c() % 3, s.d() % 5));
                }
                return out;
            }
            case 4: {
                PartitionSlot slot = partition(image, topicIds, s.a());
                if (slot == null) {
                    return List.of();
                }
                PartitionRegistration p = slot.partition();
                List<Integer> newIsr = new ArrayList<>();
                for (int i = 0; i < p.replicas().size(); i++) {
                    if ((s.b() & (1 << i)) != 0) {
                        newIsr.add(p.replicas().get(i));
                    }
                }
                Optional<List<Integer>> isr = newIsr.isEmpty() ? Optional.empty() : Optional.of(newIsr);
                List<Integer> isrAfter = isr.orElse(p.isr());
                int leader;
                if (s.c() % 3 == 0) {
                    leader = Replicas.NO_LEADER;
                } else if (s.c() % 3 == 1 && isr.isPresent()) {
                    leader = PartitionChangeRecord.NO_LEADER_CHANGE;
                } else {
                    leader = isrAfter.get(s.d() % isrAfter.size());
                }
                if (leader == PartitionChangeRecord.NO_LEADER_CHANGE && p.hasLeader() && !isrAfter.contains(
                        p.leader())) {
                    leader = Replicas.NO_LEADER; // the old leader left the ISR: it cannot stay leader
                }
                return List.of(new PartitionChangeRecord(slot.topicId(), slot.partitionId(), isr, leader));
            }
            case 5: {
                if (topicIds.isEmpty()) {
                    return List.of();
                }
                return List.of(new RemoveTopicRecord(topicIds.get(s.a() % topicIds.size())));
            }
            default: {
                if (topicIds.isEmpty()) {
                    return List.of();
                }
                TopicImage t = image.topic(topicIds.get(s.a() % topicIds.size()));
                String key = s.b() % 2 == 0 ? ConfigRecord.UNCLEAN_LEADER_ELECTION_ENABLE : "retention.ms";
                Optional<String> value = s.c() % 4 == 0 ? Optional.empty() : Optional.of(Integer.toString(s.d()));
                return List.of(new ConfigRecord(t.name(), key, value));
            }
        }
    }

    private record PartitionSlot(UUID topicId, int partitionId, PartitionRegistration partition) {
    }

    private static PartitionSlot partition(MetadataImage image, List<UUID> topicIds, int pick) {
        List<PartitionSlot> all = new ArrayList<>();
        for (UUID id : topicIds) {
            image.topic(id).partitions().forEach((p, reg) -> all.add(new PartitionSlot(id, p, reg)));
        }
        return all.isEmpty() ? null : all.get(pick % all.size());
    }

    /** {@code count} distinct broker ids starting at {@code first} (mod the id range). */
    private static List<Integer> replicas(int first, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add((first + i) % (MAX_BROKER_ID + 1));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> anImageRoundTripsThroughItsSnapshot() {
        return Property.forAll("image -> snapshot -> image", 300, STEPS, steps -> {
            List<MetadataRecord> log = records(steps);
            MetadataImage image = MetadataImage.EMPTY.applyAll(log);
            assertThat(MetadataImage.EMPTY.applyAll(image.toRecords())).as("image from its records")
                    .isEqualTo(image);
            byte[] bytes = MetadataSnapshot.serialize(log.size(), image);
            assertThat(MetadataSnapshot.deserializeRecords(log.size(), bytes)).isEqualTo(image.toRecords());
            assertThat(MetadataSnapshot.deserialize(log.size(), bytes)).as("image from its snapshot bytes")
                    .isEqualTo(image);
            assertThat(MetadataSnapshot.serialize(log.size(), MetadataSnapshot.deserialize(log.size(), bytes)))
                    .as("the same image gives the same bytes").isEqualTo(bytes);
        });
    }

    /** A random log and where to cut it (taken modulo its length + 1). */
    record SplitLog(List<Step> steps, int split) {
    }

    @TestFactory
    Stream<DynamicTest> restoringASnapshotMidLogThenReplayingTheRestEqualsReplayingEverything() {
        Gen<SplitLog> gen = STEPS.flatMap(steps -> Gen.ints(0, 1000).map(split -> new SplitLog(steps, split)));
        return Property.forAll("prefix + snapshot + suffix", 300, gen, c -> {
            List<MetadataRecord> log = records(c.steps());
            int split = c.split() % (log.size() + 1);
            MetadataImage whole = MetadataImage.EMPTY.applyAll(log);
            MetadataImage prefix = MetadataImage.EMPTY.applyAll(log.subList(0, split));
            byte[] snapshot = MetadataSnapshot.serialize(split, prefix);
            MetadataImage restored = MetadataSnapshot.deserialize(split, snapshot);
            assertThat(restored.applyAll(log.subList(split, log.size()))).as("snapshot at %s of %s", split,
                    log.size()).isEqualTo(whole);
            // and through the controller: a standby that loads the snapshot, then is handed the rest of the log
            QuorumController standby = new QuorumController(new LocalMetadataLog(), 1);
            standby.handleLoadSnapshot(split, restored);
            for (int i = split; i < log.size(); i++) {
                standby.handleCommit(i, List.of(log.get(i)));
            }
            assertThat(standby.image()).isEqualTo(whole);
            // and as a delta: what a consumer that had replayed the prefix is handed when the whole log's snapshot
            // replaces it
            assertThat(prefix.applyAll(MetadataDelta.records(prefix, whole))).as("prefix + delta").isEqualTo(whole);
            assertThat(MetadataDelta.records(whole, whole)).isEmpty();
            assertThat(MetadataDelta.records(MetadataImage.EMPTY, whole)).isEqualTo(whole.toRecords());
            assertThat(standby.committedOffset()).isEqualTo(log.size() - 1L);
        });
    }

    /** The generator is not vacuous: over a few hundred sequences it reaches every record type and image state. */
    @Test
    void theGeneratedImagesCoverEveryState() {
        TreeSet<String> seen = new TreeSet<>();
        for (long seed = 1; seed <= 300; seed++) {
            List<MetadataRecord> log = records(STEPS.generate(io.gregor.testkit.Source.fromSeed(seed)));
            log.forEach(r -> seen.add(r.getClass().getSimpleName()));
            MetadataImage image = MetadataImage.EMPTY.applyAll(log);
            for (BrokerRegistration b : image.brokers().values()) {
                seen.add(b.fenced() ? "fenced" : "unfenced");
                seen.add(b.inControlledShutdown() ? "in-controlled-shutdown" : "running");
                seen.add(b.rack().isPresent() ? "rack" : "no-rack");
                seen.add("endpoints-" + b.endpoints().size());
            }
            for (TopicImage t : image.topics().values()) {
                seen.add(t.configs().isEmpty() ? "no-config" : "config");
                for (PartitionRegistration p : t.partitions().values()) {
                    seen.add(p.hasLeader() ? "leader" : "no-leader");
                    seen.add(p.leaderEpoch() > 0 ? "leader-epoch>0" : "leader-epoch-0");
                    seen.add(p.isr().size() < p.replicas().size() ? "isr<replicas" : "isr=replicas");
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("fenced", "unfenced", "in-controlled-shutdown", "running",
                "rack", "no-rack", "endpoints-0", "endpoints-2", "config", "no-config", "leader", "no-leader",
                "leader-epoch>0", "leader-epoch-0", "isr<replicas", "isr=replicas"));
        for (Class<?> c : MetadataRecord.class.getPermittedSubclasses()) {
            expected.add(c.getSimpleName());
        }
        assertThat(seen).containsAll(expected);
    }

    private static MetadataImage sampleImage() {
        return MetadataImage.EMPTY.applyAll(records(STEPS.generate(io.gregor.testkit.Source.fromSeed(7))));
    }

    @Test
    void theHeaderIsMagicVersionEndOffsetAndCount() {
        MetadataImage image = sampleImage();
        byte[] bytes = MetadataSnapshot.serialize(42, image);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        assertThat(buf.getInt()).isEqualTo(0x474D5331);
        assertThat(buf.getShort()).isEqualTo((short) 1);
        assertThat(buf.getLong()).isEqualTo(42);
        assertThat(buf.getInt()).isEqualTo(image.toRecords().size());
        assertThat(MetadataSnapshot.deserialize(0, MetadataSnapshot.serialize(0, MetadataImage.EMPTY)))
                .isEqualTo(MetadataImage.EMPTY);
    }

    @Test
    void badBytesAreOneLineErrors() {
        byte[] good = MetadataSnapshot.serialize(42, sampleImage());
        assertThat(good.length).isGreaterThan(40);
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertBad(42, magic, "not a metadata snapshot");
        byte[] version = good.clone();
        version[5] = 9;
        assertBad(42, version, "unsupported metadata snapshot version 9");
        assertBad(43, good, "ends at offset 42 but was filed as ending at 43");
        assertBad(42, Arrays.copyOf(good, good.length - 1), "metadata snapshot");
        assertBad(42, Arrays.copyOf(good, 10), "truncated");
        assertBad(42, Arrays.copyOf(good, good.length + 3), "3 trailing bytes");
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(14, Integer.MAX_VALUE);
        assertBad(42, count, "record count");
        byte[] length = good.clone();
        ByteBuffer.wrap(length).putInt(18, -5);
        assertBad(42, length, "metadata snapshot record 0: record length -5");
        byte[] body = good.clone();
        body[22] = 9; // the first record's frame version
        assertBad(42, body, "metadata snapshot record 0: unknown metadata frame version 9");
        UUID unknown = new UUID(1, 2);
        byte[] orphan = MetadataSnapshot.serializeRecords(5, List.of(new PartitionRecord(unknown, 0, List.of(1),
                List.of(1), 1, 0, 0)));
        assertBad(5, orphan, "do not rebuild an image");
    }

    private static void assertBad(long endOffset, byte[] bytes, String message) {
        assertThatThrownBy(() -> MetadataSnapshot.deserialize(endOffset, bytes)).isInstanceOf(
                MetadataParseException.class).hasMessageContaining(message).satisfies(e -> assertThat(
                e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anActiveControllerRefusesASnapshot() {
        QuorumController c = new QuorumController(new LocalMetadataLog(), 1);
        c.activate(0);
        assertThatThrownBy(() -> c.handleLoadSnapshot(5, MetadataImage.EMPTY)).hasMessageContaining("active");
        c.resign();
        c.handleLoadSnapshot(5, sampleImage());
        assertThat(c.image()).isEqualTo(sampleImage());
        assertThat(c.committedOffset()).isEqualTo(4);
        assertThatThrownBy(() -> c.handleLoadSnapshot(3, MetadataImage.EMPTY)).hasMessageContaining("older");
    }
}
