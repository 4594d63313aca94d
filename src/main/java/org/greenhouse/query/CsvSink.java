package org.greenhouse.query;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes an answer as CSV (RFC 4180): a header row of column names, then each row; a value is quoted when it holds
 * a comma, a quote or a line break, and NULL is an empty field, as in Athena's result files.
 */
public final class CsvSink implements RowSink {

    private final Writer out;

    public CsvSink(Writer out) {
        this.out = out;
    }

    @Override
    public void columns(List<ResultColumn> columns) throws IOException {
        line(columns.stream().map(ResultColumn::name).toList());
    }

    @Override
    public boolean needsTypes() {
        return false;
    }

    @Override
    public boolean row(List<String> values) throws IOException {
        line(values);
        return true;
    }

    private void line(List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(values.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
