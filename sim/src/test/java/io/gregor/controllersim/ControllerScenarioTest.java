package io.gregor.controllersim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.controller.CreatableTopic;
import io.gregor.controller.CreateTopicResult;
import io.gregor.controller.CreateTopicsRequest;
import io.gregor.controller.DeleteTopicsRequest;
import io.gregor.controller.Errors;
import io.gregor.controller.MetadataImage;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controller.TopicImage;
import io.gregor.controllersim.ControllerMessage.ControllerReply;
import io.gregor.controllersim.ControllerMessage.ControllerRpc;
import io.gregor.controllersim.ControllerMessage.DescribeTopic;
import io.gregor.controllersim.ControllerMessage.DescribeTopicReply;
import io.gregor.controllersim.ControllerMessage.NotController;
import io.gregor.env.Env;
import io.gregor.env.Node;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.histories.linear.Budget;
import io.gregor.mutation.Mutation;
import io.gregor.mutation.Mutations;
import io.gregor.sim.SwarmOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Stories of the controller on the quorum: activation, topics, fencing, failover. */
class ControllerScenarioTest {

    private static final long SECOND_NS = 1_000_000_000L;
    private static final int SCRIPT_ID = 200;

    /** A test's hands: sends what it is told to, keeps every answer. */
    static final class ScriptedClient implements Node {
        final List<Object> answers = new ArrayList<>();
        Env env;

        @Override
        public void start(Env env) {
            this.env = env;
        }

        @Override
        public void onMessage(int fromNodeId, Object message) {
            answers.add(message);
        }

        void send(int to, Object message) {
            env.network().send(to, message);
        }
    }

    private static ControllerCluster cluster(long seed) {
        return new ControllerCluster(seed, 3, 3, SwarmOptions.none(), Mutations.none(), false);
    }

    static ScriptedClient script(ControllerCluster c) {
        ScriptedClient s = new ScriptedClient();
        c.sim().addNode(SCRIPT_ID, () -> s);
        return s;
    }

    /** Runs until a controller is active and every broker is unfenced in its committed image. */
    static void runUntilSettled(ControllerCluster c, long maxNs) {
        long end = c.sim().nowNs() + maxNs;
        while (c.sim().nowNs() < end && !c.stopped()) {
            MetadataImage image = c.activeImage();
            if (image != null && image.unfencedBrokerIds().equals(c.brokers())) {
                return;
            }
            c.runFor(50_000_000L);
        }
        assertThat(c.invariants().violations()).isEmpty();
        throw new AssertionError("not settled: " + c.describe() + " image " + c.activeImage());
    }

