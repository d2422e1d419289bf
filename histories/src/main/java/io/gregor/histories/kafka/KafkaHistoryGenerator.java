package io.gregor.histories.kafka;

import io.gregor.histories.History;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates Jepsen-style Kafka histories from a simulated <em>correct</em> log, deterministically from a seed:
 * the input for the checker's property tests (no anomaly may be found) and for timing it on a million events.
 *
 * <p>The simulation: one log per key; {@code concurrency} client slots, each running one operation at a time;
 * every operation takes effect at its completion (so it is linearizable). Sends append and get the next
 * offset; a txn's sends are appended together at commit and followed by a one-offset gap, as Kafka's
 * transaction markers leave. Polls read up to {@code maxPollRecords} records of each assigned key from the
 * consumer's position. An info outcome crashes the client: the slot continues as a new process (Jepsen's {@code
 * process + concurrency}) with no assignment. Fail outcomes change nothing. The nemesis interleaves fault
 * operations. At the end every slot crashes, assigns all keys from the beginning and polls until it has read
 * every log to its end, so every acknowledged send is seen.
 */
public final class KafkaHistoryGenerator {

    private static final Keyword SEND = Keyword.of("send");
    private static final Keyword POLL = Keyword.of("poll");
    private static final Keyword NEMESIS = Keyword.of("nemesis");

    /**
     * What to generate.
     *
     * @param operations client operations before the final polls (the history has about twice as many events)
     * @param concurrency client slots
     * @param keys partitions
     * @param maxPollRecords records per key a poll returns at most
     * @param txnPercent share of txn operations (the rest: sends and polls, half each), in percent
     * @param assignPercent share of assign operations, in percent
     * @param failPercent share of operations that fail, in percent
     * @param infoPercent share of operations with an unknown (info) outcome, in percent
     * @param nemesis whether to interleave nemesis operations
     */
    public record Config(int operations, int concurrency, int keys, int maxPollRecords, int txnPercent,
            int assignPercent, int failPercent, int infoPercent, boolean nemesis) {

        public Config {
            if (operations < 0 || concurrency < 1 || keys < 1 || maxPollRecords < 1
                    || txnPercent + assignPercent > 100 || failPercent + infoPercent > 100) {
                throw new IllegalArgumentException("bad generator config: " + operations + " ops, " + concurrency
                        + " clients, " + keys + " keys");
            }
        }

        /** A mix like Jepsen's Kafka test: 10 clients, 8 keys, some txns, faults and crashes. */
        public static Config typical(int operations) {
            return new Config(operations, 10, 8, 8, 10, 2, 2, 1, true);
        }
    }

    private final SplittableRandom random;
    private final Config config;
    private final List<Op> ops = new ArrayList<>();
    private final List<List<Long>> logs = new ArrayList<>(); // per key: offset -> value, null in gaps
    private final Slot[] slots;
    private long nowNs;
    private long nextValue;
    private int nemesisCountdown;
    private boolean partitioned;

    /** One client slot: its current process, assignment and consumer positions, and its operation in flight. */
    private static final class Slot {
        long process;
        final Map<Integer, Integer> positions = new LinkedHashMap<>(); // assigned key -> next offset to read
        Op inFlight;
    }

    private KafkaHistoryGenerator(long seed, Config config) {
        this.random = new SplittableRandom(seed);
        this.config = config;
        for (int k = 0; k < config.keys(); k++) {
            logs.add(new ArrayList<>());
        }
        slots = new Slot[config.concurrency()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
            slots[i].process = i;
        }
        nemesisCountdown = 50 + random.nextInt(100);
    }

    /** A valid history: what a correct Kafka would give under this workload. */
    public static History generate(long seed, Config config) {
        return new KafkaHistoryGenerator(seed, config).run();
    }

    private History run() {
        for (int i = 0; i < slots.length; i++) { // every client starts assigned to a few keys
            invoke(slots[i], "assign", randomKeys());
            complete(slots[i]);
        }
        int invoked = 0;
        while (invoked < config.operations()) {
            Slot slot = slots[random.nextInt(slots.length)];
            if (slot.inFlight != null) {
                complete(slot);
            } else {
                invokeRandom(slot);
                invoked++;
            }
            if (config.nemesis() && --nemesisCountdown == 0) {
                nemesisOp();
            }
        }
        for (Slot slot : slots) {
            if (slot.inFlight != null) {
                complete(slot);
            }
        }
        finalPolls();
        return History.of(ops);
    }

