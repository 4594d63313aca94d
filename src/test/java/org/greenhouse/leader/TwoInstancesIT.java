package org.greenhouse.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.greenhouse.db.Sql;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two processes of the packaged app, as two replicas would run, sharing one PostgreSQL and one plant API
 * (WireMock with the recorded answers), both with the plant timer on. Only the lease holder polls: one
 * cycle per period, not two. When the leader is killed (no shutdown, no lease release) the other replica
 * takes over once the lease has expired (the lease row says when: not before the dead leader's expiry), and the
 * cycles go on at the same pace.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_URL_ENV, matches = ".+")
class TwoInstancesIT {

    private static final String SCHEMA = "greenhouse_two_instances_it";
    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration WINDOW = Duration.ofSeconds(10);
    // a cycle starts within a period of the previous one; two pollers would start two per period
    private static final Duration MIN_GAP = PERIOD.minusMillis(500);

    private final PlantApiStub plantApi = new PlantApiStub();
    private final Map<String, Process> instances = new HashMap<>();
    private String databaseUrl;

    @BeforeEach
    void start() throws Exception {
        String server = System.getenv(TestDatabase.PG_URL_ENV);
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        }
        databaseUrl = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        plantApi.start();
        PlantApiStub.serveRecorded();
    }

    @AfterEach
    void stop() {
        instances.values().forEach(Process::destroyForcibly);
        plantApi.stop();
    }

    @Test
    void oneReplicaPollsAndTheOtherTakesOverWhenItDies() throws Exception {
        launch("replica-a");
        launch("replica-b");
        awaitRunStartedAfter(Instant.MIN, Duration.ofSeconds(60));

        List<Instant> bothUp = runsDuring(WINDOW);
        assertOneCyclePerPeriod(bothUp);
        String leader = lease().holder();
        assertTrue(instances.containsKey(leader), "lease held by " + leader);

        // killed: no graceful shutdown, so its lease is not released
        instances.remove(leader).destroyForcibly().waitFor();
        LeaderLeases.Lease deadLease = lease();
        assertEquals(leader, deadLease.holder());
        Instant killedAt = latestRunStart();
        String survivor = instances.keySet().iterator().next();
        Instant firstAfterKill = awaitRunStartedAfter(killedAt, LEASE.plus(PERIOD).plusSeconds(15));

        assertNotEquals(leader, survivor);
        assertEquals(survivor, lease().holder());
        // the lease, not Camel's back-off after a takeover, is what kept the survivor waiting
        Instant takenOver = acquiredAt();
        assertFalse(takenOver.isBefore(deadLease.expiresAt()),
                "the survivor took the lease at " + takenOver + ", before the dead leader's expired at " + deadLease.expiresAt());
        assertFalse(firstAfterKill.isBefore(deadLease.expiresAt()),
                "the survivor's first cycle started at " + firstAfterKill + ", before the dead leader's lease expired");
        assertOneCyclePerPeriod(runsDuring(WINDOW));
    }

    private void assertOneCyclePerPeriod(List<Instant> starts) {
        long expected = WINDOW.dividedBy(PERIOD);
        assertTrue(starts.size() >= expected - 2 && starts.size() <= expected + 1,
                starts.size() + " cycles in " + WINDOW + " (period " + PERIOD + "): " + starts);
        for (int i = 1; i < starts.size(); i++) {
            Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
            assertTrue(gap.compareTo(MIN_GAP) >= 0, "two cycles " + gap.toMillis() + " ms apart: " + starts);
        }
    }

    private void launch(String id) throws IOException {
        Path logs = Path.of("target", "two-instances-it");
        Files.createDirectories(logs);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("greenhouse.app.jar"))
                .redirectErrorStream(true).redirectOutput(logs.resolve(id + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // two instances on one machine: each its own Jolokia port
        env.put("GREENHOUSE_JOLOKIA_PORT", "0");
        env.put("GREENHOUSE_DB_URL", databaseUrl);
        env.put("GREENHOUSE_DB_USERNAME", System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres"));
        env.put("GREENHOUSE_PLANT_BASE_URL", PlantApiStub.server().baseUrl());
        env.put("GREENHOUSE_PLANT_IDS", "1-10");
        env.put("GREENHOUSE_PLANT_PERIOD", PERIOD.toMillis() + "ms");
        env.put("GREENHOUSE_PLANT_INITIAL_DELAY", "0s");
        env.put("GREENHOUSE_LEADER_MEMBER_ID", id);
        env.put("GREENHOUSE_LEADER_LEASE_DURATION", LEASE.toMillis() + "ms");
        env.put("GREENHOUSE_LEADER_RENEW_INTERVAL", "1s");
        // only the plant pipeline's trigger: the others need S3 and Kinesis, which this test does not run
        env.put("GREENHOUSE_ARCHIVE_SCHEDULE_ENABLED", "false");
        env.put("GREENHOUSE_BATCH_SCHEDULE_ENABLED", "false");
        env.put("GREENHOUSE_EVENTS_DELIVERY_ENABLED", "false");
        env.put("AWS_REGION", "us-east-1");
        instances.put(id, builder.start());
        awaitReady(id, port);
    }

    private void awaitReady(String id, int port) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!instances.get(id).isAlive()) {
                throw new AssertionError(id + " exited: see " + new File("target/two-instances-it/" + id + ".log"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError(id + " not ready within 90 s");
    }

    private List<Instant> runsDuring(Duration window) throws Exception {
        Instant from = latestRunStart();
        sleep(window);
        List<Instant> starts = new ArrayList<>();
        for (Instant start : runStarts()) {
            if (start.isAfter(from) && !start.isAfter(from.plus(window))) {
                starts.add(start);
            }
        }
        return starts;
    }

    private Instant awaitRunStartedAfter(Instant after, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Instant start : runStarts()) {
                if (start.isAfter(after)) {
                    return start;
                }
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("no plant cycle started after " + after + " within " + timeout);
    }

    private Instant latestRunStart() throws Exception {
        List<Instant> starts = runStarts();
        return starts.get(starts.size() - 1);
    }

    private List<Instant> runStarts() throws Exception {
        try (Connection connection = connect(databaseUrl); PreparedStatement query = connection.prepareStatement(
                "SELECT started_at FROM pipeline_run WHERE pipeline = ? ORDER BY started_at")) {
            query.setString(1, "plant-ingest");
            List<Instant> starts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    starts.add(Sql.instant(rows, 1));
                }
            }
            return starts;
        }
    }

    /** The plant pipeline's lease as the database has it. */
    private LeaderLeases.Lease lease() throws Exception {
        try (Connection connection = connect(databaseUrl); PreparedStatement query = connection.prepareStatement(
                "SELECT holder, expires_at FROM leader_lease WHERE lease_name = ?")) {
            query.setString(1, "plant-ingest");
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no plant-ingest lease");
                return new LeaderLeases.Lease(row.getString(1), Sql.instant(row, 2));
            }
        }
    }

    private Instant acquiredAt() throws Exception {
        try (Connection connection = connect(databaseUrl); PreparedStatement query = connection.prepareStatement(
                "SELECT acquired_at FROM leader_lease WHERE lease_name = ?")) {
            query.setString(1, "plant-ingest");
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no plant-ingest lease");
                return Sql.instant(row, 1);
            }
        }
    }

    private static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("GREENHOUSE_TEST_PG_PASSWORD", ""));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
