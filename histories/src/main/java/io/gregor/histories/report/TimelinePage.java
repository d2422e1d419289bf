package io.gregor.histories.report;

import io.gregor.histories.Anomaly;
import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.HistorySummary;
import io.gregor.histories.Op;
import io.gregor.histories.OpPair;
import io.gregor.histories.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parts of {@code timeline.html} around the lanes: head with style, summary, axis, anomaly list, script. */
final class TimelinePage {

    private TimelinePage() {
    }

    private static final String STYLE = String.join("\n",
            "body{font:13px/1.4 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:16px;color:#222}",
            "h1{font-size:18px;margin:0 0 8px} h2{font-size:15px;margin:18px 0 6px}",
            ".valid{color:#17803d} .invalid{color:#c0262d} .unknown{color:#a66a00}",
            ".legend span{display:inline-block;margin-right:14px}",
            ".sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle;border:1px solid #888}",
            ".scroll{overflow:auto;border:1px solid #ddd;max-height:75vh}",
            "svg text{font-size:10px;font-family:inherit}",
            ".lane-bg{fill:#fff} .lane:nth-child(even) .lane-bg{fill:#f6f7f9}",
            ".lane-label{fill:#555}",
            ".op{stroke:#0003;stroke-width:.5} .op:hover{stroke:#000;stroke-width:1.5}",
            ".ok{fill:#6db6fe} .fail{fill:#feb5da} .info{fill:#ffaa26} .pending{fill:#bbb}",
            ".sw.ok{background:#6db6fe} .sw.fail{background:#feb5da} .sw.info{background:#ffaa26}",
            ".sw.pending{background:#bbb}",
            ".witness{stroke:#d40000;stroke-width:2.5}",
            ".witness-label{fill:#d40000;font-weight:600;font-size:9px}",
            ".fault rect{fill:#ff8c0026} .fault text{fill:#b35c00;font-size:10px}",
            ".axis line{stroke:#ccc} .axis text{fill:#777}",
            ".flash{animation:flash .5s 3} @keyframes flash{50%{fill:#d40000}}",
            "#tip{position:absolute;display:none;white-space:pre-wrap;max-width:640px;background:#fffffa;",
            "  border:1px solid #999;padding:6px 8px;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;",
            "  box-shadow:0 2px 6px #0003;pointer-events:none}",
            "table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}",
            "a.wit{font-family:ui-monospace,Menlo,Consolas,monospace;margin-right:6px}");

    private static final String SCRIPT = String.join("\n",
            "(function(){",
            "var tip=document.getElementById('tip'),svg=document.getElementById('timeline');",
            "svg.addEventListener('mousemove',function(e){var t=e.target;",
            " if(!t.classList||!t.classList.contains('op')){tip.style.display='none';return;}",
            " tip.textContent=t.getAttribute('data-tip');tip.style.display='block';",
            " tip.style.left=(e.pageX+14)+'px';tip.style.top=(e.pageY+14)+'px';});",
            "svg.addEventListener('mouseleave',function(){tip.style.display='none';});",
            "document.querySelectorAll('a.wit').forEach(function(a){a.addEventListener('click',function(ev){",
            " var el=document.getElementById(a.getAttribute('href').slice(1));if(!el)return;ev.preventDefault();",
            " el.scrollIntoView({block:'center',inline:'center'});el.classList.remove('flash');",
            " void el.getBoundingClientRect();el.classList.add('flash');});});",
            "})();");

