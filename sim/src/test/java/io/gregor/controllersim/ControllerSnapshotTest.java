package io.gregor.controllersim;

import static io.gregor.controllersim.ControllerScenarioTest.call;
import static io.gregor.controllersim.ControllerScenarioTest.runUntilSettled;
import static io.gregor.controllersim.ControllerScenarioTest.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.controller.CreatableTopic;
import io.gregor.controller.CreateTopicResult;
import io.gregor.controller.CreateTopicsRequest;
import io.gregor.controller.DeleteTopicsRequest;
import io.gregor.controller.Errors;
import io.gregor.controller.MetadataImage;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.DescribeTopic;
import io.gregor.controllersim.ControllerMessage.DescribeTopicReply;
import io.gregor.controllersim.ControllerScenarioTest.ScriptedClient;
import io.gregor.log.OffsetAndEpoch;
import io.gregor.mutation.Mutations;
import io.gregor.sim.SwarmOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controller's metadata snapshotted through the quorum (KIP-630), as stories: a standby down while the log is
 * trimmed past its end downloads the snapshot and ends with the active controller's image; a restarted voter loads
 * its own snapshot; a standby that restored one later becomes the active controller and hands out fresh ids.
 */
class ControllerSnapshotTest {

    private static final long SECOND_NS = 1_000_000_000L;
    private static final int INTERVAL = 10;

    private static ControllerCluster cluster(long seed) {
        return new ControllerCluster(seed, 3, 3, SwarmOptions.none(), Mutations.none(), true, INTERVAL);
    }

    /** Creates and deletes topics through the active controller: {@code rounds} times four records and one. */
    private static void churn(ControllerCluster c, ScriptedClient s, long firstRequestId, int rounds) {
        long id = firstRequestId;
        for (int i = 0; i < rounds; i++) {
            String name = "churn" + (i % 3);
            ControllerReply created = (ControllerReply) call(c, s, id, new ControllerRpc(id, new CreateTopicsRequest(
                    List.of(new CreatableTopic(name, 3, 2)))));
            assertThat(results(created).get(0).error()).isIn(Errors.NONE, Errors.TOPIC_ALREADY_EXISTS);
            id++;
            if (i % 2 == 0) {
                call(c, s, id, new ControllerRpc(id, new DeleteTopicsRequest(List.of(name))));
                id++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<CreateTopicResult> results(ControllerReply reply) {
        return (List<CreateTopicResult>) reply.reply();
    }

    private static boolean traced(ControllerCluster c, int id, String text) {
        return c.sim().traceLines().stream().anyMatch(l -> l.contains("n" + id) && l.contains(text));
    }

    private static int aStandby(ControllerCluster c) {
        int active = c.activeController();
        return c.voters().stream().filter(v -> v != active).findFirst().orElseThrow();
    }

    /** Every live voter holds the active controller's committed image, at the same committed offset. */
    private static void assertSameImageEverywhere(ControllerCluster c) {
        int active = c.activeController();
        assertThat(active).as(c.describe()).isPositive();
        MetadataImage image = c.activeImage();
        for (int id : c.voters()) {
            ControllerNode node = c.controller(id);
            if (node == null) {
                continue;
            }
            assertThat(node.controller().image()).as("n%d vs active n%d: %s", id, active, c.describe())
                    .isEqualTo(image);
            assertThat(node.raft().highWatermark()).isEqualTo(c.controller(active).raft().highWatermark());
        }
        assertThat(c.invariants().violations()).isEmpty();
    }

    @Test
    void aStandbyDownWhileTheLogIsTrimmedDownloadsTheSnapshotAndCatchesUp() {
        ControllerCluster c = cluster(21);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        int active = c.activeController();
        int standby = aStandby(c);
        long standbyEnd = c.controller(standby).raft().log().logEndOffset();
        c.crash(standby);
        churn(c, s, 1, 20);
        assertThat(c.controller(active).raft().latestSnapshot()).as(c.describe()).isNotNull();
        assertThat(c.controller(active).raft().log().logStartOffset()).as("the leader trimmed what n%d lacks",
                standby).isGreaterThan(standbyEnd);

        c.restart(standby);
        c.runFor(5 * SECOND_NS);
        assertThat(traced(c, standby, "fetch snapshot")).as("n%d was sent to a snapshot", standby).isTrue();
        assertThat(traced(c, standby, "loaded snapshot ending at")).isTrue();
        assertThat(c.controller(standby).raft().log().logStartOffset()).isGreaterThan(standbyEnd);
        assertSameImageEverywhere(c);
        // the restored standby keeps following: later records land on top of the snapshot's image
        churn(c, s, 100, 3);
        c.runFor(2 * SECOND_NS);
        assertSameImageEverywhere(c);
        assertThat(c.activeImage().topicByName("churn1")).isNotNull();
    }

    @Test
    void aRestartedControllerLoadsItsOwnSnapshotAndReplaysOnlyTheRest() {
        ControllerCluster c = cluster(22);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        churn(c, s, 1, 10);
        int standby = aStandby(c);
        OffsetAndEpoch snapshot = c.controller(standby).raft().latestSnapshot();
        assertThat(snapshot).as(c.describe()).isNotNull();
        c.crash(standby);
        c.restart(standby);
        c.runFor(3 * SECOND_NS);
        assertThat(traced(c, standby, "restored snapshot " + snapshot.endOffset())).isTrue();
        assertThat(traced(c, standby, "loaded snapshot ending at " + snapshot.endOffset())).isTrue();
        assertSameImageEverywhere(c);
    }

    @Test
    void aStandbyThatRestoredASnapshotBecomesActiveAndNeverReusesAnId() {
        ControllerCluster c = cluster(23);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        int restored = aStandby(c);
        c.crash(restored);
        churn(c, s, 1, 20);
        c.restart(restored);
        c.runFor(5 * SECOND_NS);
        assertThat(traced(c, restored, "loaded snapshot ending at")).isTrue();
        MetadataImage before = c.activeImage();

        // fail over until the restored node leads: crash whoever is active, bring the last victim back
        int down = -1;
        for (int round = 0; round < 8 && c.activeController() != restored; round++) {
            int victim = c.activeController();
            c.crash(victim);
            if (down > 0) {
                c.restart(down);
            }
            down = victim;
            c.runFor(5 * SECOND_NS);
        }
        assertThat(c.activeController()).as(c.describe()).isEqualTo(restored);
        if (down > 0) {
            c.restart(down);
        }
        runUntilSettled(c, 15 * SECOND_NS);

        long requestId = 1000;
        ControllerReply created = (ControllerReply) call(c, s, requestId, new ControllerRpc(requestId,
                new CreateTopicsRequest(List.of(new CreatableTopic("after-restore", 2, 2)))));
        CreateTopicResult result = results(created).get(0);
        assertThat(result.error()).isEqualTo(Errors.NONE);
        // KIP-631 / topic ids come from offsets: nothing created after the restore reuses an id from before it
        assertThat(before.topics()).doesNotContainKey(result.topicId().orElseThrow());
        for (var b : c.activeImage().brokers().values()) {
            if (before.broker(b.id()) != null && before.broker(b.id()).epoch() != b.epoch()) {
                assertThat(b.epoch()).isGreaterThan(before.broker(b.id()).epoch());
            }
        }
        DescribeTopicReply described = (DescribeTopicReply) call(c, s, requestId + 1, new DescribeTopic(
                requestId + 1, "after-restore"));
        assertThat(described.topic()).isPresent();
        c.runFor(2 * SECOND_NS);
        assertSameImageEverywhere(c);
    }
}
