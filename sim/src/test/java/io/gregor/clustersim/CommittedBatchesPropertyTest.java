package io.gregor.clustersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The data plane's memory of committed batches (arrays, appended in offset order almost always) against a sorted
 * map: whatever the order of the batches, the first one recorded at a base offset stays, and a different one is
 * reported, a repeat of the same one is not.
 */
class CommittedBatchesPropertyTest {

    /** A batch seen committed: its base offset and its identity (epoch, last offset, checksum). */
    record Seen(long base, int epoch, long lastOffset, long checksum) {
    }

    /** Mostly rising offsets, as replicas check them; sometimes one from below, or a different batch. */
    private static final Gen<List<Seen>> SEEN = s -> {
        int n = s.intBetween(0, 700);
        java.util.ArrayList<Seen> out = new java.util.ArrayList<>();
        long next = 0;
        for (int i = 0; i < n; i++) {
            long base = s.chance(0.8) ? next : s.longBetween(0, next + 3);
            int records = s.intBetween(1, 4);
            out.add(new Seen(base, s.chance(0.9) ? 1 : 2, base + records - 1, s.chance(0.9) ? base * 31 : s.draw(5)));
            next = Math.max(next, base + records);
        }
        return out;
    };

    @TestFactory
    Stream<DynamicTest> theFirstBatchRecordedAtAnOffsetStaysAndADifferentOneIsReported() {
        return Property.forAll("committed batches as a sorted map", 200, SEEN, seen -> {
            DataPlaneInvariants.Committed committed = new DataPlaneInvariants.Committed();
            TreeMap<Long, Seen> model = new TreeMap<>();
            for (Seen b : seen) {
                String found = committed.putIfAbsent(b.base(), b.epoch(), b.lastOffset(), b.checksum());
                Seen first = model.putIfAbsent(b.base(), b);
                boolean differs = first != null && (first.epoch() != b.epoch() || first.lastOffset() != b.lastOffset()
                        || first.checksum() != b.checksum());
                assertThat(found != null).as("reported at " + b.base()).isEqualTo(differs);
                if (differs) {
                    assertThat(found).isEqualTo("epoch " + first.epoch() + ", last offset " + first.lastOffset()
                            + ", checksum " + first.checksum());
                }
                assertThat(committed.size()).isEqualTo(model.size());
            }
        });
    }
}
