/**
 * History file formats. {@link io.gregor.histories.format.JsonLinesHistory}: one JSON object per line with
 * Jepsen's field names. {@link io.gregor.histories.format.EdnHistory}: Jepsen's own EDN, one op map per line or one
 * vector of (possibly tagged) op maps, written back in the shape Jepsen prints so its tools read ours. {@link
 * io.gregor.histories.format.EdnReader} and {@link io.gregor.histories.format.EdnWriter} handle the EDN subset
 * histories use. Every reader reports bad input as a one-line {@link io.gregor.histories.HistoryFormatException}
 * naming the line.
 */
package io.gregor.histories.format;
