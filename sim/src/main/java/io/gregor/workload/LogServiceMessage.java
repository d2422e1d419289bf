package io.gregor.workload;

import java.util.List;

/** The tiny protocol between the job's client and its log servers. */
public sealed interface LogServiceMessage {

    /** Append one value; answered once the value is durable (or refused). */
    record AppendRequest(long requestId, long value) implements LogServiceMessage {
    }

    /** The append's outcome: its offset, or an error (the value was not appended). */
    record AppendResponse(long requestId, long offset, String error) implements LogServiceMessage {
        public boolean ok() {
            return error == null;
        }
    }

    /** Read durable entries from {@code fromOffset}, at most {@code maxEntries}. */
    record ReadRequest(long requestId, long fromOffset, int maxEntries) implements LogServiceMessage {
    }

    /** The entries read (possibly none), or an error. */
    record ReadResponse(long requestId, List<Entry> entries, String error) implements LogServiceMessage {
        public ReadResponse {
            entries = List.copyOf(entries);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** One value at one offset. */
    record Entry(long offset, long value) {
    }
}
