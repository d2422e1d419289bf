package io.gregor.histories.report;

import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Op;
import io.gregor.histories.OpPair;
import io.gregor.histories.format.EdnWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code timeline.html}: a self-contained page (inline CSS, SVG and a few lines of JS; nothing fetched)
 * showing the history as Jepsen's timeline does. One lane per client process; each operation a bar from its
 * invocation to its completion, coloured by outcome (ok, fail, info, never completed); hovering shows its
 * function, value and result. The witnesses of each anomaly are outlined in red and labelled with the anomaly's
 * name, and listed below with their explanations (click to find them). The nemesis's faults are shaded across
 * every lane ({@link FaultIntervals}).
 *
 * <p>A large history is drawn in a window of at most {@code maxOperations} operations, placed around the first
 * witness; the page says so. Bars are identified by the index of their invocation: {@code id="op-12"}.
 */
public final class TimelineReport {

    /** How many operations a page draws by default: enough to read, small enough for a browser. */
    public static final int DEFAULT_MAX_OPERATIONS = 10_000;

    private static final int LANE_HEIGHT_PX = 18;
    private static final int TOP_PX = 44;
    private static final int LEFT_PX = 96;
    private static final int MAX_TIP_CHARS = 400;
    private static final double LABEL_CHAR_PX = 5.5;

    private final int maxOperations;

    public TimelineReport(int maxOperations) {
        if (maxOperations < 1) {
            throw new IllegalArgumentException("maxOperations must be positive: " + maxOperations);
        }
        this.maxOperations = maxOperations;
    }

    /** Writes the timeline of {@code history} and the anomalies of {@code results} to {@code file}. */
    public static void write(History history, List<CheckResult> results, Path file) throws IOException {
        new TimelineReport(DEFAULT_MAX_OPERATIONS).writeTo(history, results, file);
    }

