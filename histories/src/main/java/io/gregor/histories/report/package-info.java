/**
 * Reports for people and programs: {@link io.gregor.histories.report.ResultsJson} writes {@code results.json}
 * (verdicts, anomalies with their witness ops, details); {@link io.gregor.histories.report.TimelineReport} writes a
 * self-contained {@code timeline.html} with one lane per process, the anomalies' witnesses highlighted and the
 * nemesis's faults shaded.
 */
package io.gregor.histories.report;
