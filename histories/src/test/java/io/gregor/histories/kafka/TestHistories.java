package io.gregor.histories.kafka;

import io.gregor.histories.History;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import io.gregor.histories.format.EdnReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small Kafka histories written as EDN, one op map per line without {@code :index}. A completion whose process
 * has nothing in flight gets its invocation inserted right before it, so sequential operations take one line and
 * only overlapping ones need an explicit {@code :type :invoke} line. Indexes are positions; times are positions
 * in milliseconds.
 */
final class TestHistories {

    private TestHistories() {
    }

    static History history(String text) {
        List<Op> out = new ArrayList<>();
        Set<Object> inFlight = new HashSet<>();
        for (String line : text.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Op op = parse(line);
            Object process = History.processKey(op.process());
            if (op.isInvoke()) {
                inFlight.add(process);
            } else if (!inFlight.remove(process) && op.isClient()) {
                out.add(new Op(0, 0, op.process(), Op.Type.INVOKE, op.f(), op.value(), null));
            }
            out.add(op);
        }
        List<Op> numbered = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Op op = out.get(i);
            numbered.add(new Op(i, i * 1_000_000L, op.process(), op.type(), op.f(), op.value(), op.error(),
                    op.extra()));
        }
        return History.of(numbered);
    }

    private static Op parse(String line) {
        Map<?, ?> m = (Map<?, ?>) new EdnReader(new StringReader(line)).readValue();
        Map<String, Object> extra = new LinkedHashMap<>();
        Object process = null;
        Op.Type type = null;
        String f = null;
        Object value = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String field = ((Keyword) e.getKey()).name();
            Object v = e.getValue();
            switch (field) {
                case "process": process = v; break;
                case "type": type = Op.Type.fromJepsen(((Keyword) v).name()); break;
                case "f": f = ((Keyword) v).name(); break;
                case "value": value = v; break;
                default: extra.put(field, v);
            }
        }
        return new Op(0, 0, process, type, f, value, null, extra);
    }
}
