package org.greenhouse.query;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as Athena writes its result files (RFC 4180, every value quoted, an unquoted empty field for NULL),
 * one record at a time, so a result of any size streams.
 */
public final class CsvReader {

    private final Reader in;
    private int peeked = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end. */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("the CSV ends inside a quoted value");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                fields.add(wasQuoted || !field.isEmpty() ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
                if (c != ',') {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            peeked = after;
                        }
                    }
                    return fields;
                }
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }
}
