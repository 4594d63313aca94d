package org.greenhouse.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.duckdb.DuckDBDriver;

/**
 * The embedded engine: DuckDB in memory, one database per query, with a view per lake table over the archive's
 * Parquet files under the same name, columns and partition columns as Athena's tables, so a query that works here
 * works on Athena. Partition values come from the object path as strings, as Athena's projected partitions do.
 * Before the query runs the database is locked down: it may read the archive's directory and nothing else (no
 * other file, no extension), and its settings cannot be changed. Timestamps are UTC.
 */
public final class DuckDbEngine implements QueryEngine {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Map<String, String> DUCKDB_TYPES = Map.of("int", "INTEGER", "bigint", "BIGINT", "string",
            "VARCHAR", "double", "DOUBLE", "float", "FLOAT", "boolean", "BOOLEAN", "date", "DATE", "timestamp",
            "TIMESTAMP");

    private static final DuckDBDriver DRIVER = new DuckDBDriver();

    private final LakeFiles files;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "duckdb-query-time-limit");
        thread.setDaemon(true);
        return thread;
    });

    public DuckDbEngine(LakeFiles files) {
        this.files = files;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public void run(SqlQuery query, Instant deadline, RowSink sink, QueryProgress progress) throws IOException {
        progress.report("PREPARING", 0);
        // the driver itself, not DriverManager, which only finds drivers of the class loader that registered them
        try (Connection connection = DRIVER.connect("jdbc:duckdb:", new Properties())) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET TimeZone = 'UTC'");
                setup.execute("SET autoinstall_known_extensions = false");
                setup.execute("SET autoload_known_extensions = false");
                for (LakeTable table : LakeTables.ALL) {
                    Path dataset = query.tables().contains(table) ? files.dataset(table)
                            : files.root().resolve(table.dataset());
                    setup.execute(view(table, dataset));
                }
                setup.execute("SET allowed_directories = [" + literal(files.root() + "/") + "]");
                setup.execute("SET enable_external_access = false");
                setup.execute("SET lock_configuration = true");
            }
            execute(connection, query, deadline, sink, progress);
        } catch (SQLException e) {
            throw new IOException("DuckDB could not be set up: " + e.getMessage(), e);
        }
    }

    private void execute(Connection connection, SqlQuery query, Instant deadline, RowSink sink,
            QueryProgress progress) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                statement.setObject(i + 1, query.parameters().get(i));
            }
            long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            ScheduledFuture<?> limit = timer.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // the statement ended meanwhile
                }
            }, wait, TimeUnit.MILLISECONDS);
            try {
                progress.report("RUNNING", 0);
                try (ResultSet rows = statement.executeQuery()) {
                    ResultSetMetaData meta = rows.getMetaData();
                    List<ResultColumn> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(new ResultColumn(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
                    }
                    sink.columns(columns);
                    while (rows.next()) {
                        List<String> values = new ArrayList<>(columns.size());
                        for (int i = 1; i <= columns.size(); i++) {
                            values.add(text(rows, i, meta.getColumnType(i)));
                        }
                        if (!sink.row(values)) {
                            break;
                        }
                    }
                }
            } finally {
                limit.cancel(false);
            }
        } catch (SQLException e) {
            if (timedOut.get() || e instanceof SQLTimeoutException) {
                throw new QueryTimeLimitException("DuckDB interrupted it");
            }
            throw new QueryFailedException(firstLine(e.getMessage()), true, e);
        }
        if (timedOut.get()) {
            throw new QueryTimeLimitException("DuckDB interrupted it");
        }
    }

    /**
     * The table as a view over its Parquet files with Athena's column types, partition columns read from the path
     * (so a file column of the same name, daily_summary's {@code day}, is kept); typed and empty while there are no
     * files yet, as Athena answers over an empty location.
     */
    static String view(LakeTable table, Path dataset) throws IOException {
        List<String> select = new ArrayList<>();
        for (LakeTable.Column column : table.columns()) {
            select.add("CAST(" + quote(column.name()) + " AS " + duckType(column) + ") AS " + quote(column.name()));
        }
        boolean empty = !hasParquet(dataset);
        for (LakeTable.Partition partition : table.partitions()) {
            select.add((empty ? "CAST(NULL AS VARCHAR)" : "regexp_extract(filename, " + literal("/"
                    + partition.pathKey() + "=([^/]*)/") + ", 1)") + " AS " + quote(partition.name()));
        }
        String from;
        if (empty) {
            List<String> nulls = table.columns().stream()
                    .map(c -> "CAST(NULL AS " + duckType(c) + ") AS " + quote(c.name())).toList();
            from = "(SELECT " + String.join(", ", nulls) + " WHERE false)";
        } else {
            from = "read_parquet(" + literal(dataset + "/**/*.parquet")
                    + ", hive_partitioning = false, filename = true, union_by_name = true)";
        }
        return "CREATE VIEW " + quote(table.name()) + " AS SELECT " + String.join(", ", select) + " FROM " + from;
    }

    private static boolean hasParquet(Path dataset) throws IOException {
        if (!Files.isDirectory(dataset)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dataset)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet")
                    && Files.isRegularFile(file));
        }
    }

    private static String duckType(LakeTable.Column column) {
        String type = DUCKDB_TYPES.get(column.athenaType());
        if (type == null) {
            throw new IllegalArgumentException("no DuckDB type for " + column);
        }
        return type;
    }

    /** A value as text in Athena's forms: timestamps {@code 2026-01-25 10:05:00.000} (UTC), dates ISO. */
    private static String text(ResultSet rows, int column, int sqlType) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            return null;
        }
        return switch (sqlType) {
            case Types.TIMESTAMP -> TIMESTAMP.format(rows.getObject(column, LocalDateTime.class));
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP.format(
                    ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC)) + " UTC";
            case Types.DATE -> ((LocalDate) value).toString();
            default -> rows.getString(column);
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String firstLine(String message) {
        String text = message == null ? "DuckDB failed the query" : message.strip();
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }
}
