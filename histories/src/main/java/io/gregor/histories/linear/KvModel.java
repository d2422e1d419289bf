package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.List;

/**
 * A key-value store of strings, every key initially {@code ""}, as in the Porcupine corpus's kv histories.
 *
 * <ul>
 *   <li>{@code get}: invoke {@code {key}}, ok {@code {key, value}} — the value seen ({@code null} reads as "").</li>
 *   <li>{@code put}: invoke {@code {key, value}} — sets the value.</li>
 *   <li>{@code append}: invoke {@code {key, value}} — concatenates to the value.</li>
 * </ul>
 *
 * Keys are independent, so the history is partitioned by key and each key's state is just its string (held as a
 * {@link KvState} rope, so that appends share memory).
 */
public final class KvModel implements Model<KvState, KvModel.Command> {

    /**
     * A kv operation ready for the search: {@code value} is what get saw, or what put/append write; for the
     * writes, its polynomial hash and {@code BASE^length} are precomputed for {@link KvState} (a get compares
     * characters directly, so it needs neither).
     */
    record Command(Kind kind, String value, long valueHash, long valuePower) {
        Command(Kind kind, String value) {
            this(kind, value, kind == Kind.GET ? 0 : KvState.hashOf(value),
                    kind == Kind.GET ? 0 : KvState.power(value.length()));
        }
    }

    /** The three kv functions. */
    enum Kind { GET, PUT, APPEND }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public KvState initialState() {
        return KvState.EMPTY;
    }

    @Override
    public List<Partition> partition(List<Operation> operations) {
        return KeyPartitions.byKey(operations, op -> String.valueOf(Values.field(op, op.input(), "key")));
    }

    @Override
    public Command command(Operation op) {
        switch (op.f()) {
            case "get":
                return op.outcome() == Op.Type.OK ? new Command(Kind.GET, string(op, op.output())) : null;
            case "put":
                return new Command(Kind.PUT, string(op, op.input()));
            case "append":
                return new Command(Kind.APPEND, string(op, op.input()));
            default:
                throw Values.bad(op, "is not a kv operation (get, put, append)");
        }
    }

    private static String string(Operation op, Object value) {
        Object v = Values.field(op, value, "value");
        return v == null ? "" : v.toString();
    }

    @Override
    public boolean readOnly(Command command) {
        return command.kind() == Kind.GET;
    }

    @Override
    public KvState step(KvState state, Command command) {
        switch (command.kind()) {
            case GET:
                return state.holds(command.value()) ? state : null;
            case PUT:
                return KvState.of(command.value(), command.valueHash());
            case APPEND:
                return state.append(command.value(), command.valueHash(), command.valuePower());
            default:
                throw new IllegalStateException("unknown kv command " + command.kind());
        }
    }

    @Override
    public String describe(KvState state) {
        return "\"" + state + "\"";
    }
}
