package org.greenhouse.alerts;

import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.alerts.EpisodePolicy.Decision;
import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.greenhouse.plant.PlantCycle;
import org.greenhouse.runs.RunEnded;
import org.greenhouse.runs.RunLifecycle;
import org.greenhouse.testing.AlertsProfile;
import org.greenhouse.testing.MailStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.SnsStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert route against real pipeline failures: the archive with its store refusing uploads, the plant cycle
 * with its database cut. Mails go to GreenMail over SMTP, SNS publishes to a fake SNS speaking the AWS query
 * protocol. Every wait is for a condition (a decision counted, a delivery row sent), never a sleep.
 */
@QuarkusTest
@TestProfile(AlertsProfile.class)
class AlertsTest {

    private static final String ARCHIVE = "pipeline:plant-archive";
    private static final String PLANT = "pipeline:plant-ingest";
    private static final AtomicInteger READINGS = new AtomicInteger();

    @Inject
    ProducerTemplate camel;

    @Inject
    CamelContext context;

    @Inject
    MeterRegistry metrics;

    @Inject
    Event<RunEnded> runEnds;

    @Inject
    DatabaseConfig databaseConfig;

    @BeforeEach
    void quiet() throws Exception {
        TestDatabase.proxy().restore();
        MailStub.proxy().restore();
        SnsStub.accept();
        S3Stub.truncateUploads(false);
        PlantApiStub.serveRecorded();
        MailStub.clear();
    }

    // ---- one alert per episode, one recovery, nothing while healthy

    @Test
    void aFailingArchiveAlertsOnceAndItsRecoveryOnce() throws Exception {
        double opened = decisions(ARCHIVE, Decision.OPENED);
        double continued = decisions(ARCHIVE, Decision.CONTINUED);
        double recovered = decisions(ARCHIVE, Decision.RECOVERED);
        oldReading();
        S3Stub.truncateUploads(true);

        for (int i = 0; i < 3; i++) {
            assertThrows(CamelExecutionException.class, this::archive, "the store spoils every upload");
        }
        await(() -> decisions(ARCHIVE, Decision.CONTINUED) == continued + 2, "three failures seen");
        awaitNothingPending();

        assertEquals(opened + 1, decisions(ARCHIVE, Decision.OPENED));
        List<MimeMessage> mails = MailStub.received();
        assertEquals(1, mails.size(), "one mail for the episode, not one per failure");
        MimeMessage alert = mails.get(0);
        assertEquals("[greenhouse-test] plant-archive failed: ArchiveNotConfirmedException", alert.getSubject());
        assertEquals(List.of(new InternetAddress(MailStub.FROM)), List.of(alert.getFrom()));
        assertEquals(MailStub.TO, alert.getAllRecipients()[0].toString());
        String text = text(alert);
        assertTrue(text.startsWith("plant-archive failed at "), text);
        assertTrue(text.contains("What failed: ArchiveNotConfirmedException: "), text);
        assertTrue(text.contains("Failures in this episode: 1\n"), text);
        long firstRun = ((Number) rows("SELECT MIN(run_id) AS id FROM archive_run WHERE status = 'FAILED'").get(0)
                .get("id")).longValue();
        assertTrue(text.contains("archive_run.run_id: " + firstRun + " (the episode's first failed run)"), text);

        List<Map<String, String>> published = SnsStub.published();
        assertEquals(1, published.size(), "one SNS message for the episode");
        assertEquals(SnsStub.TOPIC_ARN, published.get(0).get("TopicArn"));
        assertEquals(alert.getSubject(), published.get(0).get("Subject"));
        assertEquals(text.strip(), published.get(0).get("Message").strip(), "the same words as the mail");
        assertEquals(List.of("Action", "Message", "Subject", "TopicArn", "Version"),
                published.get(0).keySet().stream().sorted().toList(), "no headers leak in as message attributes");

        var episode = rows("SELECT status, failures FROM alert_episode WHERE alert_key = ?", ARCHIVE).get(0);
        assertEquals("FAILING", episode.get("status"));
        assertEquals(3, ((Number) episode.get("failures")).intValue());

        S3Stub.truncateUploads(false);
        archive();
        await(() -> decisions(ARCHIVE, Decision.RECOVERED) == recovered + 1, "the recovery seen");
        awaitNothingPending();

        mails = MailStub.received();
        assertEquals(2, mails.size(), "one recovery note");
        assertEquals("[greenhouse-test] plant-archive recovered after 3 failures", mails.get(1).getSubject());
        assertTrue(text(mails.get(1)).contains("Failures in the episode: 3\n"), text(mails.get(1)));
        assertEquals(2, SnsStub.published().size());
        assertEquals("OK", rows("SELECT status FROM alert_episode WHERE alert_key = ?", ARCHIVE).get(0).get("status"));
    }

