package org.greenhouse.warehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.stream.Collectors;

/**
 * Reads a source table's rows changed since a time, {@code fetchSize} rows per round trip (PostgreSQL streams
 * with a cursor only inside a transaction, which the caller holds), each column by its type: NULL stays
 * NULL, text every character, timestamps without any zone.
 */
final class SourceReader {

    /** What takes each row read; may fail with I/O (writing it somewhere). */
    @FunctionalInterface
    interface Sink {
        void accept(Row row) throws java.io.IOException;
    }

    private SourceReader() {
    }

    /** The rows with last_updated at or after {@code from} (every row when null); returns how many. */
    static long read(Connection connection, Table table, LocalDateTime from, int fetchSize, Sink sink)
            throws SQLException, java.io.IOException {
        String sql = "SELECT " + table.columns().stream().map(Table.Column::name).collect(Collectors.joining(", "))
                + " FROM " + table.name() + (from == null ? "" : " WHERE " + Totesys.LAST_UPDATED + " >= ?");
        long rows = 0;
        try (PreparedStatement query = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            query.setFetchSize(fetchSize);
            if (from != null) {
                query.setObject(1, from);
            }
            try (ResultSet result = query.executeQuery()) {
                int columns = table.columns().size();
                while (result.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = value(result, i + 1, table.columns().get(i).type());
                    }
                    sink.accept(table.row(values));
                    rows++;
                }
            }
        }
        return rows;
    }

    private static Object value(ResultSet result, int column, Table.Type type) throws SQLException {
        Object value = switch (type) {
            case INT -> result.getInt(column);
            case TEXT -> result.getString(column);
            case DECIMAL -> {
                BigDecimal decimal = result.getBigDecimal(column);
                yield decimal == null ? null : Datasets.decimal(decimal);
            }
            case BOOLEAN -> result.getBoolean(column);
            case TIMESTAMP -> result.getObject(column, LocalDateTime.class);
            default -> throw new IllegalArgumentException("no source column is " + type);
        };
        return result.wasNull() ? null : value;
    }
}
