package io.gregor.histories.kafka;

import static io.gregor.histories.kafka.LogAnomalies.edn;
import static io.gregor.histories.kafka.LogAnomalies.op;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and classifies cycles of the {@link DependencyGraph} the way Elle does: strongly connected components
 * first (a cycle lies within one), then, inside a component, a shortest cycle of the wanted kind by breadth-first
 * search. Adya's classes, as Elle names them:
 * <ul>
 *   <li><b>G0</b>: a cycle of ww edges only (write cycle);</li>
 *   <li><b>G1c</b>: a cycle of ww and wr edges with at least one wr (circular information flow);</li>
 *   <li><b>G-single</b>: a cycle with exactly one rw edge (read skew);</li>
 *   <li><b>G2</b>: a cycle with rw edges where none with exactly one was found.</li>
 * </ul>
 * One anomaly per component and class. A G1c made of wr edges only is searched for on its own, because it is
 * forbidden even where Kafka's lack of write isolation excuses G1c (see {@link KafkaCheckerOptions}). Linear in
 * the graph's size, plus a bounded budget of extra searches for G-single.
 */
final class DependencyCycles {

    private static final int MAX_RW_TRIES = 64;
    private static final int MAX_STEPS_LISTED = 12;

    private final KafkaIndex ix;
    private final DependencyGraph g;
    private final AnomalyCollector out;
    private long budget;
    // breadth-first search scratch, reused: visit stamps avoid clearing
    private final int[] visited;
    private final int[] parentEdge;
    private final int[] parentNode;
    private final int[] queue;
    private int stamp;

    private DependencyCycles(KafkaIndex ix, DependencyGraph g, AnomalyCollector out, long budget) {
        this.ix = ix;
        this.g = g;
        this.out = out;
        this.budget = budget;
        visited = new int[g.nodeCount];
        parentEdge = new int[g.nodeCount];
        parentNode = new int[g.nodeCount];
        queue = new int[g.nodeCount];
    }

    /** Builds the graph, reports its cycles, returns figures about it. */
    static Map<String, Object> find(KafkaIndex ix, VersionOrders vo, KafkaCheckerOptions options,
            AnomalyCollector out) {
        DependencyGraph g = DependencyGraph.build(ix, vo, options.wwDeps(), options.rwDeps());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nodes", (long) g.nodeCount);
        details.put("edges", (long) g.edgeCount());
        int cyclic = new DependencyCycles(ix, g, out, options.cycleSearchBudget()).run(options);
        details.put("nodes-on-cycles", (long) cyclic);
        return details;
    }

    private int run(KafkaCheckerOptions options) {
        int[] full = g.components(DependencyGraph.ALL, g.isNode);
        boolean[] onCycle = new boolean[g.nodeCount];
        int cyclic = 0;
        for (int n = 0; n < g.nodeCount; n++) {
            if (full[n] >= 0) {
                onCycle[n] = true;
                cyclic++;
            }
        }
        if (cyclic == 0) {
            return 0;
        }
        int[] wrOnly = g.components(DependencyGraph.WR, onCycle);
        for (int[] members : groups(wrOnly)) {
            if (cycleThrough(members, wrOnly, DependencyGraph.WR, DependencyGraph.WR, KafkaAnomalyType.G1C,
                    " (write-read edges only: circular information flow, forbidden under read committed)")) {
                out.forceBad(KafkaAnomalyType.G1C);
            }
        }
        int[] wwWr = wrOnly;
        if (options.wwDeps()) {
            int[] wwOnly = g.components(DependencyGraph.WW, onCycle);
            for (int[] members : groups(wwOnly)) {
                cycleThrough(members, wwOnly, DependencyGraph.WW, DependencyGraph.WW, KafkaAnomalyType.G0, "");
            }
            wwWr = g.components(DependencyGraph.WW | DependencyGraph.WR, onCycle);
            for (int[] members : groups(wwWr)) {
                if (!anyIn(members, wrOnly)) {
                    cycleThrough(members, wwWr, DependencyGraph.WR, DependencyGraph.WW | DependencyGraph.WR,
                            KafkaAnomalyType.G1C, "");
                }
            }
        }
        if (options.rwDeps()) {
            for (int[] members : groups(full)) {
                antiDependencyCycle(members, full, wwWr);
            }
        }
        return cyclic;
    }