    private void invokeRandom(Slot slot) {
        int roll = random.nextInt(100);
        if (roll < config.assignPercent()) {
            invoke(slot, "assign", randomKeys());
        } else if (roll < config.assignPercent() + config.txnPercent()) {
            List<Object> mops = new ArrayList<>();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                mops.add(random.nextBoolean() ? List.of(POLL) : List.of(SEND, (long) randomKey(), nextValue++));
            }
            invoke(slot, "txn", mops);
        } else if (random.nextBoolean()) {
            invoke(slot, "send", List.of(List.of(SEND, (long) randomKey(), nextValue++)));
        } else {
            invoke(slot, "poll", List.of(List.of(POLL)));
        }
    }

    private void invoke(Slot slot, String f, Object value) {
        tick();
        Op op = new Op(ops.size(), nowNs, slot.process, Op.Type.INVOKE, f, value, null);
        ops.add(op);
        slot.inFlight = op;
    }

    /** Completes the slot's operation; its effects happen now. */
    private void complete(Slot slot) {
        Op invoke = slot.inFlight;
        slot.inFlight = null;
        int roll = random.nextInt(100);
        Op.Type outcome = invoke.f().equals("assign") ? Op.Type.OK
                : roll < config.failPercent() ? Op.Type.FAIL
                : roll < config.failPercent() + config.infoPercent() ? Op.Type.INFO : Op.Type.OK;
        Object value = invoke.value();
        Object error = null;
        if (outcome == Op.Type.OK) {
            value = invoke.f().equals("assign") ? assign(slot, invoke.value()) : apply(slot, (List<?>) value);
        } else if (outcome == Op.Type.INFO) {
            error = Keyword.of("timeout");
            if (random.nextBoolean() && !invoke.f().equals("poll")) {
                apply(slot, (List<?>) value); // took effect after all; nobody knows
            }
        } else {
            error = Keyword.of("not-leader-or-follower");
        }
        tick();
        ops.add(new Op(ops.size(), nowNs, invoke.process(), outcome, invoke.f(), value, error));
        if (outcome == Op.Type.INFO) {
            crash(slot);
        }
    }

    private void crash(Slot slot) {
        slot.process += slots.length;
        slot.positions.clear();
    }

    private Object assign(Slot slot, Object keys) {
        Map<Integer, Integer> kept = new LinkedHashMap<>();
        for (Object k : (List<?>) keys) {
            int key = (int) (long) (Long) k;
            kept.put(key, slot.positions.getOrDefault(key, 0));
        }
        slot.positions.clear();
        slot.positions.putAll(kept);
        return keys;
    }

    /** Applies the micro-ops: polls read now, sends are appended together (then a marker gap for a txn). */
    private List<Object> apply(Slot slot, List<?> mops) {
        List<Object> result = new ArrayList<>(mops.size());
        List<int[]> sendAt = new ArrayList<>();
        for (Object m : mops) {
            List<?> mop = (List<?>) m;
            if (mop.get(0).equals(POLL)) {
                result.add(List.of(POLL, poll(slot)));
            } else {
                result.add(null); // filled in after the sends are appended
                sendAt.add(new int[] {result.size() - 1});
            }
        }
        boolean txn = mops.size() > 1;
        for (int[] at : sendAt) {
            List<?> mop = (List<?>) mops.get(at[0]);
            int key = (int) (long) (Long) mop.get(1);
            List<Long> log = logs.get(key);
            long offset = log.size();
            log.add((Long) mop.get(2));
            result.set(at[0], List.of(SEND, mop.get(1), List.of(offset, mop.get(2))));
        }
        if (txn && !sendAt.isEmpty()) {
            for (int[] at : sendAt) { // one marker per partition the txn wrote
                List<Long> log = logs.get((int) (long) (Long) ((List<?>) mops.get(at[0])).get(1));
                if (log.get(log.size() - 1) != null) {
                    log.add(null);
                }
            }
        }
        return result;
    }

    private Map<Object, Object> poll(Slot slot) {
        Map<Object, Object> read = new LinkedHashMap<>();
        for (Map.Entry<Integer, Integer> e : slot.positions.entrySet()) {
            List<Long> log = logs.get(e.getKey());
            int position = e.getValue();
            List<Object> pairs = new ArrayList<>();
            while (position < log.size() && pairs.size() < config.maxPollRecords()) {
                Long v = log.get(position);
                if (v != null) {
                    pairs.add(List.of((long) position, v));
                }
                position++;
            }
            e.setValue(position);
            if (!pairs.isEmpty()) {
                read.put((long) e.getKey(), pairs);
            }
        }
        return read;
    }

    private void finalPolls() {
        List<Object> allKeys = new ArrayList<>();
        for (long k = 0; k < config.keys(); k++) {
            allKeys.add(k);
        }
        for (Slot slot : slots) {
            invoke(slot, "crash", null);
            tick();
            ops.add(new Op(ops.size(), nowNs, slot.process, Op.Type.INFO, "crash", null, null));
            crash(slot);
            invoke(slot, "assign", allKeys);
            complete(slot);
            while (behind(slot)) {
                invoke(slot, "poll", List.of(List.of(POLL)));
                Op invoke = slot.inFlight;
                slot.inFlight = null;
                List<Object> value = List.of(List.of(POLL, poll(slot)));
                tick();
                ops.add(new Op(ops.size(), nowNs, invoke.process(), Op.Type.OK, "poll", value, null));
            }
        }
    }

    private boolean behind(Slot slot) {
        for (Map.Entry<Integer, Integer> e : slot.positions.entrySet()) {
            if (e.getValue() < logs.get(e.getKey()).size()) {
                return true;
            }
        }
        return false;
    }

    private void nemesisOp() {
        nemesisCountdown = 50 + random.nextInt(200);
        partitioned = !partitioned;
        String f = partitioned ? "start-partition" : "stop-partition";
        tick();
        ops.add(new Op(ops.size(), nowNs, NEMESIS, Op.Type.INFO, f, null, null));
        tick();
        ops.add(new Op(ops.size(), nowNs, NEMESIS, Op.Type.INFO, f, f.startsWith("start")
                ? Keyword.of("majority") : Keyword.of("network-healed"), null));
    }

    private List<Object> randomKeys() {
        List<Object> keys = new ArrayList<>();
        for (long k = 0; k < config.keys(); k++) {
            if (random.nextInt(3) == 0) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            keys.add((long) randomKey());
        }
        return keys;
    }

    private int randomKey() {
        return random.nextInt(config.keys());
    }

    private void tick() {
        nowNs += 100_000 + random.nextInt(2_000_000);
    }
}
