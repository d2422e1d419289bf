package io.gregor.histories.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Splits operations by key, keeping invocation order within each key and first-seen order of keys. */
final class KeyPartitions {

    private KeyPartitions() {
    }

    static List<Partition> byKey(List<Operation> operations, Function<Operation, String> keyOf) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : operations) {
            byKey.computeIfAbsent(keyOf.apply(op), k -> new ArrayList<>()).add(op);
        }
        List<Partition> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
            out.add(new Partition(e.getKey(), e.getValue()));
        }
        return out;
    }
}