    /**
     * In one component, finds an edge of type {@code through} between members and a path back over {@code
     * mask} edges; reports the cycle as {@code type}. True if one was found.
     */
    private boolean cycleThrough(int[] members, int[] comp, int through, int mask, KafkaAnomalyType type,
            String note) {
        int id = comp[members[0]];
        for (int a : members) {
            for (int e = g.start[a]; e < g.start[a + 1]; e++) {
                int b = g.target[e];
                if ((g.type[e] & through) != 0 && comp[b] == id) {
                    IntList path = shortestPath(b, a, mask, comp, id, Long.MAX_VALUE);
                    if (path != null) {
                        report(type, a, e, path, note);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A component with rw edges: a G-single if one can be found within budget, else a G2. */
    private void antiDependencyCycle(int[] members, int[] full, int[] wwWr) {
        int id = full[members[0]];
        IntList rwEdges = new IntList(16);
        IntList rwSources = new IntList(16);
        for (int a : members) {
            for (int e = g.start[a]; e < g.start[a + 1] && rwEdges.size() < MAX_RW_TRIES; e++) {
                if (g.type[e] == DependencyGraph.RW && full[g.target[e]] == id) {
                    rwEdges.add(e);
                    rwSources.add(a);
                }
            }
        }
        if (rwEdges.size() == 0) {
            return;
        }
        int wwWrMask = DependencyGraph.WW | DependencyGraph.WR;
        // a rw edge inside one ww/wr component closes a G-single for sure
        for (int i = 0; i < rwEdges.size(); i++) {
            int a = rwSources.get(i);
            int b = g.target[rwEdges.get(i)];
            if (wwWr[a] >= 0 && wwWr[a] == wwWr[b]) {
                IntList path = shortestPath(b, a, wwWrMask, wwWr, wwWr[a], Long.MAX_VALUE);
                if (path != null) {
                    report(KafkaAnomalyType.G_SINGLE, a, rwEdges.get(i), path, "");
                    return;
                }
            }
        }
        // otherwise the way back may cross ww/wr components: search, within budget
        for (int i = 0; i < rwEdges.size() && budget > 0; i++) {
            int a = rwSources.get(i);
            IntList path = shortestPath(g.target[rwEdges.get(i)], a, wwWrMask, full, id, budget);
            if (path != null) {
                report(KafkaAnomalyType.G_SINGLE, a, rwEdges.get(i), path, "");
                return;
            }
        }
        int a = rwSources.get(0);
        IntList path = shortestPath(g.target[rwEdges.get(0)], a, DependencyGraph.ALL, full, id, Long.MAX_VALUE);
        if (path != null) {
            int rw = 1;
            for (int i = 0; i < path.size(); i++) {
                rw += g.type[path.get(i)] == DependencyGraph.RW ? 1 : 0;
            }
            report(rw == 1 ? KafkaAnomalyType.G_SINGLE : KafkaAnomalyType.G2, a, rwEdges.get(0), path, "");
        }
    }

    /**
     * The edges of a shortest path from {@code from} to {@code to} over {@code mask} edges inside component
     * {@code id}; null if there is none or the step limit ran out (limited searches charge the budget).
     */
    private IntList shortestPath(int from, int to, int mask, int[] comp, int id, long limit) {
        stamp++;
        int head = 0;
        int tail = 0;
        queue[tail++] = from;
        visited[from] = stamp;
        long steps = 0;
        boolean charged = limit != Long.MAX_VALUE;
        while (head < tail) {
            int v = queue[head++];
            if (v == to) {
                IntList reversed = new IntList(8);
                for (int n = to; n != from; n = parentNode[n]) {
                    reversed.add(parentEdge[n]);
                }
                IntList path = new IntList(reversed.size());
                for (int i = reversed.size() - 1; i >= 0; i--) {
                    path.add(reversed.get(i));
                }
                chargeIf(charged, steps);
                return path;
            }
            for (int e = g.start[v]; e < g.start[v + 1]; e++) {
                steps++;
                int w = g.target[e];
                if ((g.type[e] & mask) != 0 && comp[w] == id && visited[w] != stamp) {
                    visited[w] = stamp;
                    parentEdge[w] = e;
                    parentNode[w] = v;
                    queue[tail++] = w;
                }
            }
            if (steps > limit) {
                chargeIf(charged, steps);
                return null;
            }
        }
        chargeIf(charged, steps);
        return null;
    }

    private void chargeIf(boolean charged, long steps) {
        if (charged) {
            budget -= steps;
        }
    }

    /** Reports the cycle: edge {@code first} out of {@code a}, then {@code path} back to {@code a}. */
    private void report(KafkaAnomalyType type, int a, int first, IntList path, String note) {
        if (!out.count(type)) {
            return;
        }
        List<Op> witnesses = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        text.append(op(ix.op(a)));
        witnesses.add(ix.op(a));
        int steps = path.size() + 1;
        for (int i = -1; i < path.size(); i++) {
            int e = i < 0 ? first : path.get(i);
            int to = g.target[e];
            if (i < MAX_STEPS_LISTED) {
                text.append(" -").append(edgeName(g.type[e])).append(" key ")
                        .append(edn(ix.keys.get(g.key[e]))).append("-> ").append(op(ix.op(to)));
            } else if (i == MAX_STEPS_LISTED) {
                text.append(" ...");
            }
            if (!witnesses.contains(ix.op(to))) {
                witnesses.add(ix.op(to));
            }
        }
        out.keep(type, "a cycle of " + steps + " edges: " + text + note, witnesses);
    }

    private static String edgeName(int type) {
        return type == DependencyGraph.WW ? "ww" : type == DependencyGraph.WR ? "wr" : "rw";
    }

    /** The members of each numbered component, components in number order. */
    private static List<int[]> groups(int[] comp) {
        int count = 0;
        for (int c : comp) {
            count = Math.max(count, c + 1);
        }
        int[] size = new int[count];
        for (int c : comp) {
            if (c >= 0) {
                size[c]++;
            }
        }
        List<int[]> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            out.add(new int[size[c]]);
        }
        int[] fill = new int[count];
        for (int n = 0; n < comp.length; n++) {
            if (comp[n] >= 0) {
                out.get(comp[n])[fill[comp[n]]++] = n;
            }
        }
        return out;
    }

    private static boolean anyIn(int[] members, int[] comp) {
        for (int n : members) {
            if (comp[n] >= 0) {
                return true;
            }
        }
        return false;
    }
}
