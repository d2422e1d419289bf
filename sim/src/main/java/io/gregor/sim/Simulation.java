package io.gregor.sim;

import io.gregor.common.Invariant;
import io.gregor.env.Env;
import io.gregor.env.Node;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The deterministic simulator's kernel: nodes run in one thread, in virtual time, and every source of
 * nondeterminism derives from one run seed.
 *
 * <p>It keeps one queue of events ordered by (time, sequence number) — message deliveries, timer fires, fsync
 * completions, connection changes, faults and harness callbacks — and runs them one at a time, setting the virtual
 * clock to each event's time. Events carry the incarnation of the node they are for; a crash starts a new one, so
 * nothing of a crashed incarnation ever reaches its successor. Everything that happens feeds the {@link SimTrace}.
 *
 * <p>Typical use: {@code new Simulation(seed, config)}, {@link #addNode} per node, {@link #apply} a
 * {@link FaultSchedule}, {@link #runUntil}, then read {@link #traceHash()}.
 */
public final class Simulation {

    /** Node ids below this are found through an array (the hot path); others through a map. */
    private static final int FAST_IDS = 4096;

    private final long seed;
    private final SimConfig config;
    private final SimEntropy root;
    private final EventQueue queue = new EventQueue();
    private final SimTrace trace;
    private final SimNetwork network;
    private final EventDispatcher dispatcher;
    private final TreeMap<Integer, NodeSlot> slots = new TreeMap<>();
    private NodeSlot[] fastSlots = new NodeSlot[16];
    private long nowNs;
    private long eventsProcessed;

    public Simulation(long seed, SimConfig config) {
        this.seed = seed;
        this.config = Objects.requireNonNull(config, "config");
        this.root = new SimEntropy(seed);
        this.trace = new SimTrace(config.keepTraceLines(), config.maxTraceLines());
        this.network = new SimNetwork(this, config.network());
        this.dispatcher = new EventDispatcher(this, queue, trace, network);
    }

    public long seed() {
        return seed;
    }

    public SimConfig config() {
        return config;
    }

    /** A stream derived from the run seed for {@code purpose} (workloads, the nemesis). */
    public SimEntropy entropy(String purpose) {
        return root.fork(purpose);
    }

    // ---------------------------------------------------------------- nodes

    /** Adds a node and starts it now, with its own Env. The factory runs again at every restart. */
    public void addNode(int nodeId, Supplier<Node> factory) {
        Objects.requireNonNull(factory, "factory");
        startIncarnation(newSlot(nodeId, factory));
    }

    /**
     * The current Env of {@code nodeId}, creating a node-less "driver" slot if the id is new: a test or a workload
     * acts through it (its disk, timers, network) and runs the simulation to get the callbacks. Messages sent to a
     * driver are dropped (trace category {@code net}).
     */
    public Env envFor(int nodeId) {
        NodeSlot slot = slotOrNull(nodeId);
        if (slot == null) {
            slot = newSlot(nodeId, null);
            startIncarnation(slot);
        }
        return slot.env;
    }

    /** Crashes a node now: drops its object and pending events, breaks its connections, crashes its disk. */
    public void crash(int nodeId) {
        takeDown(nodeId, false);
    }

    /**
     * Stops a node's process now, cleanly: as a crash, but the machine stays up, so its page cache does too — every
     * write the node made reaches the disk (as the operating system writes it back), none is lost or torn.
     */
    public void stop(int nodeId) {
        takeDown(nodeId, true);
    }

    /** The node's process ends; its disk loses what no fsync covered unless the machine stays up. */
    private void takeDown(int nodeId, boolean machineStaysUp) {
        NodeSlot slot = requireSlot(nodeId);
        if (!slot.up) {
            return;
        }
        slot.up = false;
        slot.node = null;
        slot.pausedUntilNs = 0;
        trace.event(nowNs, SimTrace.LIFECYCLE, nodeId, "fault", (machineStaysUp ? "stop" : "crash")
                + " incarnation " + slot.incarnation);
        if (machineStaysUp) {
            slot.disk.persistAll();
        } else {
            slot.disk.crash();
        }
        network.nodeCrashed(slot);
    }

    /** Restarts a crashed node now: a new incarnation (a new object from the factory) over its durable disk. */
    public void restart(int nodeId) {
        NodeSlot slot = requireSlot(nodeId);
        if (!slot.up) {
            startIncarnation(slot);
        }
    }

    /** Holds a live node's events until {@code durationNs} from now; they are then delivered in order. */
    public void pause(int nodeId, long durationNs) {
        NodeSlot slot = requireSlot(nodeId);
        if (slot.up) {
            slot.pausedUntilNs = Math.max(slot.pausedUntilNs, nowNs + durationNs);
            trace.event(nowNs, SimTrace.LIFECYCLE, nodeId, "fault", "pause until " + slot.pausedUntilNs);
        }
    }

    public boolean isUp(int nodeId) {
        return requireSlot(nodeId).up;
    }

    public boolean isPaused(int nodeId) {
        return requireSlot(nodeId).pausedUntilNs > nowNs;
    }

    /** When the node's last pause ends (or ended), 0 if it was not paused since it last started. */
    public long pausedUntilNs(int nodeId) {
        return requireSlot(nodeId).pausedUntilNs;
    }

    /** The node's incarnation: 1 at its first start, one more at every restart. */
    public long incarnation(int nodeId) {
        return requireSlot(nodeId).incarnation;
    }

    /** The node object of the current incarnation (null while crashed, and for drivers): for white-box checks. */
    public Node node(int nodeId) {
        return requireSlot(nodeId).node;
    }

    public SimDisk disk(int nodeId) {
        return requireSlot(nodeId).disk;
    }

    public SimClock clock(int nodeId) {
        return requireSlot(nodeId).clock;
    }

    public NavigableSet<Integer> nodeIds() {
        return Collections.unmodifiableNavigableSet(slots.navigableKeySet());
    }

    public SimNetwork network() {
        return network;
    }

    // ---------------------------------------------------------------- running

    public long nowNs() {
        return nowNs;
    }

    private int lastEventNodeId = -1;
    private boolean observing;

    /**
     * Whether a harness's checks are running ({@link #runUntilChecked}, {@link #observe}): what they do is outside
     * the simulated world, so it must not change it — a disk read then draws no fault and marks no sector bad.
     */
    public boolean isObserving() {
        return observing;
    }

    /** Runs {@code look}, a check outside the simulated world, as {@link #isObserving() observing}. */
    public <T> T observe(java.util.function.Supplier<T> look) {
        boolean was = observing;
        observing = true;
        try {
            return look.get();
        } finally {
            observing = was;
        }
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    public int pendingEvents() {
        return queue.size();
    }

    /** Runs the next event; false if there is none. */
    public boolean step() {
        Event e = queue.poll();
        if (e == null) {
            return false;
        }
        nowNs = e.timeNs;
        eventsProcessed++;
        lastEventNodeId = e.target == null ? -1 : e.target.nodeId;
        dispatcher.dispatch(e);
        return true;
    }

    /**
     * The node the last event was delivered to, or -1 when it was a callback (a fault, a harness action) that may
     * have touched any node. Per-event checks of state only a node's own events change may look at this one alone.
     */
    public int lastEventNodeId() {
        return lastEventNodeId;
    }

    /** Runs every event up to and including {@code timeNs}, then sets the clock to {@code timeNs}. */
    public void runUntil(long timeNs) {
        Invariant.check(timeNs >= nowNs, "runUntil(%d) is in the past (now %d)", timeNs, nowNs);
        Event next;
        while ((next = queue.peek()) != null && next.timeNs <= timeNs) {
            step();
        }
        nowNs = timeNs;
    }

    public void runFor(long durationNs) {
        runUntil(nowNs + durationNs);
    }

    /**
     * Runs every event up to {@code endNs} (a no-op event there marks the end, so time reaches it), calling
     * {@code afterEachEvent} after each one: the per-event invariant checks of a harness. Stops early, returning
     * false, as soon as it returns false.
     */
    public boolean runUntilChecked(long endNs, java.util.function.BooleanSupplier afterEachEvent) {
        if (endNs <= nowNs) {
            return true;
        }
        schedule(endNs, () -> { });
        while (step()) {
            boolean ok;
            observing = true;
            try {
                ok = afterEachEvent.getAsBoolean();
            } finally {
                observing = false;
            }
            if (!ok) {
                return false;
            }
            if (nowNs >= endNs) {
                return true;
            }
        }
        return true;
    }

    /**
     * {@link #runUntilChecked(long, java.util.function.BooleanSupplier)} for a harness: an exception out of an event
     * handler or the checks (a node's own assertion, or a bug) is reported to {@code onFailure} as
     * {@code "t=<now> node failure: <exception>"} and ends the run like a broken check. Returns false if the run
     * stopped early.
     */
    public boolean runUntilChecked(long endNs, java.util.function.BooleanSupplier afterEachEvent,
            java.util.function.Consumer<String> onFailure) {
        try {
            return runUntilChecked(endNs, afterEachEvent);
        } catch (RuntimeException e) {
            onFailure.accept("t=" + nowNs + " node failure: " + e);
            return false;
        }
    }

    /** Cuts {@code group} off from every other node, both ways (heal with {@code network().heal()}). */
    public void isolate(java.util.Collection<Integer> group) {
        List<Integer> others = new java.util.ArrayList<>();
        for (int id : nodeIds()) {
            if (!group.contains(id)) {
                others.add(id);
            }
        }
        network.partition(group, others, true);
    }

    /** Runs until no event is left or the next one is after {@code maxTimeNs}; true if none is left. */
    public boolean runUntilQuiescent(long maxTimeNs) {
        Event next;
        while ((next = queue.peek()) != null && next.timeNs <= maxTimeNs) {
            step();
        }
        return queue.size() == 0;
    }

    /** Runs {@code action} at {@code atNs} (not before anything already scheduled for that instant). */
    public void schedule(long atNs, Runnable action) {
        Objects.requireNonNull(action, "action");
        Invariant.check(atNs >= nowNs, "schedule(%d) is in the past (now %d)", atNs, nowNs);
        Event e = queue.acquire();
        e.kind = Event.CALLBACK;
        e.payload = action;
        queue.push(e, atNs);
    }

    /**
     * The process of {@code nodeId} halts (it found its storage untrustworthy and exits, as Kafka does): the current
     * incarnation crashes right after the event that asked, and a supervisor restarts the node {@code
     * restartAfterNs} later over what its disk kept — unless the node is up again by then.
     */
    public void haltAndRestart(int nodeId, long restartAfterNs) {
        long incarnation = incarnation(nodeId);
        schedule(nowNs, () -> {
            if (isUp(nodeId) && incarnation(nodeId) == incarnation) {
                crash(nodeId);
            }
        });
        schedule(nowNs + restartAfterNs, () -> restart(nodeId));
    }

    /** Schedules every event of the schedule (each at its time; times in the past mean now). */
    public void apply(FaultSchedule schedule) {
        for (FaultEvent fault : schedule.events()) {
            Event e = queue.acquire();
            e.kind = Event.FAULT;
            e.payload = fault;
            queue.push(e, Math.max(nowNs, fault.atNs()));
        }
    }

    /** Applies one fault now. */
    public void inject(FaultEvent fault) {
        FaultApplier.apply(this, fault);
    }

    // ---------------------------------------------------------------- trace

    /** The trace hash so far, 16 hex digits: same seed, config and build give the same hash. */
    public String traceHash() {
        return trace.hashHex();
    }

    public SimTrace trace() {
        return trace;
    }

    /** The kept trace lines (only with {@link SimConfig#keepTraceLines()}). */
    public List<String> traceLines() {
        return trace.lines();
    }

    /** Also sends every trace line to {@code sink} as it happens (e.g. a file writer in the CLI). */
    public void traceTo(Consumer<String> sink) {
        trace.sink(sink);
    }

    /**
     * How a message is fingerprinted for the trace hash. The default hashes the class name and {@code toString()}:
     * deterministic for records of strings, numbers, enums and lists, but not for arrays (identity in
     * toString) — supply a function for such messages, or a cheaper one for hot benchmarks.
     */
    public void messageFingerprint(ToLongFunction<Object> function) {
        trace.fingerprint(Objects.requireNonNull(function, "function"));
    }

    // ---------------------------------------------------------------- internals used by the parts

    NodeSlot slotOrNull(int nodeId) {
        if (nodeId >= 0 && nodeId < fastSlots.length) {
            return fastSlots[nodeId];
        }
        return nodeId >= FAST_IDS || nodeId < 0 ? slots.get(nodeId) : null;
    }

    void scheduleMessage(NodeSlot to, int fromNodeId, Object message, long generation, long atNs) {
        Event e = queue.acquire();
        e.kind = Event.MESSAGE;
        e.target = to;
        e.incarnation = to.incarnation;
        e.peerNodeId = fromNodeId;
        e.generation = generation;
        e.payload = message;
        queue.push(e, atNs);
    }

    void scheduleConnection(NodeSlot to, int peerNodeId, boolean up) {
        Event e = queue.acquire();
        e.kind = Event.CONNECTION;
        e.target = to;
        e.incarnation = to.incarnation;
        e.peerNodeId = peerNodeId;
        e.up = up;
        queue.push(e, nowNs);
    }

    long scheduleTimer(NodeSlot slot, long atNs, Runnable onTimer) {
        Event e = queue.acquire();
        e.kind = Event.TIMER;
        e.target = slot;
        e.incarnation = slot.incarnation;
        e.payload = onTimer;
        queue.push(e, atNs);
        return e.timerId();
    }

    void cancelTimer(NodeSlot slot, long timerId) {
        Event e = queue.queuedTimer(timerId);
        if (e != null && e.target == slot) {
            queue.remove(e);
            queue.release(e);
        }
    }

    void scheduleFsync(NodeSlot slot, long atNs, SimDisk.PendingFsync fsync) {
        Event e = queue.acquire();
        e.kind = Event.FSYNC;
        e.target = slot;
        e.incarnation = slot.incarnation;
        e.payload = fsync;
        queue.push(e, atNs);
    }

    void traceDrop(int fromNodeId, int toNodeId, Object message, String reason) {
        trace.drop(nowNs, fromNodeId, toNodeId, message, reason);
    }

    void traceDuplicate(int fromNodeId, int toNodeId, Object message) {
        trace.duplicate(nowNs, fromNodeId, toNodeId, message);
    }

    // ---------------------------------------------------------------- lifecycle

    private NodeSlot newSlot(int nodeId, Supplier<Node> factory) {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node ids are >= 0: " + nodeId);
        }
        if (slots.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " was already added");
        }
        NodeSlot slot = new NodeSlot(this, nodeId, slots.size(), factory, root, config);
        slots.put(nodeId, slot);
        if (nodeId < FAST_IDS) {
            if (nodeId >= fastSlots.length) {
                fastSlots = Arrays.copyOf(fastSlots, Math.min(FAST_IDS, Math.max(nodeId + 1, fastSlots.length * 2)));
            }
            fastSlots[nodeId] = slot;
        }
        network.nodeAdded(slot);
        return slot;
    }

    private void startIncarnation(NodeSlot slot) {
        slot.incarnation++;
        slot.up = true;
        slot.pausedUntilNs = 0;
        slot.clock.reboot();
        long incarnation = slot.incarnation;
        slot.env = new Env(slot.nodeId, slot.clock, new SimTimers(this, slot, incarnation),
                network.view(slot, incarnation), slot.disk, slot.entropy.fork("env/" + incarnation),
                new NodeTrace(this, slot, incarnation));
        trace.event(nowNs, SimTrace.LIFECYCLE, slot.nodeId, "node",
                (slot.isDriver() ? "driver" : "start") + " incarnation " + incarnation);
        if (slot.factory != null) {
            Node node = Objects.requireNonNull(slot.factory.get(), "the node factory returned null");
            slot.node = node;
            node.start(slot.env);
        }
    }

    private NodeSlot requireSlot(int nodeId) {
        NodeSlot slot = slotOrNull(nodeId);
        if (slot == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in the simulation");
        }
        return slot;
    }
}
