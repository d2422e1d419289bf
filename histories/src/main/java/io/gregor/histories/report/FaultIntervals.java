package io.gregor.histories.report;

import io.gregor.histories.History;
import io.gregor.histories.OpPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The periods during which the nemesis had a fault in effect, for shading the timeline.
 *
 * <p>Jepsen's nemeses announce a fault with one operation and end it with another: {@code start-X} / {@code
 * stop-X} (start-partition, stop-partition...), and the classic pairs kill / start, pause / resume, partition /
 * heal, clog / unclog. A fault runs from the invocation of the operation that starts it to the completion of the
 * one that ends it, or to the end of the history. Any other nemesis operation is a fault lasting just itself.
 */
final class FaultIntervals {

    /** One fault: what, from when, until when (nanoseconds). */
    record Interval(String name, long startNs, long endNs) {
    }

    private static final Map<String, String> ENDS = Map.of("start", "kill", "restart", "kill", "resume", "pause",
            "heal", "partition", "unclog", "clog");

    private FaultIntervals() {
    }

    static List<Interval> of(History history, long historyEndNs) {
        List<Interval> out = new ArrayList<>();
        Map<String, Long> open = new LinkedHashMap<>(); // fault name -> start time, in the order opened
        for (OpPair pair : history.operations()) {
            if (pair.invoke().isClient()) {
                continue;
            }
            String f = pair.invoke().f();
            long startNs = pair.invoke().timeNs();
            long endNs = pair.endNs(historyEndNs);
            String opened = opens(f);
            String closed = closes(f);
            if (closed != null && open.containsKey(closed)) {
                out.add(new Interval(closed, open.remove(closed), endNs));
            } else if (opened != null) {
                open.putIfAbsent(opened, startNs);
            } else {
                out.add(new Interval(f, startNs, endNs));
            }
        }
        for (Map.Entry<String, Long> e : open.entrySet()) {
            out.add(new Interval(e.getKey(), e.getValue(), historyEndNs));
        }
        return out;
    }

    /** The fault an operation starts, or null. */
    private static String opens(String f) {
        if (f.startsWith("start-")) {
            return f.substring("start-".length());
        }
        return ENDS.containsValue(f) ? f : null;
    }

    /** The fault an operation ends, or null. */
    private static String closes(String f) {
        if (f.startsWith("stop-")) {
            return f.substring("stop-".length());
        }
        return ENDS.get(f);
    }
}