    public void writeTo(History history, List<CheckResult> results, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(render(history, results));
        }
    }

    /** The whole page. */
    public String render(History history, List<CheckResult> results) {
        List<OpPair> all = new ArrayList<>();
        for (OpPair pair : history.operations()) {
            if (pair.invoke().isClient()) {
                all.add(pair);
            }
        }
        // which operation each witness names (by either half's index), and the anomalies naming it
        Map<Long, Integer> pairOfIndex = new HashMap<>(); // lookups only
        for (int i = 0; i < all.size(); i++) {
            pairOfIndex.put(all.get(i).invoke().index(), i);
            if (all.get(i).completion() != null) {
                pairOfIndex.put(all.get(i).completion().index(), i);
            }
        }
        Map<Integer, Set<String>> labels = new LinkedHashMap<>();
        for (CheckResult r : results) {
            for (Anomaly a : r.anomalies()) {
                for (Op w : a.witnesses()) {
                    Integer i = pairOfIndex.get(w.index());
                    if (i != null) {
                        labels.computeIfAbsent(i, x -> new LinkedHashSet<>()).add(a.type());
                    }
                }
            }
        }
        int from = 0;
        int to = all.size();
        if (all.size() > maxOperations) {
            int first = labels.isEmpty() ? 0 : labels.keySet().stream().min(Integer::compare).orElse(0);
            from = Math.max(0, Math.min(first - maxOperations / 4, all.size() - maxOperations));
            to = from + maxOperations;
        }
        long endNs = history.size() == 0 ? 0 : history.get(history.size() - 1).timeNs();
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            t0 = Math.min(t0, all.get(i).invoke().timeNs());
            t1 = Math.max(t1, all.get(i).endNs(endNs));
        }
        if (from == to) {
            t0 = 0;
            t1 = 1;
        }

        List<Object> lanes = new ArrayList<>(); // processes in the window, numerically
        Set<Object> seen = new LinkedHashSet<>();
        for (int i = from; i < to; i++) {
            seen.add(History.processKey(all.get(i).invoke().process()));
        }
        lanes.addAll(seen);
        lanes.sort(Comparator.comparing(p -> p instanceof Long ? (Long) p : Long.MAX_VALUE));
        Map<Object, Integer> laneOf = new HashMap<>(); // lookups only
        for (int i = 0; i < lanes.size(); i++) {
            laneOf.put(lanes.get(i), i);
        }

        int plotWidthPx = Math.max(1000, Math.min(20_000, (to - from) * 6));
        int heightPx = TOP_PX + lanes.size() * LANE_HEIGHT_PX + 24;
        Scale x = new Scale(t0, t1, LEFT_PX, plotWidthPx);

        StringBuilder html = new StringBuilder(1 << 16);
        TimelinePage.header(html, history, results, all.size(), from, to);
        html.append("<div class=\"scroll\"><svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(LEFT_PX + plotWidthPx + 20).append("\" height=\"").append(heightPx).append("\">\n");
        for (FaultIntervals.Interval f : FaultIntervals.of(history, endNs)) {
            if (f.endNs() < t0 || f.startNs() > t1) {
                continue;
            }
            double a = x.at(Math.max(f.startNs(), t0));
            double b = Math.max(a + 2, x.at(Math.min(f.endNs(), t1)));
            html.append("<g class=\"fault\"><rect x=\"").append(px(a)).append("\" y=\"").append(TOP_PX - 14)
                    .append("\" width=\"").append(px(b - a)).append("\" height=\"")
                    .append(heightPx - TOP_PX + 14).append("\"/><text x=\"").append(px(a + 2)).append("\" y=\"")
                    .append(TOP_PX - 4).append("\">").append(Html.escape(f.name())).append("</text><title>")
                    .append(Html.escape(f.name() + " from " + ms(f.startNs()) + " to " + ms(f.endNs())))
                    .append("</title></g>\n");
        }
        TimelinePage.axis(html, x, TOP_PX, heightPx);
        for (int lane = 0; lane < lanes.size(); lane++) {
            int y = TOP_PX + lane * LANE_HEIGHT_PX;
            html.append("<g class=\"lane\" data-process=\"").append(Html.escape(String.valueOf(lanes.get(lane))))
                    .append("\"><rect class=\"lane-bg\" x=\"0\" y=\"").append(y).append("\" width=\"")
                    .append(LEFT_PX + plotWidthPx).append("\" height=\"").append(LANE_HEIGHT_PX)
                    .append("\"/><text class=\"lane-label\" x=\"4\" y=\"").append(y + 13).append("\">process ")
                    .append(Html.escape(EdnWriter.toEdn(lanes.get(lane)))).append("</text></g>\n");
        }
        double[] labelEnd = new double[lanes.size()];
        for (int i = from; i < to; i++) {
            OpPair pair = all.get(i);
            int y = TOP_PX + laneOf.get(History.processKey(pair.invoke().process())) * LANE_HEIGHT_PX;
            double a = x.at(pair.invoke().timeNs());
            double w = Math.max(2, x.at(pair.endNs(endNs)) - a);
            Set<String> names = labels.get(i);
            String outcome = pair.completion() == null ? "pending" : pair.outcome().jepsenName();
            html.append("<rect id=\"op-").append(pair.invoke().index()).append("\" class=\"op ").append(outcome)
                    .append(names == null ? "" : " witness").append("\" x=\"").append(px(a)).append("\" y=\"")
                    .append(y + 3).append("\" width=\"").append(px(w)).append("\" height=\"")
                    .append(LANE_HEIGHT_PX - 6).append("\" data-tip=\"").append(Html.escape(tip(pair, names)))
                    .append("\"/>\n");
            if (names != null) {
                String label = String.join(", ", names);
                int lane = laneOf.get(History.processKey(pair.invoke().process()));
                if (a >= labelEnd[lane]) { // no label over another: the outline and the tooltip still say it
                    labelEnd[lane] = a + label.length() * LABEL_CHAR_PX + 4;
                    html.append("<text class=\"witness-label\" x=\"").append(px(a)).append("\" y=\"")
                            .append(y + 2).append("\">").append(Html.escape(label)).append("</text>\n");
                }
            }
        }
        html.append("</svg></div>\n");
        TimelinePage.anomalies(html, results, pairOfIndex, all, from, to);
        TimelinePage.footer(html);
        return html.toString();
    }

    /** What hovering over a bar shows. */
    private static String tip(OpPair pair, Set<String> anomalies) {
        Op inv = pair.invoke();
        StringBuilder t = new StringBuilder();
        t.append("process ").append(EdnWriter.toEdn(inv.process())).append(": ").append(inv.f()).append('\n');
        t.append("invoke  #").append(inv.index()).append(" at ").append(ms(inv.timeNs())).append(": ")
                .append(clip(EdnWriter.toEdn(inv.value())));
        Op done = pair.completion();
        if (done == null) {
            t.append("\nnever completed");
        } else {
            t.append('\n').append(done.type().jepsenName()).append(" #").append(done.index()).append(" at ")
                    .append(ms(done.timeNs())).append(" (").append(ms(done.timeNs() - inv.timeNs()))
                    .append("): ").append(clip(EdnWriter.toEdn(done.value())));
            if (done.error() != null) {
                t.append("\nerror: ").append(clip(EdnWriter.toEdn(done.error())));
            }
        }
        if (anomalies != null) {
            t.append("\nwitness of: ").append(String.join(", ", anomalies));
        }
        return t.toString();
    }

    private static String clip(String s) {
        return s.length() <= MAX_TIP_CHARS ? s : s.substring(0, MAX_TIP_CHARS) + " ...";
    }

    /** Nanoseconds as milliseconds, for people. */
    static String ms(long ns) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    static String px(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** Time to x coordinate. */
    record Scale(long t0Ns, long t1Ns, int leftPx, int widthPx) {
        double at(long ns) {
            return leftPx + (double) (ns - t0Ns) * widthPx / Math.max(1, t1Ns - t0Ns);
        }
    }
}
