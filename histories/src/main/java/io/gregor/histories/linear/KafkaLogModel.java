package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kafka partition's log as a linearizable object: {@code send} appends a value at the next offset, {@code poll}
 * reads the entries from an offset. The history is partitioned per key (one key = one topic-partition), and each
 * part is checked alone.
 *
 * <p>Shapes (either the map form or Jepsen's tuple form):
 * <ul>
 *   <li>send: invoke {@code {key, value}}, ok {@code {key, offset, value}}; or invoke {@code [k v]}, ok
 *       {@code [k [offset v]]}. An ok send must land exactly at the log's end; a send of unknown outcome may
 *       have appended (at whatever offset) or not.</li>
 *   <li>poll: invoke {@code {key, from}}, ok {@code {key, from, values: [[o v] ...]}}; or invoke {@code [k from]},
 *       ok {@code [k [[o v] ...]]}. The entries must be consecutive offsets starting at {@code from}, and equal
 *       the log's entries there. A poll of unknown outcome observed nothing and is dropped.</li>
 * </ul>
 *
 * <p>A real consumer's poll returns at most {@code max.poll.records}, so by default a poll may return any prefix
 * of the entries from {@code from} (including none): it catches wrong values, gaps, offsets reused, and values
 * seen before they were sent, but not a stale read. With {@link #pollsReadToEnd()} every poll must return
 * everything up to the log's end at its linearization point, which also catches stale reads.
 */
public final class KafkaLogModel implements Model<LogState, KafkaLogModel.Command> {

    /** A send or poll ready for the search. */
    record Command(Kind kind, long offset, Object value, Object[] values) {
    }

    /** Send with a known offset, send of unknown outcome, poll. */
    enum Kind { SEND, SEND_MAYBE, POLL }

    private final boolean pollReadsToEnd;

    private KafkaLogModel(boolean pollReadsToEnd) {
        this.pollReadsToEnd = pollReadsToEnd;
    }

    /** Polls may return any prefix of what is there (a bounded fetch). */
    public static KafkaLogModel boundedPolls() {
        return new KafkaLogModel(false);
    }

    /** Polls return everything up to the log's end. */
    public static KafkaLogModel pollsReadToEnd() {
        return new KafkaLogModel(true);
    }

    @Override
    public String name() {
        return "kafka-log";
    }

    @Override
    public LogState initialState() {
        return LogState.EMPTY;
    }

    @Override
    public List<Partition> partition(List<Operation> operations) {
        return KeyPartitions.byKey(operations, op -> String.valueOf(key(op)));
    }

    private static Object key(Operation op) {
        if (op.input() instanceof List && !((List<?>) op.input()).isEmpty()) {
            return Values.normalize(((List<?>) op.input()).get(0));
        }
        return Values.normalize(Values.field(op, op.input(), "key"));
    }

    @Override
    public Command command(Operation op) {
        boolean tuples = op.input() instanceof List;
        switch (op.f()) {
            case "send":
                Object value = Values.normalize(tuples ? second(op, op.input()) : Values.field(op, op.input(), "value"));
                if (op.outcome() != Op.Type.OK) {
                    return new Command(Kind.SEND_MAYBE, -1, value, null);
                }
                long offset;
                if (op.output() instanceof List) {
                    Object placed = second(op, op.output()); // [k [offset v]]
                    if (!(placed instanceof List) || ((List<?>) placed).size() != 2) {
                        throw Values.bad(op, "ok expects [k [offset v]], got " + op.output());
                    }
                    offset = integer(op, ((List<?>) placed).get(0));
                } else {
                    offset = Values.longField(op, op.output(), "offset");
                }
                return new Command(Kind.SEND, offset, value, null);
            case "poll":
                if (op.outcome() != Op.Type.OK) {
                    return null;
                }
                long from = tuples ? integer(op, second(op, op.input())) : Values.longField(op, op.input(), "from");
                Object entries = op.output() instanceof List ? second(op, op.output())
                        : Values.field(op, op.output(), "values");
                return new Command(Kind.POLL, from, null, pollValues(op, from, entries));
            default:
                throw Values.bad(op, "is not a kafka-log operation (send, poll)");
        }
    }

    /** The values of {@code [[o v] ...]}, checking that offsets run from {@code from} without gaps. */
    private static Object[] pollValues(Operation op, long from, Object entries) {
        if (entries == null) {
            return new Object[0];
        }
        if (!(entries instanceof List)) {
            throw Values.bad(op, "ok expects a list of [offset value] entries, got " + entries);
        }
        List<?> list = (List<?>) entries;
        List<Object> values = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof List) || ((List<?>) e).size() != 2) {
                throw Values.bad(op, "ok expects [offset value] entries, got " + e);
            }
            long offset = integer(op, ((List<?>) e).get(0));
            if (offset != from + i) {
                // not a model question but a malformed answer: a poll from `from` returns consecutive offsets
                values.add(GAP);
                continue;
            }
            values.add(Values.normalize(((List<?>) e).get(1)));
        }
        return values.toArray();
    }

    /** Stands for an entry at an unexpected offset: equal to nothing in a log, so the poll can never be placed. */
    private static final Object GAP = new Object() {
        @Override
        public int hashCode() {
            return 0x6A9;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public String toString() {
            return "gap";
        }
    };

    private static Object second(Operation op, Object tuple) {
        if (!(tuple instanceof List) || ((List<?>) tuple).size() != 2) {
            throw Values.bad(op, "expects a [key value] tuple, got " + tuple);
        }
        return ((List<?>) tuple).get(1);
    }

    private static long integer(Operation op, Object v) {
        if (!(v instanceof Number) || v instanceof Double || v instanceof Float) {
            throw Values.bad(op, "expects an integer offset, got " + v);
        }
        return ((Number) v).longValue();
    }

    @Override
    public boolean readOnly(Command command) {
        return command.kind() == Kind.POLL;
    }

    @Override
    public LogState step(LogState state, Command command) {
        switch (command.kind()) {
            case SEND:
                return state.length() == command.offset() ? state.append(command.value()) : null;
            case SEND_MAYBE:
                return state.append(command.value());
            case POLL:
                Object[] values = command.values();
                if (!state.holdsAt(command.offset(), values)) {
                    return null;
                }
                if (pollReadsToEnd && command.offset() + values.length < state.length()) {
                    return null;
                }
                return state;
            default:
                throw new IllegalStateException("unknown kafka-log command " + command.kind());
        }
    }
}