    @Test
    void healthyRunsSendNothing() throws Exception {
        double healthy = decisions(PLANT, Decision.HEALTHY) + decisions(PLANT, Decision.RECOVERED);
        for (int i = 0; i < 3; i++) {
            cycle();
        }
        await(() -> decisions(PLANT, Decision.HEALTHY) + decisions(PLANT, Decision.RECOVERED) >= healthy + 3,
                "three successes seen");
        awaitNothingPending();

        assertEquals(List.of(), MailStub.received());
        assertEquals(List.of(), SnsStub.published());
    }

    // ---- the app's own database away: the alert still goes out

    @Test
    void aCutDatabaseFailsThePlantCycleAndTheAlertGoesOutAnyway() throws Exception {
        cycle();
        double recovered = decisions(PLANT, Decision.RECOVERED);
        double sentMails = deliveries("mail", "sent");
        TestDatabase.proxy().cut();
        try {
            assertThrows(CamelExecutionException.class, this::cycle);
            await(() -> deliveries("mail", "sent") == sentMails + 1, "the alert mailed from memory");
        } finally {
            TestDatabase.proxy().restore();
        }
        MimeMessage alert = MailStub.received().get(0);
        assertTrue(alert.getSubject().startsWith("[greenhouse-test] plant-ingest failed: "), alert.getSubject());
        assertTrue(text(alert).contains("alone: the app's database was unreachable"), text(alert));

        cycle();
        await(() -> decisions(PLANT, Decision.RECOVERED) == recovered + 1, "the recovery seen");
        awaitNothingPending();

        List<MimeMessage> mails = MailStub.received();
        assertEquals(2, mails.size(), mails.stream().map(AlertsTest::subject).toList().toString());
        assertEquals("[greenhouse-test] plant-ingest recovered after 1 failure", mails.get(1).getSubject());
        var episode = rows("SELECT status, failures FROM alert_episode WHERE alert_key = ?", PLANT).get(0);
        assertEquals("OK", episode.get("status"), "the episode decided alone is recorded once the database is back");
        assertEquals(1, ((Number) episode.get("failures")).intValue());
    }

    // ---- sinks that refuse: the run is not failed, the alert waits and is sent on a later try

    @Test
    void refusingSinksNeitherFailTheRunNorLoseTheAlert() throws Exception {
        double recovered = decisions(ARCHIVE, Decision.RECOVERED);
        oldReading();
        MailStub.proxy().cut();
        SnsStub.refuse();
        S3Stub.truncateUploads(true);
        long before = lastDelivery();

        var failure = assertThrows(CamelExecutionException.class, this::archive);
        assertTrue(RunLifecycle.describe(failure.getCause()).startsWith("ArchiveNotConfirmedException: "),
                "the run fails for its own reason, not the alert's: " + failure.getCause());
        await(() -> rowsAfter(before, "PENDING", 1).size() == 2, "both alerts refused once");

        var refused = rowsAfter(before, "PENDING", 1);
        assertTrue(refused.stream().allMatch(r -> r.get("last_error") != null), refused.toString());
        assertTrue(refused.stream().anyMatch(r -> "sns".equals(r.get("sink"))
                && r.get("last_error").toString().contains("AuthorizationError")), refused.toString());
        assertEquals(0, MailStub.received().size());

        MailStub.proxy().restore();
        SnsStub.accept();
        makeDue(before);
        camel.sendBody("direct:alerts", null);

        var sent = rowsAfter(before, "SENT", 2);
        assertEquals(2, sent.size(), "each sink took its alert on the second try");
        assertEquals(1, MailStub.received().size());
        assertEquals(1, SnsStub.published().size());

        S3Stub.truncateUploads(false);
        archive();
        await(() -> decisions(ARCHIVE, Decision.RECOVERED) == recovered + 1, "the recovery seen");
        awaitNothingPending();
        assertEquals(2, MailStub.received().size());
    }

    @Test
    void anAlertRefusedForLongerThanGiveUpAfterIsAbandonedAndSaysSo() throws Exception {
        double abandoned = deliveries("mail", "abandoned");
        MailStub.proxy().cut();
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO alert_delivery (alert_key, kind, sink, subject, body, created_at, status, attempts, "
                        + "next_attempt_at) VALUES ('pipeline:old', 'OPENED', 'mail', 'old', 'old', ?, 'PENDING', 40, ?)")) {
            LocalDateTime twoDaysAgo = LocalDateTime.now(ZoneOffset.UTC).minusDays(2);
            insert.setObject(1, twoDaysAgo);
            insert.setObject(2, twoDaysAgo);
            insert.executeUpdate();
        }
        camel.sendBody("direct:alerts", null);

