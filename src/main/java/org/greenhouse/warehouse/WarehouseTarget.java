package org.greenhouse.warehouse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.BitSet;
import java.util.stream.Collectors;

import org.greenhouse.db.Vendor;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The SQL of the warehouse: a dimension row upserted on its id, a fact row appended unless its version is there.
 * PostgreSQL: the rows are streamed with COPY into a temporary table of the transaction, then one
 * INSERT ... SELECT ... ON CONFLICT per table (batched upserts kept the load waiting on one statement per row);
 * H2 (no COPY): batches of MERGE ... KEY (a fact version merged onto itself changes nothing).
 */
final class WarehouseTarget {

    private WarehouseTarget() {
    }

    /** Takes one table's rows for the manifest's transaction; {@link #finish()} says how many it wrote. */
    interface Loader extends AutoCloseable {
        void add(Row row) throws SQLException, IOException;

        /** Writes what is left; returns the rows written: for a fact, those whose version was not there. */
        long finish() throws SQLException, IOException;

        @Override
        void close() throws SQLException;
    }

    static Loader loader(Connection connection, Vendor vendor, Table table, int batchSize) throws SQLException {
        return vendor == Vendor.POSTGRESQL ? new CopyLoader(connection, table) : new BatchLoader(connection, table, batchSize);
    }

    /** H2's upsert of one row: MERGE on the table's key. */
    static String merge(Table table) {
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        return "MERGE INTO " + table.name() + " (" + String.join(", ", table.columnNames()) + ") KEY ("
                + String.join(", ", table.key()) + ") VALUES (" + marks + ")";
    }

    private static String onConflict(Table table) {
        String insert = " ON CONFLICT (" + String.join(", ", table.key()) + ")";
        if (StarSchema.isFact(table)) {
            return insert + " DO NOTHING";
        }
        return insert + " DO UPDATE SET " + table.columnNames().stream().filter(c -> !table.key().contains(c))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    /** Batches of the upsert statement (H2). */
    private static final class BatchLoader implements Loader {
        private final Connection connection;
        private final Table table;
        private final int batchSize;
        private final PreparedStatement statement;
        private final long before;
        private long written;
        private int batched;

        BatchLoader(Connection connection, Table table, int batchSize) throws SQLException {
            this.connection = connection;
            this.table = table;
            this.batchSize = batchSize;
            // MERGE counts a fact version it finds as merged: appended facts are counted by the table
            this.before = StarSchema.isFact(table) ? count(connection, table) : 0;
            this.statement = connection.prepareStatement(merge(table));
        }

        @Override
        public void add(Row row) throws SQLException {
            bind(statement, row);
            statement.addBatch();
            written++;
            if (++batched == batchSize) {
                statement.executeBatch();
                batched = 0;
            }
        }

        @Override
        public long finish() throws SQLException {
            if (batched > 0) {
                statement.executeBatch();
                batched = 0;
            }
            return StarSchema.isFact(table) ? count(connection, table) - before : written;
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }

    /**
     * PostgreSQL: COPY (text format) into a temporary table dropped at the commit, then one INSERT ... SELECT
     * ... ON CONFLICT. Process writes each dimension id once per manifest (DO UPDATE may not touch a row twice
     * in one statement: such a file would fail the load, not pick a row); a fact version read twice is one row.
     */
    private static final class CopyLoader implements Loader {
        private final Connection connection;
        private final Table table;
        private final String stage;
        private final PGCopyOutputStream copy;
        private final Writer out;
        private final StringBuilder line = new StringBuilder(256);
        private long rows;

        CopyLoader(Connection connection, Table table) throws SQLException {
            this.connection = connection;
            this.table = table;
            this.stage = "stage_" + table.name();
            String columns = String.join(", ", table.columnNames());
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE " + stage + " ON COMMIT DROP AS SELECT " + columns + " FROM "
                        + table.name() + " WITH NO DATA");
            }
            this.copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                    "COPY " + stage + " (" + columns + ") FROM STDIN", 1 << 16);
            this.out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void add(Row row) throws IOException {
            line.setLength(0);
            int columns = table.columns().size();
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                text(line, row.get(i));
            }
            out.append(line.append('\n'));
            rows++;
        }

        @Override
        public long finish() throws SQLException, IOException {
            out.close();
            String columns = String.join(", ", table.columnNames());
            try (Statement s = connection.createStatement()) {
                int inserted = s.executeUpdate("INSERT INTO " + table.name() + " (" + columns + ") SELECT " + columns
                        + " FROM " + stage + onConflict(table));
                s.execute("DROP TABLE " + stage);
                return StarSchema.isFact(table) ? inserted : rows;
            }
        }

        @Override
        public void close() throws SQLException {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }

        /** A value in COPY's text format: \N for NULL, text with backslash, tab and line breaks escaped. */
        static void text(StringBuilder line, Object value) {
            if (value == null) {
                line.append("\\N");
            } else if (value instanceof String text) {
                for (int i = 0; i < text.length(); i++) {
                    char ch = text.charAt(i);
                    switch (ch) {
                        case '\\' -> line.append("\\\\");
                        case '\t' -> line.append("\\t");
                        case '\n' -> line.append("\\n");
                        case '\r' -> line.append("\\r");
                        default -> line.append(ch);
                    }
                }
            } else if (value instanceof BigDecimal decimal) {
                line.append(decimal.toPlainString());
            } else if (value instanceof Boolean bool) {
                line.append(bool ? 't' : 'f');
            } else {
                // integers, and ISO dates and times (LocalDate, LocalTime with its milliseconds, LocalDateTime)
                line.append(value);
            }
        }
    }

    static void bind(PreparedStatement statement, Row row) throws SQLException {
        var columns = row.table().columns();
        for (int i = 0; i < columns.size(); i++) {
            Object value = row.get(i);
            if (value == null) {
                statement.setNull(i + 1, switch (columns.get(i).type()) {
                    case INT -> Types.INTEGER;
                    case TEXT -> Types.VARCHAR;
                    case DECIMAL -> Types.NUMERIC;
                    case BOOLEAN -> Types.BOOLEAN;
                    case DATE -> Types.DATE;
                    case TIME -> Types.TIME;
                    case TIMESTAMP -> Types.TIMESTAMP;
                });
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /**
     * The ids a dimension holds now (ids are small non-negative integers from sequences), read {@code fetchSize}
     * at a time: without a fetch size PostgreSQL's driver holds every row of the answer at once (1.4 M rows of
     * dim_transaction ran a 128 MB heap out at 1 M orders).
     */
    static BitSet ids(Connection connection, Table dimension, int fetchSize) throws SQLException {
        BitSet ids = new BitSet();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + dimension.key().get(0) + " FROM " + dimension.name())) {
            query.setFetchSize(fetchSize);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int id = rows.getInt(1);
                    if (id >= 0) {
                        ids.set(id);
                    }
                }
            }
        }
        return ids;
    }

    static long count(Connection connection, Table table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + table.name());
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
