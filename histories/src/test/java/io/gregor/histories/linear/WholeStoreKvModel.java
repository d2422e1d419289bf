package io.gregor.histories.linear;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kv store as one object (a map of every key), not partitioned: the reference for checking that {@link
 * KvModel}'s per-key partitioning (P-compositionality) gives the same verdicts as searching the whole history.
 */
final class WholeStoreKvModel implements Model<Map<String, KvState>, WholeStoreKvModel.Keyed> {

    private final KvModel perKey = new KvModel();

    /** A kv command with the key it applies to. */
    record Keyed(String key, KvModel.Command command) {
    }

    @Override
    public String name() {
        return "kv-unpartitioned";
    }

    @Override
    public Map<String, KvState> initialState() {
        return Collections.emptyMap();
    }

    @Override
    public Keyed command(Operation op) {
        KvModel.Command command = perKey.command(op);
        return command == null ? null : new Keyed(String.valueOf(Values.field(op, op.input(), "key")), command);
    }

    @Override
    public Map<String, KvState> step(Map<String, KvState> state, Keyed keyed) {
        KvState after = perKey.step(state.getOrDefault(keyed.key(), KvState.EMPTY), keyed.command());
        if (after == null) {
            return null;
        }
        Map<String, KvState> next = new TreeMap<>(state);
        next.put(keyed.key(), after);
        return Collections.unmodifiableMap(next);
    }
}