        var row = rows("SELECT status, attempts, last_error FROM alert_delivery WHERE alert_key = 'pipeline:old'").get(0);
        assertEquals("ABANDONED", row.get("status"));
        assertEquals(41, ((Number) row.get("attempts")).intValue());
        assertEquals(abandoned + 1, deliveries("mail", "abandoned"));
    }

    // ---- several replicas, restarts, bursts, Lambda

    @Test
    void twoReplicasThatSeeTheSameFailureAtOnceAlertOnce() throws Exception {
        String key = "pipeline:twin";
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().executeUpdate("DELETE FROM alert_episode WHERE alert_key = 'pipeline:twin'");
        }
        Database poolA = new Database(databaseConfig);
        Database poolB = new Database(databaseConfig);
        try {
            AlertEpisodes b = replica(poolB, "replica-b", new EpisodeStore());
            // replica A reads the episode, then B decides the same outcome completely, then A writes
            AlertEpisodes a = replica(poolA, "replica-a", new EpisodeStore() {
                private boolean raced;

                @Override
                public Stored read(java.sql.Connection connection, String alertKey) throws java.sql.SQLException {
                    Stored stored = super.read(connection, alertKey);
                    if (!raced) {
                        raced = true;
                        b.record(alertKey, "twin", lastSeen);
                    }
                    return stored;
                }
            });
            long before = lastDelivery();

            // no row yet: both insert
            lastSeen = failure(1);
            assertEquals(Decision.CONTINUED, a.record(key, "twin", lastSeen).decision(), "B opened it first");
            assertEquals(1, rowsOf(key, before).size(), "one alert, from B, for one sink");

            // a restarted replica (nothing in memory) neither alerts again nor forgets the recovery
            AlertEpisodes restarted = replica(poolA, "replica-a", new EpisodeStore());
            assertEquals(Decision.CONTINUED, restarted.record(key, "twin", failure(2)).decision());
            assertEquals(Decision.RECOVERED, restarted.record(key, "twin", success(3)).decision());
            assertEquals(2, rowsOf(key, before).size());

            // the row exists now: both update the same revision
            AlertEpisodes a2 = replica(poolA, "replica-a", new EpisodeStore() {
                private boolean raced;

                @Override
                public Stored read(java.sql.Connection connection, String alertKey) throws java.sql.SQLException {
                    Stored stored = super.read(connection, alertKey);
                    if (!raced) {
                        raced = true;
                        b.record(alertKey, "twin", lastSeen);
                    }
                    return stored;
                }
            });
            lastSeen = failure(4);
            assertEquals(Decision.CONTINUED, a2.record(key, "twin", lastSeen).decision(), "B opened it first");

            var alerts = rowsOf(key, before);
            assertEquals(List.of("OPENED", "RECOVERED", "OPENED"), alerts.stream().map(r -> r.get("kind")).toList());
            var episode = rows("SELECT status, failures, revision FROM alert_episode WHERE alert_key = ?", key).get(0);
            assertEquals("FAILING", episode.get("status"));
            assertEquals(2, ((Number) episode.get("failures")).intValue(), "both replicas' failures counted");
            camel.sendBody("direct:alerts", null);
            assertEquals(3, MailStub.received().size(), "one mail per opening and one per recovery");
        } finally {
            poolA.close();
            poolB.close();
        }
    }

    private volatile Observation lastSeen;

    @Test
    void aFullQueueDropsRunEndsWithoutFailingThePipelineAndCountsThem() throws Exception {
        double dropped = counter("greenhouse.alerts.dropped", "pipeline", "burst");
        double continued = decisions("pipeline:burst", Decision.CONTINUED);
        context.getRouteController().stopRoute("alert-decide");
        try {
            for (int i = 0; i <= AlertsProfile.QUEUE_SIZE; i++) {
                runEnds.fire(new RunEnded("burst", "failed", "IOException: burst " + i, Duration.ofMillis(5),
                        Instant.now(), Map.of()));
            }
            assertEquals(dropped + 1, counter("greenhouse.alerts.dropped", "pipeline", "burst"),
                    "the run end beyond the queue's bound is dropped and counted, not thrown");
        } finally {
            context.getRouteController().startRoute("alert-decide");
        }
        await(() -> decisions("pipeline:burst", Decision.CONTINUED) == continued + AlertsProfile.QUEUE_SIZE - 1,
                "the queued run ends seen");
        runEnds.fire(new RunEnded("burst", "succeeded", null, Duration.ofMillis(5), Instant.now(), Map.of()));
        await(() -> decisions("pipeline:burst", Decision.RECOVERED) >= 1, "the recovery seen");
        awaitNothingPending();
        assertEquals(List.of("[greenhouse-test] burst failed: IOException", "[greenhouse-test] burst recovered after "
                + AlertsProfile.QUEUE_SIZE + " failures"), MailStub.received().stream().map(AlertsTest::subject).toList());
    }

    @Test
    void onLambdaTheRunEndWaitsUntilItsAlertIsSent() throws Exception {
        var waiting = new AlertHandOff(camel, metrics, Duration.ofSeconds(20));
        long before = lastDelivery();

        waiting.onRunEnded(new RunEnded("lambda", "failed", "IOException: x", Duration.ZERO, Instant.now(), Map.of()));

        assertEquals(List.of("SENT", "SENT"), rowsOf("pipeline:lambda", before).stream().map(r -> r.get("status"))
                .toList(), "recorded and sent before the hand-off returned");
        waiting.onRunEnded(new RunEnded("lambda", "succeeded", null, Duration.ZERO, Instant.now(), Map.of()));
        assertEquals(4, rowsOf("pipeline:lambda", before).size());
    }

    // ---- helpers

    private AlertEpisodes replica(Database pool, String owner, EpisodeStore store) {
        return new AlertEpisodes(pool, store, List.of(AlertSinks.MAIL), "[greenhouse-test]",
                new AlertDeliveries(pool, Duration.ofMinutes(1), Duration.ofHours(24), owner, metrics,
                        Clock.systemUTC()),
                metrics, owner, Clock.systemUTC());
    }

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Observation failure(int minute) {
        return new Observation(true, T0.plus(minute, ChronoUnit.MINUTES), "IOException: twin " + minute, Map.of());
    }

    private static Observation success(int minute) {
        return new Observation(false, T0.plus(minute, ChronoUnit.MINUTES), null, Map.of());
    }

    private PlantCycle.Report cycle() {
        return camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "1-3",
                PlantCycle.Report.class);
    }

    private Object archive() {
        return camel.requestBody("direct:plant-archive", (Object) null);
    }

    /** A reading of plant 1 older than the retention, so the next archive run has something to store. */
    private void oldReading() throws Exception {
        cycle();
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                        + "VALUES (1, ?, 50.000, 20, ?)")) {
            LocalDateTime taken = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(READINGS.incrementAndGet());
            insert.setObject(1, taken);
            insert.setObject(2, taken);
            insert.executeUpdate();
        }
    }

    private double decisions(String key, Decision decision) {
        return counter("greenhouse.alerts.decisions", "key", key, "decision", decision.name());
    }

    private double deliveries(String sink, String result) {
        return counter("greenhouse.alerts.deliveries", "sink", sink, "result", result);
    }

    private double counter(String name, String... tags) {
        Counter counter = metrics.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Every alert recorded so far was taken by its sink (none waits for a first or another try). */
    private static void awaitNothingPending() throws InterruptedException {
        await(() -> {
            try {
                return rows("SELECT delivery_id FROM alert_delivery WHERE status = 'PENDING' AND attempts = 0").isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "every alert sent");
    }

    private static long lastDelivery() throws Exception {
        Object last = rows("SELECT MAX(delivery_id) AS id FROM alert_delivery").get(0).get("id");
        return last == null ? 0 : ((Number) last).longValue();
    }

    private static List<Map<String, Object>> rowsOf(String key, long after) throws Exception {
        return rows("SELECT kind, sink, status FROM alert_delivery WHERE alert_key = ? AND delivery_id > ? "
                + "ORDER BY delivery_id", key, after);
    }

    private static List<Map<String, Object>> rowsAfter(long after, String status, int attempts) {
        try {
            return rows("SELECT sink, status, attempts, last_error FROM alert_delivery WHERE delivery_id > ? "
                    + "AND status = ? AND attempts = ? ORDER BY delivery_id", after, status, attempts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void makeDue(long after) throws Exception {
        try (var connection = TestDatabase.connect(); PreparedStatement update = connection.prepareStatement(
                "UPDATE alert_delivery SET next_attempt_at = ? WHERE delivery_id > ?")) {
            update.setObject(1, LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1));
            update.setLong(2, after);
            update.executeUpdate();
        }
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage mail) throws Exception {
        return mail.getContent().toString().replace("\r\n", "\n");
    }
}
