package io.gregor.cli;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The histories module's reports, as the CLI writes them. */
final class Reports {

    private Reports() {
    }

    static void timeline(History history, CheckResult check, Path file) throws IOException {
        io.gregor.histories.report.TimelineReport.write(history, List.of(check), file);
    }

    static Map<String, Object> checkResultAsMap(CheckResult c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checker", c.checker());
        m.put("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
        m.put("anomalies", RunFiles.anomalies(c.anomalies()));
        m.put("details", c.details());
        return m;
    }
}
