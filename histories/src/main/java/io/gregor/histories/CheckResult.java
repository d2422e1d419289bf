package io.gregor.histories;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a checker concluded about a history.
 *
 * @param checker which checker ({@code kafka}, {@code linearizable/cas-register}, ...)
 * @param verdict valid, invalid or unknown
 * @param anomalies every anomaly found, each with witnesses (empty when valid)
 * @param details further figures, insertion-ordered, JSON-friendly (counts, explored states, the unseen series)
 */
public record CheckResult(String checker, Verdict verdict, List<Anomaly> anomalies, Map<String, Object> details) {

    public CheckResult {
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(verdict, "verdict");
        anomalies = List.copyOf(anomalies);
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
