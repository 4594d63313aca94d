package org.greenhouse.query;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes an answer as JSON while rows arrive: {@code {"engine", "columns": [{name, type}], "rows": [[...]],
 * "rowCount", "limitHit", "message", "elapsedMillis"}}. Numbers and booleans are JSON numbers and booleans by their
 * column's type; every other value is a string as the engine writes it; NULL is null.
 */
public final class JsonSink implements RowSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator out;
    private List<ResultColumn> columns;

    public JsonSink(OutputStream out, String engine) throws IOException {
        this.out = JSON.createGenerator(out, JsonEncoding.UTF8);
        this.out.writeStartObject();
        this.out.writeStringField("engine", engine);
    }

    @Override
    public void columns(List<ResultColumn> columns) throws IOException {
        this.columns = columns;
        out.writeArrayFieldStart("columns");
        for (ResultColumn column : columns) {
            out.writeStartObject();
            out.writeStringField("name", column.name());
            out.writeStringField("type", column.type());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("rows");
    }

    @Override
    public boolean row(List<String> values) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            ResultColumn column = i < columns.size() ? columns.get(i) : null;
            if (value == null) {
                out.writeNull();
            } else if (column != null && column.numeric() && number(value) != null) {
                out.writeNumber(number(value));
            } else if (column != null && column.bool() && (value.equals("true") || value.equals("false"))) {
                out.writeBoolean(Boolean.parseBoolean(value));
            } else {
                out.writeString(value);
            }
        }
        out.writeEndArray();
        return true;
    }

    /** Ends the answer with its outcome. */
    public void finish(QueryOutcome outcome) throws IOException {
        out.writeEndArray();
        out.writeNumberField("rowCount", outcome.rows());
        if (outcome.limitHit().isPresent()) {
            out.writeStringField("limitHit", outcome.limitHit().get().kind().name().toLowerCase(java.util.Locale.ROOT));
            out.writeStringField("message", outcome.limitHit().get().message());
        } else {
            out.writeNullField("limitHit");
        }
        out.writeNumberField("elapsedMillis", outcome.elapsed().toMillis());
        out.writeEndObject();
        out.flush();
    }

    /** A finite number as JSON can carry it; NaN and Infinity stay strings. */
    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
