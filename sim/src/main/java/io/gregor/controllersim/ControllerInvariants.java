package io.gregor.controllersim;

import io.gregor.controller.MetadataImage;
import io.gregor.controller.PartitionRegistration;
import io.gregor.controller.TopicImage;
import io.gregor.raft.RaftNode;
import io.gregor.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's safety properties, checked white-box after every simulator event on every live voter:
 * <ul>
 *   <li>the committed and the pending image keep every rule of {@link MetadataImage#violations()} (leader in
 *       ISR, ISR within replicas, replicas registered, leaders eligible);</li>
 *   <li>a fenced broker is in no ISR of more than one member (KIP-841; stated here on its own, too);</li>
 *   <li>committed images agree: two voters that applied the log up to the same offset hold equal images;</li>
 *   <li>at most one raft leader and at most one active controller per epoch; a node's high watermark never goes
 *       back within a lifetime;</li>
 *   <li>brokers (observers of the metadata log) replay the same images: a broker's image at a metadata offset is
 *       the voters' committed image at that offset, and its offset never goes back within a lifetime.</li>
 * </ul>
 * (Raft's full checker, {@code RaftInvariants}, only recognises {@code KvServerNode} voters, so the raft subset is
 * repeated here.)
 */
public final class ControllerInvariants {

    public static final int MAX_VIOLATIONS = 20;

    private final List<Integer> voters;
    private final List<Integer> brokers = new ArrayList<>();
    private final Map<Integer, Integer> leaderOfEpoch = new TreeMap<>();
    private final Map<Integer, Integer> activeOfEpoch = new TreeMap<>();
    private final TreeMap<Long, MetadataImage> imageAtOffset = new TreeMap<>();
    /** Per voter: {incarnation, high watermark seen, committed offset last compared}. */
    private final Map<Integer, long[]> perNode = new HashMap<>(); // looked up, never iterated
    /** Per voter, the pending image last checked (by identity: images are immutable). */
    private final Map<Integer, MetadataImage> lastPending = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long checks;

    public ControllerInvariants(List<Integer> voters) {
        this.voters = List.copyOf(voters);
        for (int v : voters) {
            perNode.put(v, new long[] {0, 0, -2});
        }
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Whether nothing was found yet (no copy: asked after every event). */
    public boolean clean() {
        return violations.isEmpty();
    }

    /** How many node states were checked. */
    public long checks() {
        return checks;
    }

    /** Records a failure found elsewhere (an exception out of a node, a liveness miss). */
    public void violation(String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(message);
        }
    }

    /** Checks broker {@code id} too (a node running {@link SimBrokerNode}). */
    public void addBroker(int id) {
        brokers.add(id);
        perNode.put(id, new long[] {0, 0, -2});
    }

    /** Checks every live voter and broker after one event. */
    public void afterEvent(Simulation sim) {
        // a node's state changes only at its own events: only the event's node is checked (every node after an
        // event that reached none)
        int only = sim.lastEventNodeId();
        for (int id : voters) {
            if (only >= 0 && id != only) {
                continue;
            }
            ControllerNode node = sim.isUp(id) ? ControllerCluster.controllerOf(sim.node(id)) : null;
            if (node == null || node.raft().quorum() == null) {
                continue;
            }
            checks++;
            checkNode(sim, id, node);
        }
        for (int id : brokers) {
            if (only >= 0 && id != only) {
                continue;
            }
            if (sim.isUp(id) && sim.node(id) instanceof SimBrokerNode broker && broker.raft().quorum() != null) {
                checks++;
                checkBroker(sim, id, broker);
            }
        }
    }

    private void checkBroker(Simulation sim, int id, SimBrokerNode broker) {
        long[] st = perNode.get(id);
        long inc = sim.incarnation(id);
        if (st[0] != inc) {
            st[0] = inc;
            st[1] = -1;
            st[2] = -2;
        }
        long offset = broker.metadataOffset();
        if (offset < st[1]) {
            violation(atBroker(sim, id) + "metadata offset went back " + st[1] + " -> " + offset);
        }
        st[1] = offset;
        if (offset == st[2]) {
            return;
        }
        st[2] = offset;
        MetadataImage image = broker.image();
        for (String v : image.violations()) {
            violation(atBroker(sim, id) + "image: " + v);
        }
        MetadataImage first = imageAtOffset.putIfAbsent(offset, image);
        if (first != null && !first.equals(image)) {
            violation(atBroker(sim, id) + "image at offset " + offset + " differs from the committed one: " + image
                    + " vs " + first);
        }
    }

    /** Where a line comes from (built only when there is one to write: this runs after every event). */
    private static String at(Simulation sim, int id) {
        return "t=" + sim.nowNs() + " n" + id + ": ";
    }

    private static String atBroker(Simulation sim, int id) {
        return "t=" + sim.nowNs() + " broker " + id + ": ";
    }

    private void checkNode(Simulation sim, int id, ControllerNode node) {
        long[] st = perNode.get(id);
        long inc = sim.incarnation(id);
        if (st[0] != inc) {
            st[0] = inc;
            st[1] = 0;
            st[2] = -2;
        }
        RaftNode raft = node.raft();
        if (raft.isLeader()) {
            Integer before = leaderOfEpoch.putIfAbsent(raft.quorum().epoch(), id);
            if (before != null && before != id) {
                violation(at(sim, id) + "second raft leader of epoch " + raft.quorum().epoch() + " (n" + before
                        + ")");
            }
        }
        if (node.isActive()) {
            Integer before = activeOfEpoch.putIfAbsent(node.activeEpoch(), id);
            if (before != null && before != id) {
                violation(at(sim, id) + "second active controller of epoch " + node.activeEpoch() + " (n" + before
                        + ")");
            }
            if (!raft.isLeader() || raft.quorum().epoch() != node.activeEpoch()) {
                violation(at(sim, id) + "active controller of epoch " + node.activeEpoch() + " but raft is "
                        + raft.quorum().state());
            }
        }
        long hw = raft.highWatermark();
        if (hw < st[1]) {
            violation(at(sim, id) + "high watermark went back " + st[1] + " -> " + hw);
        }
        st[1] = hw;
        MetadataImage committed = node.controller().image();
        if (node.isActive()) {
            MetadataImage pending = node.controller().pendingImage();
            if (pending != lastPending.get(id)) { // images are immutable: an unchanged one was checked already
                lastPending.put(id, pending);
                for (String v : pending.violations()) {
                    violation(at(sim, id) + "pending image: " + v);
                }
            }
        }
        long offset = node.controller().committedOffset();
        if (offset != st[2]) {
            st[2] = offset;
            for (String v : committed.violations()) {
                violation(at(sim, id) + "committed image: " + v);
            }
            for (String v : fencedInIsr(committed)) {
                violation(at(sim, id) + v);
            }
            MetadataImage first = imageAtOffset.putIfAbsent(offset, committed);
            if (first != null && !first.equals(committed)) {
                violation(at(sim, id) + "committed image at offset " + offset + " differs from another voter's: "
                        + committed + " vs " + first);
            }
        }
    }

    /** Fenced brokers found in an ISR of more than one member, as lines. */
    static List<String> fencedInIsr(MetadataImage image) {
        List<String> out = new ArrayList<>();
        for (TopicImage t : image.topics().values()) {
            for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                List<Integer> isr = e.getValue().isr();
                if (isr.size() <= 1) {
                    continue;
                }
                for (int member : isr) {
                    if (!image.isUnfenced(member)) {
                        out.add(t.name() + "-" + e.getKey() + ": fenced broker " + member + " in isr " + isr);
                    }
                }
            }
        }
        return out;
    }
}
