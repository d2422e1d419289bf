package io.gregor.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.log.OffsetAndEpoch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotStoreTest {

    private final TestEnv t = new TestEnv();
    private final List<String> trace = new ArrayList<>();

    private SnapshotStore store() {
        return new SnapshotStore(t.disk, RaftConfig.LOG_DIR, (category, text) -> trace.add(text));
    }

    private static RaftSnapshot snap(long end, int epoch, String state) {
        return new RaftSnapshot(end, epoch, state.getBytes(StandardCharsets.UTF_8));
    }

    private void writeDurably(SnapshotStore store, RaftSnapshot s) {
        boolean[] durable = {false};
        store.write(s, () -> durable[0] = true);
        assertThat(durable[0]).isFalse(); // not visible before the fsync
        t.completeFsyncs();
        assertThat(durable[0]).isTrue();
    }

    @Test
    void aDurableSnapshotIsLoadedAtOpen() {
        SnapshotStore store = store();
        writeDurably(store, snap(10, 1, "ten"));
        assertThat(t.disk.exists(RaftConfig.LOG_DIR + "/00000000000000000010-0000000001.checkpoint")).isTrue();
        t.disk.crash();
        SnapshotStore reopened = store();
        assertThat(reopened.open()).isEqualTo(snap(10, 1, "ten"));
        assertThat(reopened.latest()).isEqualTo(new OffsetAndEpoch(1, 10));
    }

    @Test
    void aWriteCutByACrashLeavesNothing() {
        SnapshotStore store = store();
        store.write(snap(10, 1, "ten"), () -> { });
        t.disk.crash(); // before the fsync completed: only a .part, maybe torn
        SnapshotStore reopened = store();
        assertThat(reopened.open()).isNull();
        assertThat(t.disk.list()).noneMatch(n -> n.endsWith(SnapshotStore.SUFFIX)
                || n.endsWith(SnapshotStore.PART_SUFFIX));
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToTheOlderOne() {
        SnapshotStore store = store();
        writeDurably(store, snap(10, 1, "ten"));
        writeDurably(store, snap(20, 2, "twenty"));
        String newest = store.fileName(new OffsetAndEpoch(2, 20));
        t.disk.write(newest, 22, ByteBuffer.wrap(new byte[] {'X'})); // one flipped byte of the state
        t.completeFsyncs();
        SnapshotStore reopened = store();
        assertThat(reopened.open()).isEqualTo(snap(10, 1, "ten"));
        assertThat(t.disk.exists(newest)).isFalse();
        assertThat(trace).anyMatch(line -> line.contains("torn or corrupt"));
    }

    @Test
    void keepsTheNewestTwoAndTrimsBelowTheOlder() {
        SnapshotStore store = store();
        writeDurably(store, snap(10, 1, "a"));
        assertThat(store.trimBoundOffset()).isEqualTo(-1L); // one snapshot: no fallback yet, keep the log
        writeDurably(store, snap(20, 1, "b"));
        writeDurably(store, snap(30, 2, "c"));
        assertThat(store.trimBoundOffset()).isEqualTo(20L);
        assertThat(store.sizeBytes(new OffsetAndEpoch(1, 10))).isEqualTo(-1L);
        assertThat(t.disk.exists(store.fileName(new OffsetAndEpoch(1, 10)))).isFalse();
        assertThat(store.latest()).isEqualTo(new OffsetAndEpoch(2, 30));
    }

    @Test
    void aSnapshotDownloadedInChunksIsPublishedWhole() {
        SnapshotStore leader = store();
        writeDurably(leader, snap(40, 3, "the leader's state, long enough for several chunks"));
        OffsetAndEpoch id = new OffsetAndEpoch(3, 40);
        long size = leader.sizeBytes(id);
        TestEnv other = new TestEnv();
        SnapshotStore follower = new SnapshotStore(other.disk, RaftConfig.LOG_DIR, (c, x) -> { });
        for (long position = 0; position < size; position += 7) {
            follower.writeChunk(id, position, leader.readChunk(id, position, 7));
        }
        RaftSnapshot[] installed = {null};
        follower.completeDownload(id, s -> installed[0] = s);
        other.completeFsyncs();
        assertThat(installed[0]).isEqualTo(snap(40, 3, "the leader's state, long enough for several chunks"));
        assertThat(follower.latest()).isEqualTo(id);
    }

    @Test
    void aBadDownloadIsDropped() {
        OffsetAndEpoch id = new OffsetAndEpoch(3, 40);
        SnapshotStore follower = store();
        follower.writeChunk(id, 0, SnapshotStore.encode(snap(40, 2, "wrong epoch for this id")));
        RaftSnapshot[] installed = {snap(1, 0, "sentinel")};
        follower.completeDownload(id, s -> installed[0] = s);
        t.completeFsyncs();
        assertThat(installed[0]).isNull();
        assertThat(follower.latest()).isNull();
    }
}
