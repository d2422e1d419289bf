package io.gregor.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class QuorumStateStoreTest {

    @Test
    void aFreshDiskHoldsTheInitialState() {
        TestEnv t = new TestEnv();
        assertThat(QuorumStateStore.open(t.disk).durable()).isEqualTo(ElectionState.INITIAL);
    }

    @Test
    void aWriteIsDurableOnlyOnceItsFsyncCompletes() {
        TestEnv t = new TestEnv();
        QuorumStateStore store = QuorumStateStore.open(t.disk);
        List<String> done = new ArrayList<>();
        store.write(new ElectionState(3, -1, 2), () -> done.add("voted"));
        assertThat(done).isEmpty();
        assertThat(store.durable().epoch()).isZero();
        t.completeFsyncs();
        assertThat(done).containsExactly("voted");
        assertThat(store.durable()).isEqualTo(new ElectionState(3, -1, 2));
        assertThat(QuorumStateStore.open(t.disk).durable()).isEqualTo(new ElectionState(3, -1, 2));
    }

    @Test
    void aCrashBeforeTheFsyncKeepsTheOldState() {
        TestEnv t = new TestEnv();
        QuorumStateStore store = QuorumStateStore.open(t.disk);
        store.write(new ElectionState(1, 5, -1), null);
        t.completeFsyncs();
        store.write(new ElectionState(2, -1, 4), null);
        t.disk.crash();
        assertThat(QuorumStateStore.open(t.disk).durable()).isEqualTo(new ElectionState(1, 5, -1));
    }

    @Test
    void writesCompleteInOrder() {
        TestEnv t = new TestEnv();
        QuorumStateStore store = QuorumStateStore.open(t.disk);
        List<Integer> done = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            int epoch = e;
            store.write(new ElectionState(epoch, -1, -1), () -> done.add(epoch));
        }
        assertThat(store.busy()).isTrue();
        t.completeFsyncs();
        assertThat(done).containsExactly(1, 2, 3, 4, 5);
        assertThat(store.busy()).isFalse();
        assertThat(store.durable().epoch()).isEqualTo(5);
    }

    @Test
    void aCorruptFileIsRefusedWithOneLine() {
        TestEnv t = new TestEnv();
        t.disk.write(QuorumStateStore.FILE, 0, ByteBuffer.wrap("epoch=7 leaderId=1 votedId=1 crc=12\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> QuorumStateStore.open(t.disk)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quorum-state is corrupt (crc mismatch)");
    }

    @TestFactory
    Stream<DynamicTest> formatThenParseIsIdentity() {
        Gen<ElectionState> gen = Gen.ints(0, 1_000_000).flatMap(epoch -> Gen.ints(-1, 9).flatMap(
                leader -> Gen.ints(-1, 9).map(voted -> new ElectionState(epoch, leader, voted))));
        return Property.forAll("quorum-state round trip", 200, gen,
                s -> assertThat(QuorumStateStore.parse(QuorumStateStore.format(s))).isEqualTo(s));
    }

    @TestFactory
    Stream<DynamicTest> anyFlippedCharacterIsDetected() {
        Gen<int[]> gen = Gen.ints(0, 1000).flatMap(epoch -> Gen.ints(0, 200).map(pos -> new int[] {epoch, pos}));
        return Property.forAll("quorum-state bit flip", 200, gen, p -> {
            String text = QuorumStateStore.format(new ElectionState(p[0], 2, 3)).strip();
            int at = p[1] % text.length();
            char flipped = text.charAt(at) == '1' ? '2' : '1';
            String bad = text.substring(0, at) + flipped + text.substring(at + 1);
            assertThatThrownBy(() -> QuorumStateStore.parse(bad)).isInstanceOf(IllegalStateException.class);
        });
    }
}
