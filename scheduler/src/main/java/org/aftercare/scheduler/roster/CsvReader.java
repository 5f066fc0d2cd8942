package org.aftercare.scheduler.roster;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: comma-separated, fields optionally in double quotes
 * (a quote inside written twice, commas and line breaks allowed inside quotes), CRLF or LF line
 * ends. Each record carries the line it starts on, so a rejected row can be named.
 */
final class CsvReader {

    /** One record and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {
        boolean isBlank() {
            return fields.size() == 1 && fields.getFirst().isBlank();
        }
    }

    /** The file is not CSV (an unclosed quote); names the line. */
    static final class MalformedCsv extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;

        MalformedCsv(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        /** The line the broken record starts on. */
        int line() {
            return line;
        }
    }

    private final Reader in;
    private int line = 1;
    private int peeked = -2;

    CsvReader(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    /** The next record, or null at the end of the input. */
    Row next() throws IOException {
        int c = peek();
        if (c == -1) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            c = read();
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsv(start, "a quoted field is never closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return new Row(start, fields);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                field.append((char) c);
            }
        }
    }
}
