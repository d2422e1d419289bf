package io.gregor.histories.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gregor.histories.History;
import io.gregor.histories.HistoryFormatException;
import io.gregor.histories.Op;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Histories as JSON lines: one JSON object per line with Jepsen's field names {@code index}, {@code time}, {@code
 * process}, {@code type}, {@code f}, {@code value}, {@code error} (and any extra fields). A file holding one JSON
 * array of such objects is read too.
 *
 * <p>JSON has fewer types than EDN: keywords are written as strings (so {@code :send} comes back as {@code
 * "send"}), sets as arrays. Object keys are always strings in JSON, but Jepsen keys maps by integers ({@code {3
 * [[12 7]]}}), so an object key that is an integer in canonical form reads back as a Long. A named (non-integer)
 * process reads as a {@link io.gregor.histories.Keyword}, as in EDN.
 */
public final class JsonLinesHistory {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonLinesHistory() {
    }

    /** Reads and validates a history; errors are one-line {@link HistoryFormatException}s naming the line. */
    public static History read(Reader in) {
        List<Op> ops = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        try (JsonParser parser = FACTORY.createParser(in)) {
            JsonToken token = parser.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            if (array) {
                token = parser.nextToken();
            }
            while (token != null && !(array && token == JsonToken.END_ARRAY)) {
                line = parser.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw HistoryFormatException.atLine(line, "expected an op object {\"type\": ...}, found "
                            + parser.getText());
                }
                Object value = JsonValues.readValue(parser);
                ops.add(OpFields.toOp((Map<?, ?>) value, ops.size(), line));
                lines.add(line);
                token = parser.nextToken();
            }
            if (array && parser.nextToken() != null) {
                throw HistoryFormatException.atLine(parser.currentTokenLocation().getLineNr(),
                        "more after the history array");
            }
        } catch (JsonParseException e) {
            throw HistoryFormatException.atLine(e.getLocation() == null ? line : e.getLocation().getLineNr(),
                    "JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
        } catch (IOException e) {
            throw HistoryFormatException.atLine(line, describe(e), e);
        }
        int[] lineArray = new int[lines.size()];
        for (int i = 0; i < lineArray.length; i++) {
            lineArray[i] = lines.get(i);
        }
        return History.of(ops, lineArray);
    }

    /** A read failure in words: bad bytes are the usual one. */
    static String describe(IOException e) {
        return e instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text"
                : "cannot read: " + e.getMessage();
    }

    /** Writes {@code history}, one object per line. The writer is flushed, not closed. */
    public static void write(History history, Writer out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setRootValueSeparator(null); // we separate ops by newlines ourselves
            for (Op op : history) {
                writeOp(op, gen);
                gen.flush();
                out.write('\n');
            }
        }
        out.flush();
    }

    /** One op as a JSON object. */
    public static void writeOp(Op op, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField(OpFields.INDEX, op.index());
        gen.writeNumberField(OpFields.TIME, op.timeNs());
        gen.writeFieldName(OpFields.PROCESS);
        JsonValues.write(op.process(), gen);
        gen.writeStringField(OpFields.TYPE, op.type().jepsenName());
        gen.writeStringField(OpFields.F, op.f());
        gen.writeFieldName(OpFields.VALUE);
        JsonValues.write(op.value(), gen);
        if (op.error() != null) {
            gen.writeFieldName(OpFields.ERROR);
            JsonValues.write(op.error(), gen);
        }
        for (Map.Entry<String, Object> e : op.extra().entrySet()) {
            gen.writeFieldName(e.getKey());
            JsonValues.write(e.getValue(), gen);
        }
        gen.writeEndObject();
    }
}
