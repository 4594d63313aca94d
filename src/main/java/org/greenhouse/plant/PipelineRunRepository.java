package org.greenhouse.plant;

import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLiveness;

/** The pipeline_run table: one row per cycle, RUNNING until it ends SUCCEEDED or FAILED. */
@ApplicationScoped
public class PipelineRunRepository {

    static final int ERROR_LIMIT = 1000;

    @Inject
    Database database;

    @Inject
    RunLiveness liveness;

    /**
     * Opens a run, whose heartbeat is then kept until it ends. A run of the pipeline still RUNNING with a
     * stale heartbeat was cut off (its process or the database went away mid-cycle) and is closed as FAILED
     * first; one alive on another replica is left alone.
     */
    public long start(PipelineRun run) throws SQLException {
        long runId;
        try (Connection connection = database.connection()) {
            liveness.closeDead(connection, "pipeline_run", "pipeline = ?", List.of(run.pipeline()));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pipeline_run "
                    + "(pipeline, status, started_at, owner, heartbeat_at) VALUES (?, 'RUNNING', ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, run.pipeline());
                insert.setObject(2, utc(run.startedAt()));
                insert.setString(3, liveness.owner());
                insert.setObject(4, utc(liveness.now()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
        }
        liveness.keepAlive(run, "pipeline_run", runId);
        return runId;
    }

    /** Closes the run as SUCCEEDED on the connection, in the transaction that stored the cycle. */
    public void succeed(Connection connection, long runId, CycleCounts counts, Instant finishedAt)
            throws SQLException {
        close(connection, runId, "SUCCEEDED", counts, null, finishedAt);
    }

    public void fail(long runId, CycleCounts counts, String error, Instant finishedAt) throws SQLException {
        try (Connection connection = database.connection()) {
            close(connection, runId, "FAILED", counts, error, finishedAt);
        }
    }

    private static void close(Connection connection, long runId, String status, CycleCounts counts, String error,
            Instant finishedAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE pipeline_run SET status = ?, "
                + "finished_at = ?, plants_requested = ?, readings_inserted = ?, readings_duplicate = ?, "
                + "rejected = ?, not_found = ?, on_loan = ?, missed_deadline = ?, error = ? WHERE run_id = ?")) {
            update.setString(1, status);
            update.setObject(2, utc(finishedAt));
            update.setInt(3, counts.requested());
            update.setInt(4, counts.inserted());
            update.setInt(5, counts.duplicates());
            update.setInt(6, counts.rejected());
            update.setInt(7, counts.notFound());
            update.setInt(8, counts.onLoan());
            update.setInt(9, counts.missedDeadline());
            update.setString(10, truncate(error, ERROR_LIMIT));
            update.setLong(11, runId);
            update.executeUpdate();
        }
    }
}
