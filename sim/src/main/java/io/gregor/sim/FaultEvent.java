package io.gregor.sim;

import java.util.List;

/**
 * One timed fault, as plain data: a {@link FaultSchedule} is a list of these, so a failing schedule can be printed,
 * replayed and shrunk. Applying an event that makes no sense at that moment (crashing a node that is down,
 * restarting one that is up, healing when nothing is partitioned) does nothing, so every sub-list of a schedule is
 * a valid schedule.
 */
public sealed interface FaultEvent {

    /** When the fault happens, in virtual ns. */
    long atNs();

    /** The node stops: its object and pending callbacks are dropped, its disk crashes. */
    record Crash(long atNs, int nodeId) implements FaultEvent {
    }

    /** A crashed node starts again: a new incarnation over its durable disk. */
    record Restart(long atNs, int nodeId) implements FaultEvent {
    }

    /** The node's events are held for {@code durationNs} (a GC pause, SIGSTOP); its clocks keep running. */
    record Pause(long atNs, int nodeId, long durationNs) implements FaultEvent {
        public Pause {
            if (durationNs < 0) {
                throw new IllegalArgumentException("pause duration must be >= 0: " + durationNs);
            }
        }
    }

    /**
     * Blocks the links from every node of {@code from} to every node of {@code to}; when {@code oneWay} is false
     * the reverse links too (a symmetric partition), otherwise only that direction (an asymmetric one).
     */
    record Partition(long atNs, List<Integer> from, List<Integer> to, boolean oneWay) implements FaultEvent {
        public Partition {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    /** Unblocks every link. */
    record Heal(long atNs) implements FaultEvent {
    }

    /** The link from one node to another holds every message sent on it for {@code durationNs}, then releases all. */
    record Clog(long atNs, int fromNodeId, int toNodeId, long durationNs) implements FaultEvent {
        public Clog {
            if (durationNs < 0) {
                throw new IllegalArgumentException("clog duration must be >= 0: " + durationNs);
            }
        }
    }

    /** The connection between two nodes breaks: messages in flight are lost, both ends are told. */
    record BreakConnection(long atNs, int aNodeId, int bNodeId) implements FaultEvent {
    }

    /** The node's wall clock steps by {@code deltaMs} (NTP stepping it); its monotonic clock is unaffected. */
    record ClockJump(long atNs, int nodeId, long deltaMs) implements FaultEvent {
    }

    /** The node's disk starts failing at these rates (or stops: {@link DiskFaultRates#NONE}). */
    record SetDiskFaults(long atNs, int nodeId, DiskFaultRates rates) implements FaultEvent {
        public SetDiskFaults {
            if (rates == null) {
                throw new IllegalArgumentException("disk fault rates are required");
            }
        }
    }

    /**
     * The end of trouble: heal every partition, end every clog, end message loss and duplication (latencies stay),
     * restart every crashed node, and stop every disk's injected faults. A nemesis schedule ends with one, so
     * liveness can be checked after it.
     */
    record HealAll(long atNs) implements FaultEvent {
    }
}