    static void header(StringBuilder html, History history, List<CheckResult> results, int operations, int from,
            int to) {
        Verdict overall = ResultsJson.combined(results);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Timeline: ").append(verdictName(overall)).append("</title><style>\n")
                .append(STYLE).append("\n</style></head><body>\n");
        html.append("<h1>History timeline — <span class=\"").append(verdictName(overall)).append("\">")
                .append(verdictName(overall)).append("</span></h1>\n<p>");
        for (CheckResult r : results) {
            html.append("<b>").append(Html.escape(r.checker())).append("</b>: <span class=\"")
                    .append(verdictName(r.verdict())).append("\">").append(verdictName(r.verdict()))
                    .append("</span>");
            if (!r.anomalies().isEmpty()) {
                html.append(" (").append(Html.escape(anomalyCounts(r))).append(')');
            }
            html.append(" &nbsp; ");
        }
        HistorySummary s = history.summary();
        html.append("<br>").append(s.events()).append(" events, ").append(s.operations()).append(" operations, ")
                .append(s.clientProcesses()).append(" client processes, ")
                .append(TimelineReport.ms(s.lastTimeNs() - s.firstTimeNs())).append(".");
        if (to - from < operations) {
            html.append(" <b>Drawing client operations ").append(from).append("–").append(to - 1).append(" of ")
                    .append(operations).append(".</b>");
        }
        html.append("</p>\n<p class=\"legend\"><span><i class=\"sw ok\"></i>ok</span>")
                .append("<span><i class=\"sw fail\"></i>fail</span><span><i class=\"sw info\"></i>info</span>")
                .append("<span><i class=\"sw pending\"></i>never completed</span>")
                .append("<span><i class=\"sw\" style=\"background:#ff8c0026\"></i>nemesis fault</span>")
                .append("<span><i class=\"sw\" style=\"border:2px solid #d40000\"></i>anomaly witness</span>")
                .append(" Hover over an operation for its values.</p>\n<div id=\"tip\"></div>\n");
    }

    private static String anomalyCounts(CheckResult r) {
        Object counts = r.details().get("counts");
        if (counts instanceof Map && !((Map<?, ?>) counts).isEmpty()) {
            StringBuilder out = new StringBuilder();
            ((Map<?, ?>) counts).forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k)
                    .append(": ").append(v));
            return out.toString();
        }
        return r.anomalies().size() + " anomalies";
    }

    static void axis(StringBuilder html, TimelineReport.Scale x, int topPx, int heightPx) {
        long spanNs = Math.max(1, x.t1Ns() - x.t0Ns());
        long step = tickStepNs(spanNs);
        html.append("<g class=\"axis\">");
        for (long t = (x.t0Ns() / step) * step; t <= x.t1Ns(); t += step) {
            if (t < x.t0Ns()) {
                continue;
            }
            String at = TimelineReport.px(x.at(t));
            html.append("<line x1=\"").append(at).append("\" y1=\"").append(topPx - 30).append("\" x2=\"")
                    .append(at).append("\" y2=\"").append(heightPx).append("\"/><text x=\"").append(at)
                    .append("\" y=\"").append(topPx - 32).append("\">").append(seconds(t)).append("</text>");
        }
        html.append("</g>\n");
    }

    /** The smallest of 1, 2, 5, 10, 20, 50... nanoseconds giving at most 12 ticks. */
    static long tickStepNs(long spanNs) {
        for (long base = 1; ; base *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (spanNs / (m * base) <= 12) {
                    return m * base;
                }
            }
        }
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, ns < 10_000_000_000L ? "%.3f s" : "%.1f s", ns / 1e9);
    }

    static void anomalies(StringBuilder html, List<CheckResult> results, Map<Long, Integer> pairOfIndex,
            List<OpPair> all, int from, int to) {
        boolean any = results.stream().anyMatch(r -> !r.anomalies().isEmpty());
        if (!any) {
            html.append("<h2>No anomalies</h2>\n");
            return;
        }
        html.append("<h2>Anomalies</h2>\n<table><tr><th>checker</th><th>type</th><th>explanation</th>")
                .append("<th>witnesses</th></tr>\n");
        for (CheckResult r : results) {
            for (Anomaly a : r.anomalies()) {
                html.append("<tr><td>").append(Html.escape(r.checker())).append("</td><td>")
                        .append(Html.escape(a.type())).append("</td><td>").append(Html.escape(a.explanation()))
                        .append("</td><td>");
                for (Op w : a.witnesses()) {
                    Integer i = pairOfIndex.get(w.index());
                    if (i != null && i >= from && i < to) {
                        html.append("<a class=\"wit\" href=\"#op-").append(all.get(i).invoke().index())
                                .append("\">#").append(w.index()).append("</a>");
                    } else {
                        html.append("<span class=\"wit\">#").append(w.index()).append(" (not drawn)</span> ");
                    }
                }
                html.append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    static void footer(StringBuilder html) {
        html.append("<script>\n").append(SCRIPT).append("\n</script>\n</body></html>\n");
    }

    private static String verdictName(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }
}
