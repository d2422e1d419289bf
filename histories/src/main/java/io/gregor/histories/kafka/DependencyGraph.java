package io.gregor.histories.kafka;

import java.util.Arrays;

/**
 * The transaction dependency graph, Elle-style (Adya's direct serialization graph), derived from each
 * partition's version order. Its nodes are the txns whose effects took place (ok, or info with a send read) and
 * that could lie on a cycle given the edge kinds drawn;
 * jepsen.tests.kafka's docs define the edges:
 * <ul>
 *   <li><b>ww</b> T1 → T2: T1 sent the value at index i of a partition and T2 the value at index i + 1
 *       (only with {@link KafkaCheckerOptions#wwDeps()});</li>
 *   <li><b>wr</b> T1 → T2: T2 polled a value T1 sent;</li>
 *   <li><b>rw</b> T1 → T2: T1's last read of a partition was at index i and T2 sent the value at index i + 1
 *       (only with {@link KafkaCheckerOptions#rwDeps()}). Only the last read counts: an earlier one would claim
 *       T1 did not see writes that it did.</li>
 * </ul>
 * Stored as compressed adjacency arrays (CSR): out-edges of node n are {@code [start[n], start[n + 1])}.
 */
final class DependencyGraph {

    static final int WW = 1;
    static final int WR = 2;
    static final int RW = 4;
    static final int ALL = WW | WR | RW;

    final int nodeCount;
    final boolean[] isNode;
    final int[] start;
    final int[] target;
    final byte[] type;
    final int[] key;

    private DependencyGraph(int nodeCount, boolean[] isNode, IntList src, IntList dst, IntList types, IntList keys) {
        this.nodeCount = nodeCount;
        this.isNode = isNode;
        int edges = src.size();
        start = new int[nodeCount + 1];
        for (int e = 0; e < edges; e++) {
            start[src.get(e) + 1]++;
        }
        for (int n = 0; n < nodeCount; n++) {
            start[n + 1] += start[n];
        }
        target = new int[edges];
        type = new byte[edges];
        key = new int[edges];
        int[] fill = Arrays.copyOf(start, nodeCount);
        for (int e = 0; e < edges; e++) {
            int at = fill[src.get(e)]++;
            target[at] = dst.get(e);
            type[at] = (byte) types.get(e);
            key[at] = keys.get(e);
        }
    }

    static DependencyGraph build(KafkaIndex ix, VersionOrders vo, boolean wwDeps, boolean rwDeps) {
        int n = ix.txnCount;
        boolean[] isNode = new boolean[n];
        for (int t = 0; t < n; t++) {
            // A txn can lie on a cycle only if it can have both an in- and an out-edge: pruning the others
            // keeps the graph small (with wr edges only, just the txns that both poll and send remain).
            boolean reads = ix.txnReadStart[t] < ix.txnReadStart[t + 1];
            boolean writes = ix.txnWriteStart[t] < ix.txnWriteStart[t + 1];
            boolean canHaveIn = reads || ((wwDeps || rwDeps) && writes);
            boolean canHaveOut = writes || (rwDeps && reads);
            isNode[t] = ix.committed[t] && canHaveIn && canHaveOut;
        }
        IntList src = new IntList(n * 2);
        IntList dst = new IntList(n * 2);
        IntList types = new IntList(n * 2);
        IntList keys = new IntList(n * 2);
        if (wwDeps) {
            for (int k = 0; k < ix.keyCount(); k++) {
                int[] values = vo.indexValue[k];
                for (int i = 0; i + 1 < values.length; i++) {
                    int w1 = ix.writerTxn[values[i]];
                    int w2 = ix.writerTxn[values[i + 1]];
                    if (w1 >= 0 && w2 >= 0 && w1 != w2 && isNode[w1] && isNode[w2]) {
                        add(src, dst, types, keys, w1, w2, WW, k);
                    }
                }
            }
        }
        // With ww edges, a wr edge from the writer of an earlier read is implied by the ww chain up to the
        // writer of the txn's last read of that key, plus that last wr edge: a cycle through one can be rerouted
        // through the other without changing its class. So we draw it only where the chain is broken, or where
        // the writer polls too (it might sit on a cycle of wr edges alone, which is checked separately).
        int[][] brokenBefore = wwDeps ? chainBreaks(ix, vo, isNode) : null;
        int[] lastWriterStamp = new int[n]; // dedupes wr edges from one writer to one reader
        int[] keyStamp = new int[ix.keyCount()];
        int[] maxRead = new int[ix.keyCount()];
        IntList touched = new IntList(16);
        for (int t = 0; t < n; t++) {
            if (!isNode[t]) {
                continue;
            }
            touched.clear();
            for (int r = ix.txnReadStart[t]; r < ix.txnReadStart[t + 1]; r++) {
                int k = ix.rKey[r];
                if (keyStamp[k] != t + 1) {
                    keyStamp[k] = t + 1;
                    maxRead[k] = -1;
                    touched.add(k);
                }
                maxRead[k] = Math.max(maxRead[k], vo.readIndex[r]);
            }
            for (int r = ix.txnReadStart[t]; r < ix.txnReadStart[t + 1]; r++) {
                int w = ix.writerTxn[ix.rValue[r]];
                if (w < 0 || w == t || !isNode[w] || lastWriterStamp[w] == t + 1) {
                    continue;
                }
                int k = ix.rKey[r];
                int idx = vo.readIndex[r];
                boolean implied = brokenBefore != null && idx >= 0 && idx < maxRead[k]
                        && ix.txnReadStart[w] == ix.txnReadStart[w + 1]
                        && vo.indexValue[k][idx] == ix.rValue[r]
                        && brokenBefore[k][maxRead[k]] == brokenBefore[k][idx];
                if (!implied) {
                    lastWriterStamp[w] = t + 1;
                    add(src, dst, types, keys, w, t, WR, k);
                }
            }
            if (!rwDeps) {
                continue;
            }
            for (int i = 0; i < touched.size(); i++) {
                int k = touched.get(i);
                int next = maxRead[k] + 1;
                if (maxRead[k] >= 0 && next < vo.length(k)) {
                    int w = ix.writerTxn[vo.indexValue[k][next]];
                    if (w >= 0 && w != t && isNode[w]) {
                        add(src, dst, types, keys, t, w, RW, k);
                    }
                }
            }
        }
        return new DependencyGraph(n, isNode, src, dst, types, keys);
    }

