package io.gregor.histories.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gregor.histories.Keyword;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain data to and from JSON with Jackson's streaming API: null, Long (BigInteger when too large), Double,
 * String, Boolean, List, Map (LinkedHashMap, file order). Keywords and symbols are written as their names, sets as
 * arrays, map keys as their text; integer-looking object keys read back as Long (see {@link JsonLinesHistory}).
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Reads the value starting at the parser's current token, leaving the parser on its last token. */
    public static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<Object, Object> out = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    Object key = objectKey(p.currentName());
                    p.nextToken();
                    out.put(key, readValue(p));
                }
                return Collections.unmodifiableMap(out);
            }
            case START_ARRAY: {
                List<Object> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(readValue(p));
                }
                return Collections.unmodifiableList(out);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getBigIntegerValue();
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        }
    }

    /** An object key: a canonical decimal integer that fits a long becomes a Long, anything else stays text. */
    static Object objectKey(String key) {
        int n = key.length();
        if (n == 0 || n > 19) {
            return key;
        }
        int start = key.charAt(0) == '-' ? 1 : 0;
        if (start == n || (key.charAt(start) == '0' && n - start > 1) || (start == 1 && key.equals("-0"))) {
            return key;
        }
        for (int i = start; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return key;
            }
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            return key;
        }
    }

    /** Writes plain data as JSON. */
    public static void write(Object value, JsonGenerator gen) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String) {
            gen.writeString((String) value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeString(Double.toString(d)); // JSON has no NaN or infinity
            } else {
                gen.writeNumber(d);
            }
        } else if (value instanceof BigInteger) {
            gen.writeNumber((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            gen.writeNumber((BigDecimal) value);
        } else if (value instanceof Boolean) {
            gen.writeBoolean((Boolean) value);
        } else if (value instanceof Keyword) {
            gen.writeString(((Keyword) value).name());
        } else if (value instanceof Map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                gen.writeFieldName(keyText(e.getKey()));
                write(e.getValue(), gen);
            }
            gen.writeEndObject();
        } else if (value instanceof Collection) {
            gen.writeStartArray();
            for (Object v : (Collection<?>) value) {
                write(v, gen);
            }
            gen.writeEndArray();
        } else if (value instanceof Object[]) {
            write(java.util.Arrays.asList((Object[]) value), gen);
        } else {
            gen.writeString(value.toString()); // symbols, characters, anything else: their text
        }
    }

    private static String keyText(Object key) {
        if (key instanceof Keyword) {
            return ((Keyword) key).name();
        }
        return key instanceof String ? (String) key : key == null ? "null" : key instanceof Map
                || key instanceof Collection ? EdnWriter.toEdn(key) : key.toString();
    }
}
