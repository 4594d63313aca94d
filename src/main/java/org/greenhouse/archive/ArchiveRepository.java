package org.greenhouse.archive;

import static org.greenhouse.db.Sql.instant;
import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLiveness;
import org.postgresql.PGStatement;

/** The archive's side of the database: batches in archive_run, reading the batch's rows, deleting them. */
@ApplicationScoped
public class ArchiveRepository {

    /** The oldest time a batch can start from; no reading is older (the parser refuses them). */
    public static final Instant BEGINNING = Instant.parse("1900-01-01T00:00:00Z");
    private static final int FETCH_SIZE = 5_000;

    @Inject
    Database database;

    @Inject
    RunLiveness liveness;

    /** Receives the batch's rows one at a time, in (recording_taken, reading_id) order. */
    @FunctionalInterface
    public interface RowSink {
        void accept(ArchivedReading reading) throws Exception;
    }

    /**
     * Starts an execution: it completes the oldest batch that an earlier execution left unfinished, else it
     * fixes a new batch over {@code [from, to)} up to the highest reading id stored now. An execution cut off
     * before (a stale heartbeat) is closed as FAILED first; the heartbeat of this one is kept until it ends.
     * A new batch's bounds are moved up to whole seconds, which select the same readings (theirs are whole
     * seconds) and are stored exactly, so the attempt that fixes a batch and one that completes it agree.
     */
    public ArchiveBatch begin(PipelineRun run, Instant from, Instant to) throws SQLException {
        Instant now = run.startedAt();
        ArchiveBatch begun = database.inTransaction(connection -> {
            liveness.closeDead(connection, "archive_run", "", List.of());
            ArchiveBatch unfinished = unfinished(connection).orElse(null);
            if (unfinished == null) {
                Instant batchFrom = wholeSecondUp(from);
                Instant batchTo = wholeSecondUp(to);
                long maxReadingId = maxReadingId(connection);
                long runId = insertRun(connection, null, batchFrom, batchTo, maxReadingId, 1, now);
                return new ArchiveBatch(runId, runId, batchFrom, batchTo, maxReadingId, 1);
            }
            int attempt = attempts(connection, unfinished.batchRunId()) + 1;
            long runId = insertRun(connection, unfinished.batchRunId(), unfinished.from(), unfinished.to(),
                    unfinished.maxReadingId(), attempt, now);
            return new ArchiveBatch(runId, unfinished.batchRunId(), unfinished.from(), unfinished.to(),
                    unfinished.maxReadingId(), attempt);
        });
        liveness.keepAlive(run, "archive_run", begun.runId());
        return begun;
    }

    /** The earliest whole second at or after the instant. */
    static Instant wholeSecondUp(Instant instant) {
        Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(instant) ? second : second.plusSeconds(1);
    }