    /** Sends {@code request} to whoever is active, retrying on NOT_CONTROLLER, and returns the final answer. */
    static Object call(ControllerCluster c, ScriptedClient s, long requestId, Object request) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int to = c.activeController();
            if (to < 0) {
                c.runFor(100_000_000L);
                continue;
            }
            int before = s.answers.size();
            s.send(to, request);
            c.runFor(500_000_000L);
            assertThat(c.invariants().violations()).isEmpty();
            for (int i = before; i < s.answers.size(); i++) {
                Object a = s.answers.get(i);
                if (a instanceof ControllerMessage m && m.requestId() == requestId && !(a instanceof NotController)) {
                    return a;
                }
            }
        }
        throw new AssertionError("no answer to " + request + ": " + c.describe());
    }

    @Test
    void brokersRegisterAndAreUnfencedByTheActiveController() {
        ControllerCluster c = cluster(1);
        runUntilSettled(c, 10 * SECOND_NS);
        int active = c.activeController();
        // every voter's committed image agrees once caught up
        c.runFor(SECOND_NS);
        for (int id : c.voters()) {
            assertThat(c.controller(id).controller().image().brokers().keySet()).containsExactlyElementsOf(
                    c.brokers());
        }
        assertThat(c.controller(active).raft().isLeader()).isTrue();
        assertThat(c.invariants().violations()).isEmpty();
    }

    @Test
    void aStandbyAnswersNotControllerWithTheLeaderHint() {
        ControllerCluster c = cluster(2);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        int active = c.activeController();
        int standby = c.voters().stream().filter(v -> v != active).findFirst().orElseThrow();
        s.send(standby, new DescribeTopic(7, "t"));
        c.runFor(SECOND_NS);
        assertThat(s.answers).containsExactly(new NotController(7, active, true));
    }

    @Test
    void aFencedBrokersPartitionsGetNewLeadersFromTheIsr() {
        ControllerCluster c = cluster(3);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);

        Object created = call(c, s, 1, new ControllerRpc(1, new CreateTopicsRequest(List.of(
                new CreatableTopic("orders", 3, 3)))));
        assertThat(created).isInstanceOf(ControllerReply.class);
        @SuppressWarnings("unchecked")
        List<CreateTopicResult> results = (List<CreateTopicResult>) ((ControllerReply) created).reply();
        assertThat(results.get(0).error()).isEqualTo(Errors.NONE);
        Object described = call(c, s, 2, new DescribeTopic(2, "orders"));
        assertThat(((DescribeTopicReply) described).topic()).isPresent();

        TopicImage before = c.activeImage().topicByName("orders");
        int victim = before.partition(0).leader();
        assertThat(c.brokers()).contains(victim);
        c.crash(victim);
        c.runFor(ControllerCluster.SESSION_TIMEOUT_NS + 2 * SECOND_NS);

        MetadataImage after = c.activeImage();
        assertThat(after.broker(victim).fenced()).as("fenced after its session lapsed").isTrue();
        for (Map.Entry<Integer, PartitionRegistration> e : after.topicByName("orders").partitions().entrySet()) {
            PartitionRegistration p = e.getValue();
            PartitionRegistration old = before.partition(e.getKey());
            assertThat(p.isr()).as("partition %s", e.getKey()).doesNotContain(victim).isNotEmpty();
            assertThat(p.leader()).isNotEqualTo(victim);
            assertThat(old.isr()).contains(p.leader());
            if (old.leader() == victim) {
                assertThat(p.leaderEpoch()).isGreaterThan(old.leaderEpoch());
            }
        }
        assertThat(c.invariants().violations()).isEmpty();

        // it comes back: a new incarnation registers and is unfenced
        c.restart(victim);
        runUntilSettled(c, 10 * SECOND_NS);
        assertThat(c.activeImage().broker(victim).fenced()).isFalse();
    }

    @Test
    void aNewControllerTakesOverAndKeepsCommittedTopics() {
        ControllerCluster c = cluster(4);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        call(c, s, 1, new ControllerRpc(1, new CreateTopicsRequest(List.of(new CreatableTopic("a", 1, 2)))));
        int first = c.activeController();
        c.crash(first);
        c.runFor(5 * SECOND_NS);
        int second = c.activeController();
        assertThat(second).isNotIn(-1, first);
        Object again = call(c, s, 2, new ControllerRpc(2, new CreateTopicsRequest(List.of(
                new CreatableTopic("a", 1, 2)))));
        @SuppressWarnings("unchecked")
        List<CreateTopicResult> results = (List<CreateTopicResult>) ((ControllerReply) again).reply();
        assertThat(results.get(0).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(c.invariants().violations()).isEmpty();
    }

    /**
     * A controller cut off from the other voters, whose raft leader never resigns (check-quorum off), keeps
     * believing it is active. Its reads must not be served: the read barrier never commits. With the barrier
     * switched off it answers from its stale image, and the per-topic check rejects the history.
     */
    @Test
    void anIsolatedControllerServesNoStaleReadsButWouldWithoutTheBarrier() {
        assertThat(staleReadHistory(false)).isIn(Verdict.VALID);
        assertThat(staleReadHistory(true)).isEqualTo(Verdict.INVALID);
    }

    private static Verdict staleReadHistory(boolean readsWithoutBarrier) {
        ControllerCluster c = new ControllerCluster(6, 3, 3, SwarmOptions.none(),
                Mutations.of(Mutation.RAFT_NO_CHECK_QUORUM), false, readsWithoutBarrier);
        ScriptedClient s = script(c);
        runUntilSettled(c, 10 * SECOND_NS);
        List<Op> history = new ArrayList<>();
        Map<String, Object> topic = Map.of(TopicHistories.TOPIC, "x");
        BiConsumer<Long, Object[]> rec = (process, e) -> history.add(new Op(
                history.size(), c.sim().nowNs(), process, (Op.Type) e[0], (String) e[1], e[2],
                null, topic));
        List<Object> create = Arrays.asList(null, 1L);
        List<Object> delete = Arrays.asList(1L, null);

        rec.accept(0L, new Object[] {Op.Type.INVOKE, "cas", create});
        call(c, s, 1, new ControllerRpc(1, new CreateTopicsRequest(List.of(new CreatableTopic("x", 1, 2)))));
        rec.accept(0L, new Object[] {Op.Type.OK, "cas", create});
        c.runFor(SECOND_NS); // every voter applies the create

        int old = c.activeController();
        List<Integer> others = new ArrayList<>(c.voters());
        others.remove(Integer.valueOf(old));
        others.addAll(c.brokers());
        c.sim().network().partition(List.of(old), others, true);
        c.runFor(6 * SECOND_NS);
        int fresh = c.activeController();
        assertThat(fresh).as("a new controller on the majority side").isNotIn(-1, old);
        assertThat(c.controller(old).isActive()).as("the old one has not noticed").isTrue();

        rec.accept(0L, new Object[] {Op.Type.INVOKE, "cas", delete});
        Object deleted = call(c, s, 2, new ControllerRpc(2, new DeleteTopicsRequest(
                List.of("x"))));
        assertThat(((ControllerReply) deleted).reply().toString()).contains("NONE");
        rec.accept(0L, new Object[] {Op.Type.OK, "cas", delete});

        rec.accept(1L, new Object[] {Op.Type.INVOKE, "read", null});
        int before = s.answers.size();
        s.send(old, new DescribeTopic(3, "x"));
        c.runFor(2 * SECOND_NS);
        List<Object> answers = s.answers.subList(before, s.answers.size());
        if (answers.isEmpty()) {
            rec.accept(1L, new Object[] {Op.Type.FAIL, "read", null});
        } else {
            DescribeTopicReply r = (DescribeTopicReply) answers.get(0);
            rec.accept(1L, new Object[] {Op.Type.OK, "read", r.topic().isPresent() ? 1L : null});
        }
        assertThat(c.invariants().violations()).isEmpty();
        return TopicHistories.check(history, Budget.ofMillis(2_000)).verdict();
    }

    @Test
    void aRunWithTheAdminClientIsLinearizable() {
        ControllerJob.Outcome o = ControllerJob.execute(5, 3, 4, SwarmOptions.none(), null, Mutations.none(),
                10 * SECOND_NS, 20 * SECOND_NS, false);
        assertThat(o.passed()).as(o.summary()).isTrue();
        assertThat(o.check().verdict()).as(o.summary()).isEqualTo(Verdict.VALID);
        long oks = o.history().stream().filter(op -> op.type() == Op.Type.OK).count();
        assertThat(oks).as("admin operations completed").isGreaterThan(50);
    }
}
