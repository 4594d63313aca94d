package org.greenhouse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.greenhouse.alerts.EpisodePolicy.Decision;
import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several replicas' alert services on one database, each with its own connection pool: "one alert per episode"
 * holds across them and across restarts, and a recorded alert is sent by one of them only. Races are made
 * deterministic where a test needs a given interleaving: one replica decides completely between another's read
 * and write. An episode table taken away (renamed) stands for a store that cannot be read.
 */
abstract class AlertReplicasContract {

    private static final String KEY = "pipeline:plant-ingest";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** A JDBC URL of an empty schema, its user and password. */
    abstract String databaseUrl();

    abstract String user();

    abstract String password();

    private final List<Database> pools = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void emptyTables() throws Exception {
        pool().ensureMigrated();
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate("DELETE FROM alert_delivery");
            connection.createStatement().executeUpdate("DELETE FROM alert_episode");
        }
    }

    @AfterEach
    void closePools() {
        pools.forEach(Database::close);
    }

    @Test
    void twoReplicasThatSeeTheFirstFailureAtOnceAlertOnce() throws Exception {
        AlertEpisodes b = replica("replica-b", new EpisodeStore());
        Observation failure = failure(1);
        AlertEpisodes a = replica("replica-a", racedBy(b, failure));

        assertEquals(Decision.CONTINUED, a.record(KEY, "plant-ingest", failure).decision(),
                "B opened the episode between A's read and A's write");
        assertEquals(List.of("OPENED"), alertKinds());
        assertEquals(List.of("FAILING", 2), episode(), "both replicas' failures counted");
    }

    @Test
    void twoReplicasThatSeeALaterEpisodeAtOnceAlertOnce() throws Exception {
        AlertEpisodes b = replica("replica-b", new EpisodeStore());
        b.record(KEY, "plant-ingest", failure(1));
        b.record(KEY, "plant-ingest", success(2));
        Observation failure = failure(3);
        AlertEpisodes a = replica("replica-a", racedBy(b, failure));

        assertEquals(Decision.CONTINUED, a.record(KEY, "plant-ingest", failure).decision());
        assertEquals(List.of("OPENED", "RECOVERED", "OPENED"), alertKinds());

        Observation recovery = success(4);
        AlertEpisodes a2 = replica("replica-a", racedBy(b, recovery));
        assertEquals(Decision.HEALTHY, a2.record(KEY, "plant-ingest", recovery).decision(),
                "B closed the episode first: A's success changes nothing");
        assertEquals(List.of("OPENED", "RECOVERED", "OPENED", "RECOVERED"), alertKinds());
    }

    @Test
    void manyReplicasRacingForTheSameFailureAlertOnce() throws Exception {
        int replicas = 4;
        List<AlertEpisodes> services = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            services.add(replica("replica-" + i, new EpisodeStore()));
        }
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Decision>> decisions = new ArrayList<>();
            for (AlertEpisodes service : services) {
                decisions.add(threads.submit(() -> {
                    start.await();
                    return service.record(KEY, "plant-ingest", failure(1)).decision();
                }));
            }
            List<Decision> seen = new ArrayList<>();
            for (Future<Decision> decision : decisions) {
                seen.add(decision.get());
            }
            assertEquals(1, seen.stream().filter(d -> d == Decision.OPENED).count(), seen.toString());
            assertEquals(replicas - 1, seen.stream().filter(d -> d == Decision.CONTINUED).count(), seen.toString());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of("OPENED"), alertKinds());
        assertEquals(List.of("FAILING", replicas), episode());
    }

    @Test
    void aRestartedReplicaNeitherAlertsAgainNorForgetsTheRecovery() throws Exception {
        replica("before-restart", new EpisodeStore()).record(KEY, "plant-ingest", failure(1));

        AlertEpisodes restarted = replica("after-restart", new EpisodeStore());
        assertEquals(Decision.CONTINUED, restarted.record(KEY, "plant-ingest", failure(2)).decision());
        assertEquals(Decision.RECOVERED, restarted.record(KEY, "plant-ingest", success(3)).decision());
        assertEquals(List.of("OPENED", "RECOVERED"), alertKinds());
        assertEquals(List.of("OK", 2), episode());
    }

    @Test
    void aRecordedAlertIsClaimedBySingleReplica() throws Exception {
        replica("replica-a", new EpisodeStore()).record(KEY, "plant-ingest", failure(1));
        AlertDeliveries senderA = deliveries("replica-a");
        AlertDeliveries senderB = deliveries("replica-b");

        List<AlertDelivery> claimedByA = senderA.due();
        assertEquals(1, claimedByA.size());
        assertEquals(List.of(), senderB.due(), "claimed by A until its claim runs out");
        assertTrue(claimedByA.get(0).text().contains("Failures in this episode: 1"), claimedByA.get(0).text());
    }

    /**
     * What a plant check does (PlantAlerts): one read of every episode under a prefix says which keys may change,
     * and a healthy key it rules out is settled without a read of its own. When that read fails, every key must
     * take its own path, or an open episode whose plant is healthy again would be settled as healthy and its
     * recovery never sent.
     */
    @Test
    void episodesThatCannotBeReadAtOnceAreEachDecidedSoAnOpenOneStillRecovers() throws Exception {
        AlertEpisodes replica = replica("replica-a", new EpisodeStore());
        assertEquals(Decision.OPENED, replica.record(KEY, "plant-ingest", failure(1)).decision());
        renameEpisodes("alert_episode", "alert_episode_away");
        try {
            var mayChange = replica.mayChange("pipeline:");
            Observation recovery = success(2);
            Decision decided = mayChange.test(KEY) ? replica.record(KEY, "plant-ingest", recovery).decision()
                    : replica.healthy(KEY, List.of(AlertSinks.MAIL)).decision();
            assertEquals(Decision.RECOVERED, decided, "decided by this replica alone while the store is away");
        } finally {
            renameEpisodes("alert_episode_away", "alert_episode");
        }
        assertEquals(Decision.HEALTHY, replica.record(KEY, "plant-ingest", success(3)).decision());
        assertEquals("OK", episode().get(0), "the recovery decided alone is recorded once the store is back");
    }

    // ---- helpers

    private void renameEpisodes(String from, String to) throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    /** A store whose first read lets {@code other} record {@code seen} completely before it returns. */
    private static EpisodeStore racedBy(AlertEpisodes other, Observation seen) {
        return new EpisodeStore() {
            private boolean raced;

            @Override
            public Stored read(Connection connection, String key) throws SQLException {
                Stored stored = super.read(connection, key);
                if (!raced) {
                    raced = true;
                    other.record(key, "plant-ingest", seen);
                }
                return stored;
            }
        };
    }

    private AlertEpisodes replica(String owner, EpisodeStore store) throws SQLException {
        Database pool = pool();
        return new AlertEpisodes(pool, store, List.of(AlertSinks.MAIL), "[greenhouse]", deliveries(owner, pool),
                metrics, owner, Clock.systemUTC());
    }

    private AlertDeliveries deliveries(String owner) throws SQLException {
        return deliveries(owner, pool());
    }

    private AlertDeliveries deliveries(String owner, Database pool) {
        return new AlertDeliveries(pool, Duration.ofMinutes(1), Duration.ofHours(24), owner, metrics, Clock.systemUTC());
    }

    private static Observation failure(int minute) {
        return new Observation(true, T0.plus(minute, ChronoUnit.MINUTES), "SQLException: down " + minute,
                Map.of("pipeline_run.run_id", String.valueOf(minute)));
    }

    private static Observation success(int minute) {
        return new Observation(false, T0.plus(minute, ChronoUnit.MINUTES), null, Map.of());
    }

    private List<String> alertKinds() throws SQLException {
        List<String> kinds = new ArrayList<>();
        try (Connection connection = connect(); ResultSet rows = connection.createStatement()
                .executeQuery("SELECT kind FROM alert_delivery ORDER BY delivery_id")) {
            while (rows.next()) {
                kinds.add(rows.getString(1));
            }
        }
        return kinds;
    }

    private List<Object> episode() throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT status, failures FROM alert_episode WHERE alert_key = ?")) {
            select.setString(1, KEY);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no episode of " + KEY);
                return List.of(row.getString(1), row.getInt(2));
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), user(), password());
    }

    private Database pool() throws SQLException {
        Database pool = new Database(new DatabaseConfig() {
            public String url() {
                return databaseUrl();
            }

            public Optional<String> username() {
                return Optional.of(user());
            }

            public Optional<String> password() {
                return Optional.of(AlertReplicasContract.this.password()).filter(p -> !p.isEmpty());
            }

            public int maxPoolSize() {
                return 2;
            }

            public Duration acquisitionTimeout() {
                return Duration.ofSeconds(5);
            }
        });
        pools.add(pool);
        return pool;
    }
}