    private static Optional<ArchiveBatch> unfinished(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT r.batch_run_id, r.range_from, r.range_to, "
                + "r.max_reading_id FROM archive_run r WHERE r.status = 'FAILED' AND NOT EXISTS (SELECT 1 FROM "
                + "archive_run s WHERE s.batch_run_id = r.batch_run_id AND s.status = 'SUCCEEDED') "
                + "ORDER BY r.batch_run_id OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY");
                ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new ArchiveBatch(0, row.getLong(1), instant(row, 2),
                    instant(row, 3), row.getLong(4), 0));
        }
    }

    /** The attempts made at the batch so far, the failed and the cut-off ones. */
    private static int attempts(Connection connection, long batchRunId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM archive_run WHERE batch_run_id = ?")) {
            query.setLong(1, batchRunId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static long maxReadingId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT MAX(reading_id) FROM plant_reading")) {
            row.next();
            return row.getLong(1);
        }
    }

    private long insertRun(Connection connection, Long batchRunId, Instant from, Instant to, long maxReadingId,
            int attempt, Instant now) throws SQLException {
        long runId;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO archive_run (status, range_from, "
                + "range_to, max_reading_id, attempt, started_at, owner, heartbeat_at) "
                + "VALUES ('RUNNING', ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setObject(1, utc(from));
            insert.setObject(2, utc(to));
            insert.setLong(3, maxReadingId);
            insert.setInt(4, attempt);
            insert.setObject(5, utc(now));
            insert.setString(6, liveness.owner());
            insert.setObject(7, utc(liveness.now()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                runId = keys.getLong(1);
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE archive_run SET batch_run_id = ? WHERE run_id = ?")) {
            update.setLong(1, batchRunId == null ? runId : batchRunId);
            update.setLong(2, runId);
            update.executeUpdate();
        }
        return runId;
    }

    /**
     * Streams the batch's readings, flat with their plant, botanist and origin; never all in memory. The
     * readings are read alone and the plants' attributes (a small table, one row per plant) once per batch
     * before them, so each reading costs no join and the repeated texts are the same instances from row to
     * row; a plant stored after that (its reading committed late within the batch) is read when met.
     */
    public long read(ArchiveBatch batch, RowSink sink) throws Exception {
        return read(batch, batch.from(), batch.to(), sink);
    }

    /** The first and last time of the batch's readings; empty when it has none. */
    public Optional<Instant[]> span(ArchiveBatch batch) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT MIN(recording_taken), MAX(recording_taken) FROM plant_reading "
                        + "WHERE recording_taken >= ? AND recording_taken < ? AND reading_id <= ?")) {
            bindBounds(query, batch);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Instant first = instant(row, 1);
                return first == null ? Optional.empty() : Optional.of(new Instant[] { first, instant(row, 2) });
            }
        }
    }

    /** Like {@link #read(ArchiveBatch, RowSink)}, the batch's readings within [from, to) only. */
    public long read(ArchiveBatch batch, Instant from, Instant to, RowSink sink) throws Exception {
        Instant sliceFrom = from.isAfter(batch.from()) ? from : batch.from();
        Instant sliceTo = to.isBefore(batch.to()) ? to : batch.to();
        // PostgreSQL streams only inside a transaction
        return database.inTransaction(connection -> {
            Map<Integer, ArchivedReading> plants = plants(connection, null);
            try (PreparedStatement query = connection.prepareStatement("SELECT reading_id, plant_id, recording_taken, "
                    // the exact decimal as the double it becomes anyway (both conversions round correctly):
                    // read as a decimal it cost a BigInteger and a BigDecimal per row
                    + "CAST(soil_moisture AS DOUBLE PRECISION), temperature, last_watered FROM plant_reading "
                    + "WHERE recording_taken >= ? AND recording_taken < ? AND reading_id <= ? "
                    + "ORDER BY recording_taken, reading_id")) {
                query.setObject(1, utc(sliceFrom));
                query.setObject(2, utc(sliceTo));
                query.setLong(3, batch.maxReadingId());
                query.setFetchSize(FETCH_SIZE);
                if (query.isWrapperFor(PGStatement.class)) {
                    // results in PostgreSQL's binary format: timestamps and doubles arrive as numbers, not as
                    // text to parse (a quarter of the write step's CPU); a single execution gets text otherwise
                    query.unwrap(PGStatement.class).setPrepareThreshold(-1);
                }
                long rows = 0;
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        int plantId = row.getInt(2);
                        ArchivedReading plant = plants.get(plantId);
                        if (plant == null) {
                            plant = plants(connection, plantId).get(plantId);
                            if (plant == null) {
                                throw new IllegalStateException("reading " + row.getLong(1) + ": plant " + plantId
                                        + " is not in the database");
                            }
                            plants.put(plantId, plant);
                        }
                        sink.accept(new ArchivedReading(row.getLong(1), plantId, plant.plantName(),
                                plant.scientificName(), plant.botanistName(), plant.botanistEmail(),
                                plant.botanistPhone(), plant.city(), plant.country(), plant.countryCode(),
                                plant.latitude(), plant.longitude(), instant(row, 3), row.getDouble(4),
                                row.getDouble(5), instant(row, 6)));
                        rows++;
                    }
                }
                return rows;
            }
        });
    }

    /** Every plant's attributes (or one plant's), as a reading without its own values. */
    private static Map<Integer, ArchivedReading> plants(Connection connection, Integer plantId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT p.plant_id, p.name, p.scientific_name, "
                + "b.name, b.email, b.phone, ci.city_name, co.country_name, co.country_code, o.latitude, o.longitude "
                + "FROM plant p JOIN botanist b ON b.botanist_id = p.botanist_id "
                + "JOIN origin o ON o.origin_id = p.origin_id JOIN city ci ON ci.city_id = o.city_id "
                + "JOIN country co ON co.country_id = ci.country_id"
                + (plantId == null ? "" : " WHERE p.plant_id = ?"))) {
            if (plantId != null) {
                query.setInt(1, plantId);
            }
            Map<Integer, ArchivedReading> plants = new HashMap<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    plants.put(row.getInt(1), new ArchivedReading(0, row.getInt(1), row.getString(2),
                            row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                            row.getString(7), row.getString(8), row.getString(9), row.getDouble(10),
                            row.getDouble(11), null, 0, 0, null));
                }
            }
            return plants;
        }
    }

    /**
     * Records the keys this attempt at the batch is to store, before any is uploaded, and returns the keys that
     * earlier attempts recorded and this one does not write: objects that may be in the store and belong to
     * the batch no more.
     */
    public Set<String> recordObjects(ArchiveBatch batch, Collection<String> keys) throws SQLException {
        return database.inTransaction(connection -> {
            Set<String> recorded = new TreeSet<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT object_key FROM archive_object WHERE batch_run_id = ?")) {
                query.setLong(1, batch.batchRunId());
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        recorded.add(row.getString(1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO archive_object (batch_run_id, object_key) VALUES (?, ?)")) {
                for (String key : keys) {
                    if (!recorded.contains(key)) {
                        insert.setLong(1, batch.batchRunId());
                        insert.setString(2, key);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            recorded.removeAll(keys);
            return recorded;
        });
    }

    /** Forgets keys of the batch whose objects were removed from the store. */
    public void forgetObjects(ArchiveBatch batch, Collection<String> keys) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM archive_object WHERE batch_run_id = ? AND object_key = ?")) {
                for (String key : keys) {
                    delete.setLong(1, batch.batchRunId());
                    delete.setString(2, key);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    /**
     * Deletes exactly the batch's readings and closes the run as SUCCEEDED, in one transaction; refuses
     * (and deletes nothing) if the database holds another number of them than was archived.
     */
    public void deleteArchived(ArchiveBatch batch, ArchiveRunFigures figures, Instant now) throws SQLException {
        database.inTransaction(connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM plant_reading "
                    + "WHERE recording_taken >= ? AND recording_taken < ? AND reading_id <= ?")) {
                bindBounds(delete, batch);
                deleted = delete.executeUpdate();
            }
            if (deleted != figures.rows()) {
                throw new IllegalStateException("batch " + batch.batchRunId() + ": " + deleted
                        + " readings to delete but " + figures.rows() + " archived; nothing deleted");
            }
            close(connection, batch.runId(), "SUCCEEDED", figures, null, now);
            return null;
        });
    }

    /** Closes a run that failed; its batch is completed by the next execution. */
    public void fail(ArchiveBatch batch, ArchiveRunFigures figures, String error, Instant now) throws SQLException {
        try (Connection connection = database.connection()) {
            close(connection, batch.runId(), "FAILED", figures, error, now);
        }
    }

    private static void close(Connection connection, long runId, String status, ArchiveRunFigures figures,
            String error, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE archive_run SET status = ?, finished_at = ?, "
                + "rows_archived = ?, objects = ?, bytes = ?, duration_ms = ?, error = ? WHERE run_id = ?")) {
            update.setString(1, status);
            update.setObject(2, utc(now));
            update.setLong(3, figures.rows());
            update.setInt(4, figures.objects());
            update.setLong(5, figures.bytes());
            update.setLong(6, figures.duration().toMillis());
            update.setString(7, truncate(error, 1000));
            update.setLong(8, runId);
            update.executeUpdate();
        }
    }

    private static void bindBounds(PreparedStatement statement, ArchiveBatch batch) throws SQLException {
        statement.setObject(1, utc(batch.from()));
        statement.setObject(2, utc(batch.to()));
        statement.setLong(3, batch.maxReadingId());
    }

    /** What a run achieved, for archive_run, metrics and the log. */
    public record ArchiveRunFigures(long rows, int objects, long bytes, Duration duration) {
    }
}
