package io.gregor.histories.linear;

import io.gregor.histories.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds histories in tests, one event per call: {@code h.invoke(0, "write", 1).ok(0, 1)}. */
final class TestHistory {

    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, String> lastF = new HashMap<>();

    TestHistory invoke(long process, String f, Object value) {
        lastF.put(process, f);
        return add(process, Op.Type.INVOKE, f, value);
    }

    TestHistory ok(long process, Object value) {
        return add(process, Op.Type.OK, lastF.get(process), value);
    }

    TestHistory fail(long process, Object value) {
        return add(process, Op.Type.FAIL, lastF.get(process), value);
    }

    TestHistory info(long process, Object value) {
        return add(process, Op.Type.INFO, lastF.get(process), value);
    }

    private TestHistory add(long process, Op.Type type, String f, Object value) {
        ops.add(new Op(ops.size(), ops.size() * 1000L, process, type, f, value, null));
        return this;
    }

    List<Op> build() {
        return List.copyOf(ops);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
