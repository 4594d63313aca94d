package org.greenhouse.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live runs are told from cut-off ones by their heartbeat, on a real (H2) database with the app's schema. */
class RunLivenessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private Database database;

    @BeforeEach
    void open() throws SQLException {
        database = new Database(new DatabaseConfig() {
            public String url() {
                return "jdbc:h2:mem:liveness-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            }

            public Optional<String> username() {
                return Optional.of("sa");
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public int maxPoolSize() {
                return 2;
            }

            public Duration acquisitionTimeout() {
                return Duration.ofSeconds(2);
            }
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private RunLiveness liveness(Instant now) {
        return new RunLiveness(database, Duration.ofMillis(50), Duration.ofSeconds(60), "here",
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private long insert(String pipeline, Instant startedAt, Instant heartbeat) throws SQLException {
        return insert(pipeline, startedAt, heartbeat, "elsewhere");
    }

    private long insert(String pipeline, Instant startedAt, Instant heartbeat, String owner) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pipeline_run (pipeline, status, started_at, heartbeat_at, owner) VALUES (?, 'RUNNING', ?, "
                        + "?, ?)", new String[] { "run_id" })) {
            insert.setString(1, pipeline);
            insert.setObject(2, LocalDateTime.ofInstant(startedAt, ZoneOffset.UTC));
            insert.setObject(3, heartbeat == null ? null : LocalDateTime.ofInstant(heartbeat, ZoneOffset.UTC));
            insert.setString(4, owner);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private String status(long runId) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT status FROM pipeline_run WHERE run_id = ?")) {
            query.setLong(1, runId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    @Test
    void onlyRunsWithAStaleHeartbeatAreClosed() throws SQLException {
        long alive = insert("plant-ingest", NOW.minusSeconds(600), NOW.minusSeconds(59));
        long dead = insert("plant-ingest", NOW.minusSeconds(600), NOW.minusSeconds(61));
        long oldRowWithoutHeartbeat = insert("plant-ingest", NOW.minusSeconds(61), null);
        long otherPipeline = insert("plant-archive", NOW.minusSeconds(600), NOW.minusSeconds(600));
        long ownEndedWithoutRecord = insert("plant-ingest", NOW.minusSeconds(5), NOW.minusSeconds(1), "here");

        int closed;
        try (Connection connection = database.connection()) {
            closed = liveness(NOW).closeDead(connection, "pipeline_run", "pipeline = ?", List.of("plant-ingest"));
        }

        assertEquals(3, closed);
        assertEquals("FAILED", status(ownEndedWithoutRecord), "a RUNNING row of this process is a run that ended here");
        assertEquals("RUNNING", status(alive), "a run whose owner renewed its heartbeat lately is alive");
        assertEquals("FAILED", status(dead));
        assertEquals("FAILED", status(oldRowWithoutHeartbeat));
        assertEquals("RUNNING", status(otherPipeline), "only the rows the condition names");
    }

    @Test
    void aRunningRunKeepsItsHeartbeatFreshUntilItEnds() throws Exception {
        Instant later = NOW.plusSeconds(3600);
        long runId = insert("plant-ingest", NOW, NOW);
        RunLiveness liveness = liveness(later);
        PipelineRun run = new PipelineRun("plant-ingest", NOW);

        liveness.keepAlive(run, "pipeline_run", runId);
        Instant deadline = Instant.now().plusSeconds(10);
        while (!heartbeat(runId).equals(later) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertEquals(later, heartbeat(runId), "renewed while the run lasts");
        try (Connection connection = database.connection()) {
            assertEquals(0, liveness.closeDead(connection, "pipeline_run", "", List.of()));
        }
        run.end();
        liveness.stop();
    }

    private Instant heartbeat(long runId) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT heartbeat_at FROM pipeline_run WHERE run_id = ?")) {
            query.setLong(1, runId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
            }
        }
    }

    @Test
    void settingsThatWouldCloseLiveRunsStopTheStart() {
        var error = assertThrows(IllegalArgumentException.class, () -> new RunLiveness(database,
                Duration.ofSeconds(30), Duration.ofSeconds(60), "here", Clock.systemUTC()));
        assertTrue(error.getMessage().contains("greenhouse.runs.dead-after"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunLiveness(database, Duration.ZERO,
                Duration.ofSeconds(60), "here", Clock.systemUTC()));
    }
}
