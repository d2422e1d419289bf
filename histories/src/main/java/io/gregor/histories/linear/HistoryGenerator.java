package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of large linearizable histories, for benchmarks: clients of an atomic register, cas
 * register or kv store over many keys, with overlapping operations.
 *
 * <p>Each client runs operations back to back. An operation is invoked at some time, takes effect at a random
 * instant inside its interval, and completes later; the object applies operations in order of those instants,
 * so the history is linearizable by construction, and the overlap between clients (the search's branching) is
 * set by how long operations take relative to the gaps between them. The same {@link Shape} and seed always give
 * the same history.
 */
public final class HistoryGenerator {

    /** Which object the clients talk to. */
    public enum Workload { REGISTER, CAS_REGISTER, KV }

    /**
     * What to generate.
     *
     * @param workload the object
     * @param operations how many operations in all
     * @param clients concurrent clients (processes)
     * @param keys keys the operations spread over (kv); register workloads with more than one key are kv-shaped
     *     only in that the checker would see one register per key, so they use a single key
     * @param readFraction share of reads (get for kv)
     * @param seed the random seed
     */
    public record Shape(Workload workload, int operations, int clients, int keys, double readFraction, long seed) {
        public Shape {
            if (operations < 0 || clients < 1 || keys < 1 || readFraction < 0 || readFraction > 1) {
                throw new IllegalArgumentException("bad history shape: " + operations + " operations, " + clients
                        + " clients, " + keys + " keys, read fraction " + readFraction);
            }
            if (workload != Workload.KV && keys != 1) {
                throw new IllegalArgumentException("register workloads have one key, not " + keys);
            }
        }
    }

    /** Mean time an operation takes, in ticks. */
    static final int MEAN_LATENCY_TICKS = 100;
    /** Mean think time between a client's operations, in ticks. */
    static final int MEAN_THINK_TICKS = 20;

    private HistoryGenerator() {
    }

    /** The model a shape's histories are checked against. */
    public static Model<?, ?> modelFor(Shape shape) {
        switch (shape.workload()) {
            case REGISTER:
                return new RegisterModel();
            case CAS_REGISTER:
                return CasRegisterModel.failedCasIsNoOp();
            default:
                return new KvModel();
        }
    }

    /** A linearizable history of the given shape. */
    public static List<Op> generate(Shape shape) {
        SplittableRandom random = new SplittableRandom(shape.seed());
        int n = shape.operations();
        long[] invokeTick = new long[n];
        long[] effectTick = new long[n];
        long[] completeTick = new long[n];
        int[] client = new int[n];
        long[] clientClock = new long[shape.clients()];
        for (int c = 0; c < shape.clients(); c++) {
            clientClock[c] = random.nextInt(MEAN_LATENCY_TICKS);
        }
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(shape.clients());
            client[i] = c;
            invokeTick[i] = clientClock[c];
            long latency = 1 + random.nextInt(2 * MEAN_LATENCY_TICKS);
            completeTick[i] = invokeTick[i] + latency;
            effectTick[i] = invokeTick[i] + random.nextLong(latency); // strictly inside [invoke, complete)
            clientClock[c] = completeTick[i] + 1 + random.nextInt(2 * MEAN_THINK_TICKS);
        }
        String[] f = new String[n];
        Object[] input = new Object[n];
        for (int i = 0; i < n; i++) {
            draw(shape, random, i, f, input);
        }
        Object[] output = new Object[n];
        boolean[] failed = new boolean[n];
        apply(shape, effectTick, f, input, output, failed);
        return events(n, invokeTick, completeTick, client, f, input, output, failed);
    }

    private static void draw(Shape shape, SplittableRandom random, int i, String[] f, Object[] input) {
        boolean read = random.nextDouble() < shape.readFraction();
        long value = random.nextInt(5);
        switch (shape.workload()) {
            case REGISTER:
                f[i] = read ? "read" : "write";
                input[i] = read ? null : value;
                return;
            case CAS_REGISTER:
                f[i] = read ? "read" : random.nextBoolean() ? "write" : "cas";
                input[i] = read ? null : f[i].equals("write") ? value : List.of((long) random.nextInt(5), value);
                return;
            default:
                String key = "k" + random.nextInt(shape.keys());
                int kind = random.nextInt(2);
                f[i] = read ? "get" : kind == 0 ? "put" : "append";
                input[i] = read ? Map.of("key", key) : Map.of("key", key, "value", "x" + i + "y");
        }
    }

    /** Runs the operations on the object in order of their effect instants, recording outputs. */
    private static void apply(Shape shape, long[] effectTick, String[] f, Object[] input, Object[] output,
            boolean[] failed) {
        Integer[] order = byTick(effectTick);
        Object register = null;
        Map<Object, String> store = new HashMap<>(); // lookup only, never iterated
        for (int i : order) {
            switch (f[i]) {
                case "read":
                    output[i] = register;
                    break;
                case "write":
                    register = input[i];
                    output[i] = input[i];
                    break;
                case "cas":
                    List<?> args = (List<?>) input[i];
                    if (args.get(0).equals(register)) {
                        register = args.get(1);
                    } else {
                        failed[i] = true;
                    }
                    output[i] = input[i];
                    break;
                default:
                    Map<?, ?> in = (Map<?, ?>) input[i];
                    Object key = in.get("key");
                    String current = store.getOrDefault(key, "");
                    if (f[i].equals("get")) {
                        output[i] = Map.of("key", key, "value", current);
                    } else {
                        store.put(key, f[i].equals("put") ? (String) in.get("value") : current + in.get("value"));
                        output[i] = in;
                    }
            }
        }
    }

    private static List<Op> events(int n, long[] invokeTick, long[] completeTick, int[] client, String[] f,
            Object[] input, Object[] output, boolean[] failed) {
        // 2n events sorted by tick; at equal ticks, completions first (the earlier operation really ended)
        long[] keys = new long[2 * n];
        for (int i = 0; i < n; i++) {
            keys[2 * i] = (invokeTick[i] * 2 + 1) * (2L * n) + 2 * i;
            keys[2 * i + 1] = (completeTick[i] * 2) * (2L * n) + 2 * i + 1;
        }
        Arrays.sort(keys);
        List<Op> out = new ArrayList<>(2 * n);
        for (long key : keys) {
            int event = (int) (key % (2L * n));
            int i = event / 2;
            boolean invoke = event % 2 == 0;
            long tick = invoke ? invokeTick[i] : completeTick[i];
            Op.Type type = invoke ? Op.Type.INVOKE : failed[i] ? Op.Type.FAIL : Op.Type.OK;
            out.add(new Op(out.size(), tick * 1_000_000L, (long) client[i], type, f[i],
                    invoke ? input[i] : output[i], null));
        }
        return out;
    }

    private static Integer[] byTick(long[] ticks) {
        Integer[] order = new Integer[ticks.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> ticks[a] != ticks[b] ? Long.compare(ticks[a], ticks[b]) : Integer.compare(a, b));
        return order;
    }
}
