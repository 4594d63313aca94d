package org.greenhouse.query;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * A checked statement for an engine: SQL with {@code ?} for each parameter (named queries only), the parameters as
 * typed values (Long, LocalDate, LocalDateTime in UTC, String), and the lake tables it names.
 */
public record SqlQuery(String sql, List<Object> parameters, Set<LakeTable> tables) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public SqlQuery {
        parameters = List.copyOf(parameters);
        tables = Set.copyOf(tables);
        for (Object parameter : parameters) {
            if (!(parameter instanceof Long || parameter instanceof LocalDate || parameter instanceof LocalDateTime
                    || parameter instanceof String)) {
                throw new IllegalArgumentException("no SQL literal for " + parameter);
            }
        }
    }

    /**
     * The SQL with each {@code ?} replaced by its parameter as a typed literal ({@code DATE '2026-01-25'},
     * {@code TIMESTAMP '2026-01-25 10:00:00.000'}, a string with its quotes doubled), for an engine that takes no
     * parameters. Only named queries have parameters, and their SQL has no {@code ?} inside a literal.
     */
    public String withLiterals() {
        StringBuilder sql = new StringBuilder();
        int next = 0;
        for (int i = 0; i < this.sql.length(); i++) {
            char c = this.sql.charAt(i);
            if (c == '?') {
                if (next == parameters.size()) {
                    throw new IllegalStateException("more ? than parameters in " + this.sql);
                }
                sql.append(literal(parameters.get(next++)));
            } else {
                sql.append(c);
            }
        }
        if (next != parameters.size()) {
            throw new IllegalStateException("fewer ? than parameters in " + this.sql);
        }
        return sql.toString();
    }

    private static String literal(Object value) {
        if (value instanceof Long number) {
            return number.toString();
        }
        if (value instanceof LocalDate date) {
            return "DATE '" + date + "'";
        }
        if (value instanceof LocalDateTime time) {
            return "TIMESTAMP '" + TIMESTAMP.format(time) + "'";
        }
        return "'" + ((String) value).replace("'", "''") + "'";
    }
}
