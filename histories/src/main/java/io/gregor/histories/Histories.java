package io.gregor.histories;

import io.gregor.histories.format.EdnHistory;
import io.gregor.histories.format.JsonLinesHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reading and writing history files, whatever their format.
 *
 * <p>The format is recognised from the content, not the name: after blanks, a {@code {} whose first key is a
 * {@code "} string (or a {@code [} of such objects) is JSON lines; a {@code {}, {@code [}, {@code #} or {@code ;}
 * followed by keywords is Jepsen's EDN. An empty file is an empty history.
 */
public final class Histories {

    /** The two formats we read and write. */
    public enum Format {
        /** One JSON object per line ({@code .jsonl}, {@code .json}). */
        JSON_LINES,
        /** Jepsen's EDN, one op map per line ({@code .edn}). */
        EDN;

        /** EDN for a {@code .edn} name, JSON lines otherwise. */
        public static Format forFileName(String name) {
            return name.toLowerCase(Locale.ROOT).endsWith(".edn") ? EDN : JSON_LINES;
        }
    }

    /** How far ahead we look to recognise the format. */
    private static final int SNIFF_CHARS = 1 << 16;

    private Histories() {
    }

    /** Reads a history file in either format. Bad content throws a one-line {@link HistoryFormatException}. */
    public static History read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (java.nio.charset.MalformedInputException e) {
            throw HistoryFormatException.atLine(1, "not UTF-8 text: " + file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such history file");
        }
    }

    /** Reads a history in either format from {@code in}. */
    public static History read(Reader in) throws IOException {
        BufferedReader buffered = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        buffered.mark(SNIFF_CHARS);
        Format format = sniff(buffered);
        buffered.reset();
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') { // a byte-order mark is not part of the history
            buffered.reset();
        }
        return format == Format.EDN ? EdnHistory.read(buffered) : JsonLinesHistory.read(buffered);
    }

    /** Recognises the format from the first significant characters; consumes some of {@code in}. */
    static Format sniff(Reader in) throws IOException {
        int seen = 0;
        int first = -1;
        int c;
        while ((c = in.read()) >= 0 && ++seen < SNIFF_CHARS) {
            if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                continue;
            }
            if (first < 0) {
                if (c == '#' || c == ';' || c == ':') {
                    return Format.EDN;
                }
                if (c != '{' && c != '[') {
                    throw HistoryFormatException.atLine(1, "not a history: expected JSON lines or EDN op maps,"
                            + " found '" + (char) c + "'");
                }
                first = c;
                continue;
            }
            if (c == '"') {
                return Format.JSON_LINES;
            }
            if (c == '{' && first == '[') {
                continue; // [ { "index" ... or [ {:index ...: look at the first key
            }
            return Format.EDN;
        }
        return Format.JSON_LINES; // empty, or only an opening bracket: either reader reports it
    }

    /** Writes {@code history} to {@code file} in {@code format}, replacing the file. */
    public static void write(History history, Path file, Format format) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, out, format);
        }
    }

    /** Writes {@code history} in the format the file's name asks for ({@code .edn}, else JSON lines). */
    public static void write(History history, Path file) throws IOException {
        write(history, file, Format.forFileName(file.getFileName().toString()));
    }

    /** Writes {@code history} to {@code out} in {@code format}. */
    public static void write(History history, Writer out, Format format) throws IOException {
        if (format == Format.EDN) {
            EdnHistory.write(history, out);
        } else {
            JsonLinesHistory.write(history, out);
        }
    }
}