    /**
     * Per key, how many links of the ww chain are broken before each index: link i -> i + 1 holds when both
     * values have a writer in the graph (a ww edge joins them, or they are one txn).
     */
    private static int[][] chainBreaks(KafkaIndex ix, VersionOrders vo, boolean[] isNode) {
        int[][] out = new int[ix.keyCount()][];
        for (int k = 0; k < ix.keyCount(); k++) {
            int[] values = vo.indexValue[k];
            int[] broken = new int[values.length + 1];
            for (int i = 0; i + 1 < values.length; i++) {
                int w1 = ix.writerTxn[values[i]];
                int w2 = ix.writerTxn[values[i + 1]];
                boolean holds = w1 >= 0 && w2 >= 0 && isNode[w1] && isNode[w2];
                broken[i + 1] = broken[i] + (holds ? 0 : 1);
            }
            out[k] = broken;
        }
        return out;
    }

    private static void add(IntList src, IntList dst, IntList types, IntList keys, int from, int to, int type,
            int key) {
        src.add(from);
        dst.add(to);
        types.add(type);
        keys.add(key);
    }

    int edgeCount() {
        return target.length;
    }

    /**
     * Strongly connected components over the edges whose type is in {@code mask}, among the nodes with {@code
     * within[n]} (Tarjan's algorithm, iterative). Returns each node's component number, or -1 for nodes outside
     * {@code within} or alone in their component: only components that can hold a cycle get a number.
     */
    int[] components(int mask, boolean[] within) {
        int[] order = new int[nodeCount];
        int[] low = new int[nodeCount];
        Arrays.fill(order, -1);
        boolean[] onStack = new boolean[nodeCount];
        int[] stack = new int[nodeCount];
        int stackSize = 0;
        int[] callNode = new int[nodeCount];
        int[] callEdge = new int[nodeCount];
        int[] comp = new int[nodeCount];
        Arrays.fill(comp, -1);
        int counter = 0;
        int comps = 0;
        for (int root = 0; root < nodeCount; root++) {
            if (!within[root] || order[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = start[root];
            order[root] = low[root] = counter++;
            stack[stackSize++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                if (callEdge[depth] < start[v + 1]) {
                    int e = callEdge[depth]++;
                    if ((type[e] & mask) == 0) {
                        continue;
                    }
                    int w = target[e];
                    if (!within[w]) {
                        continue;
                    }
                    if (order[w] < 0) {
                        order[w] = low[w] = counter++;
                        stack[stackSize++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = start[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                    continue;
                }
                if (low[v] == order[v]) {
                    int size = 0;
                    int w;
                    int top = stackSize;
                    do {
                        w = stack[--stackSize];
                        onStack[w] = false;
                        size++;
                    } while (w != v);
                    if (size > 1) {
                        for (int i = stackSize; i < top; i++) {
                            comp[stack[i]] = comps;
                        }
                        comps++;
                    }
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return comp;
    }
}
