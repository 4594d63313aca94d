package org.greenhouse.warehouse;

import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLiveness;

/** The warehouse pipeline's rows in the app's database: warehouse_run, warehouse_watermark, warehouse_reject. */
@ApplicationScoped
public class WarehouseRuns {

    @Inject
    Database database;

    @Inject
    RunLiveness liveness;

    /** Records a run of the step as RUNNING (closing the step's runs that were cut off); returns its id. */
    public long begin(String step, String manifest, PipelineRun run) throws SQLException {
        long runId = database.inTransaction(c -> {
            liveness.closeDead(c, "warehouse_run", "step = ?", List.of(step));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO warehouse_run (step, manifest, status, "
                    + "started_at, owner, heartbeat_at) VALUES (?, ?, 'RUNNING', ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, step);
                insert.setString(2, manifest);
                insert.setObject(3, utc(liveness.now()));
                insert.setString(4, liveness.owner());
                insert.setObject(5, utc(liveness.now()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        liveness.keepAlive(run, "warehouse_run", runId);
        return runId;
    }

    /** The confirmed watermark of each source table that has one. */
    public Map<String, LocalDateTime> watermarks() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement("SELECT table_name, last_updated FROM warehouse_watermark");
                ResultSet rows = query.executeQuery()) {
            Map<String, LocalDateTime> marks = new HashMap<>();
            while (rows.next()) {
                marks.put(rows.getString(1), rows.getObject(2, LocalDateTime.class));
            }
            return marks;
        }
    }

    /**
     * Closes an ingest run whose objects and manifest are confirmed, and moves each table's watermark to the
     * greatest last_updated it ingested, in one transaction: a watermark never moves without its run, nor back.
     */
    public void ingestSucceeded(long runId, Manifests.Ingestion manifest, String key) throws SQLException {
        database.inTransaction(c -> {
            for (Manifests.IngestedTable table : manifest.tables()) {
                if (table.maxLastUpdated() == null) {
                    continue;
                }
                LocalDateTime current = null;
                try (PreparedStatement query = c.prepareStatement(
                        "SELECT last_updated FROM warehouse_watermark WHERE table_name = ?")) {
                    query.setString(1, table.table());
                    try (ResultSet row = query.executeQuery()) {
                        if (row.next()) {
                            current = row.getObject(1, LocalDateTime.class);
                        }
                    }
                }
                if (current != null && !table.maxLastUpdated().isAfter(current)) {
                    continue;
                }
                try (PreparedStatement write = c.prepareStatement(current == null
                        ? "INSERT INTO warehouse_watermark (last_updated, run_id, updated_at, table_name) VALUES (?, ?, ?, ?)"
                        : "UPDATE warehouse_watermark SET last_updated = ?, run_id = ?, updated_at = ? WHERE table_name = ?")) {
                    write.setObject(1, table.maxLastUpdated());
                    write.setLong(2, runId);
                    write.setObject(3, utc(liveness.now()));
                    write.setString(4, table.table());
                    write.executeUpdate();
                }
            }
            close(c, runId, "SUCCEEDED", key, manifest.rows(), counts(manifest), 0, null);
            return null;
        });
    }

    /** Closes a process or load run of one manifest. */
    public void succeeded(long runId, String manifest, long rows, Object counts, int rejects) throws SQLException {
        database.inTransaction(c -> {
            close(c, runId, "SUCCEEDED", manifest, rows, json(counts), rejects, null);
            return null;
        });
    }

    public void failed(long runId, String error) throws SQLException {
        database.inTransaction(c -> {
            close(c, runId, "FAILED", null, null, null, null, error);
            return null;
        });
    }

    /** The step's rejects of one manifest, replacing those of an earlier attempt at the same manifest. */
    public void rejects(long runId, String step, String manifest, List<Reject> rejects) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM warehouse_reject WHERE step = ? AND manifest = ?")) {
                delete.setString(1, step);
                delete.setString(2, manifest);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO warehouse_reject (run_id, step, manifest, "
                    + "table_name, row_id, column_name, rejected, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Reject reject : rejects) {
                    insert.setLong(1, runId);
                    insert.setString(2, step);
                    insert.setString(3, manifest);
                    insert.setString(4, reject.table());
                    insert.setLong(5, reject.rowId());
                    insert.setString(6, reject.column());
                    insert.setString(7, truncate(reject.value(), 1000));
                    insert.setString(8, truncate(reject.reason(), 1000));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    private void close(Connection c, long runId, String status, String manifest, Long rows, String counts,
            Integer rejects, String error) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE warehouse_run SET status = ?, finished_at = ?, "
                + "manifest = COALESCE(?, manifest), source_rows = ?, counts = ?, rejects = ?, error = ? "
                + "WHERE run_id = ?")) {
            update.setString(1, status);
            update.setObject(2, utc(liveness.now()));
            update.setString(3, manifest);
            update.setObject(4, rows);
            update.setString(5, truncate(counts, 4000));
            update.setObject(6, rejects);
            update.setString(7, truncate(error, 1000));
            update.setLong(8, runId);
            update.executeUpdate();
        }
    }

    private static String counts(Manifests.Ingestion manifest) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        manifest.tables().forEach(t -> counts.put(t.table(), t.rows()));
        return json(counts);
    }

    static String json(Object value) {
        try {
            return Manifests.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
