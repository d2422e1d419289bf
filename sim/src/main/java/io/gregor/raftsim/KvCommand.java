package io.gregor.raftsim;

import java.nio.charset.StandardCharsets;

/**
 * A key-value command as a log record: {@code client/requestId/f/key/value} separated by NUL characters. The
 * client and request id make each record unique, so a server can tell whether the entry committed at an offset
 * is the one it appended there.
 */
record KvCommand(int clientId, long requestId, String f, String key, String value) {

    private static final String SEP = "\u0000";

    byte[] encode() {
        String text = clientId + SEP + requestId + SEP + f + SEP + key + SEP + (value == null ? "" : value);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static KvCommand decode(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(SEP, -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a kv command: " + parts.length + " fields");
        }
        return new KvCommand(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3], parts[4]);
    }
}
