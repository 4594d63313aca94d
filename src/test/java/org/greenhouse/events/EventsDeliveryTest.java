package org.greenhouse.events;

import static org.greenhouse.events.DeliveredEvents.assertDeliveredOnce;
import static org.greenhouse.events.DeliveredEvents.assertNotDelivered;
import static org.greenhouse.events.DeliveredEvents.eventId;
import static org.greenhouse.events.DeliveredEvents.objectKeys;
import static org.greenhouse.events.DeliveredEvents.openShards;
import static org.greenhouse.events.DeliveredEvents.recordsOf;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Events posted over HTTP, through the Kinesis emulator (behind proxies that make it read like real Kinesis
 * and fail), delivered into S3Proxy and read back, counted per event_id. Delivery here writes whatever is
 * waiting (max-age 0); {@link EventsDeliveryThresholdsTest} has it wait.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class EventsDeliveryTest {

    @Inject
    ProducerTemplate camel;

    @Inject
    EventDelivery delivery;

    @Inject
    DeliveryProgress progress;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "greenhouse.events.delivery.max-reads")
    int maxReads;

    @TestHTTPResource("/")
    URL app;

    /** Each test starts as a freshly started delivery at the tip of the stream, with S3 empty. */
    @BeforeEach
    void atTheTipOfTheStream() throws Exception {
        KinesisStub.reads().reset();
        S3Stub.truncateUploads(false);
        TestDatabase.proxy().restore();
        TestDatabase.clean();
        deleteLosses();
        delivery.forgetReadAhead();
        deliver(); // what earlier tests posted
        S3Stub.clear();
    }

    static void deleteLosses() throws Exception {
        // not in TestDatabase's list of tables: that list is shared by every pipeline's tests
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM event_delivery_loss");
        }
    }

    private List<String> post(String tag, int count) {
        return DeliveredEvents.post(app, tag, count);
    }

    private void deliver() {
        camel.requestBody("direct:events-deliver", (Object) null);
    }

    @Test
    void postedEventsAreInS3AsGzipNdjsonOnceEach() throws Exception {
        List<String> ids = post("delivered", 20);

        deliver();

        assertDeliveredOnce(ids);
        assertTrue(objectKeys().stream().allMatch(key -> key.matches(
                "greenhouse/events/year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/shardId-\\d+-\\d+-\\d+\\.ndjson\\.gz")),
                objectKeys().toString());
        assertTrue(rows("SELECT * FROM event_delivery WHERE pending_key IS NOT NULL").isEmpty());
    }

    @Test
    void aDeliveryCutOffMidStreamIsCompletedUnderTheSameKeysAndNothingTwice() throws Exception {
        List<String> first = post("first", 10);
        deliver();
        List<String> second = post("second", 10);
        S3Stub.stopServer();
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            S3Stub.startServer();
        }
        var pending = rows("SELECT pending_key FROM event_delivery WHERE pending_key IS NOT NULL");
        assertTrue(pending.size() >= 1, "the cut-off ranges are remembered");
        List<String> third = post("third", 10);

        deliver();
        deliver();

        for (var range : pending) {
            assertTrue(objectKeys().contains((String) range.get("pending_key")),
                    "a cut-off range was written under the key it had been given");
        }
        assertDeliveredOnce(first, second, third);
    }

    @Test
    void aReshardedStreamIsDeliveredWholeFromItsClosedAndItsNewShards() throws Exception {
        List<String> before = post("before-split", 10);
        deliver();
        try (var kinesis = KinesisStub.client()) {
            var shard = kinesis.listShards(list -> list.streamName(KinesisStub.STREAM)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).findFirst().orElseThrow();
            var range = shard.hashKeyRange();
            String middle = new BigInteger(range.startingHashKey()).add(new BigInteger(range.endingHashKey()))
                    .shiftRight(1).toString();
            kinesis.splitShard(split -> split.streamName(KinesisStub.STREAM).shardToSplit(shard.shardId())
                    .newStartingHashKey(middle));
            while (!kinesis.describeStreamSummary(d -> d.streamName(KinesisStub.STREAM)).streamDescriptionSummary()
                    .streamStatusAsString().equals("ACTIVE")) {
                Thread.sleep(50);
            }
        }
        // kinesalite dates new shards 1 s ahead and stamps records put before then with that future arrival
        // time, which a delivery with max-age 0 rightly does not take yet: wait until it has passed
        Thread.sleep(1100);
        List<String> after = post("after-split", 30);

        deliver();
        deliver();

        assertDeliveredOnce(before, after);
    }

    // ---- item [5] 9: Kinesis gives a reader that is behind empty pages before the records

    @Test
    void emptyPagesBeforeTheRecordsAreFollowedWithinACycle() throws Exception {
        List<String> ids = post("behind", 20);
        KinesisStub.reads().emptyPagesBeforeRecords(3);
        delivery.forgetReadAhead(); // a restarted delivery, behind: its first pages are empty

        deliver();

        assertDeliveredOnce(ids);
    }

    @Test
    void aShardFurtherBehindThanOneCycleReadsIsDeliveredOverTheNextCycles() throws Exception {
        List<String> ids = post("far-behind", 20);
        KinesisStub.reads().emptyPagesBeforeRecords(2 * maxReads + 3);
        delivery.forgetReadAhead();
        Map<String, List<Record>> mine = recordsOf(ids);

        int cycles = 0;
        while (!DeliveredEvents.deliveredEventIds().keySet().containsAll(ids)) {
            assertTrue(++cycles <= 4, "still not delivered after " + (cycles - 1) + " cycles: the shard stalls");
            int[] before = mine.keySet().stream().mapToInt(KinesisStub.reads()::getRecordsCalls).toArray();
            deliver();
            int i = 0;
            for (String shard : mine.keySet()) {
                int calls = KinesisStub.reads().getRecordsCalls(shard) - before[i++];
                assertTrue(calls <= maxReads, shard + " was read " + calls + " times in one cycle, over the bound");
                if (cycles == 1) {
                    assertEquals(3_600_000, metrics.get("greenhouse.events.delivery.millis-behind")
                            .tag("shard", shard).gauge().value(), "how far behind Kinesis says the shard is");
                }
            }
        }

        assertEquals(3, cycles, "two cycles of empty pages, then the records");
        assertDeliveredOnce(ids);
    }

    @Test
    void aShardThatIsCaughtUpIsReadOncePerCycle() throws Exception {
        List<String> ids = post("caught-up", 10);
        deliver();
        assertDeliveredOnce(ids);
        KinesisStub.reads().reset();

        deliver();

        for (String shard : openShards()) {
            assertEquals(1, KinesisStub.reads().getRecordsCalls(shard), shard + ": MillisBehindLatest 0 ends the read");
        }
    }

    @Test
    void progressMovesOnlyFromTheStateItWasPlannedFrom() throws Exception {
        String stream = KinesisStub.STREAM;
        String shard = "shardId-test-" + System.nanoTime();
        assertTrue(progress.plan(stream, shard, null, "11", "12", "k1", 2));
        assertFalse(progress.plan(stream, shard, null, "11", "13", "k2", 3), "a range is pending already");
        assertFalse(progress.delivered(stream, shard, "k2", "13"), "k2 is not the pending range");
        assertTrue(progress.delivered(stream, shard, "k1", "12"));
        assertFalse(progress.delivered(stream, shard, "k1", "12"), "delivered once");
        assertFalse(progress.plan(stream, shard, null, "13", "14", "k3", 2), "delivered through 12 meanwhile");
        assertFalse(progress.plan(stream, shard, "11", "13", "14", "k3", 2), "delivered through 12, not 11");
        assertTrue(progress.plan(stream, shard, "12", "13", "14", "k3", 2));
        assertEquals(new DeliveryProgress.Shard("12", "13", "14", "k3", 2), progress.load(stream, shard));
        assertFalse(progress.restartFromOldest(stream, shard, "11", new DeliveryProgress.Loss("11", null, null,
                null, "test")), "the position is 12, not 11");
        assertTrue(rows("SELECT * FROM event_delivery_loss").isEmpty());
    }

    // ---- item [5] 10: one bad shard does not stop the others; what can no longer be read is reported

    @Test
    void aFailingShardIsReportedAndRetriedWhileTheOthersAreDelivered() throws Exception {
        List<String> ids = post("one-bad-shard", 30);
        Map<String, List<Record>> mine = recordsOf(ids);
        List<String> listed = new ArrayList<>(mine.keySet());
        String failing = openShards().stream().filter(mine::containsKey).findFirst().orElseThrow();
        assertTrue(listed.indexOf(failing) < listed.size() - 1, "a shard after the failing one holds events");
        List<String> onFailing = mine.get(failing).stream().map(DeliveredEvents::eventId).toList();
        List<String> onOthers = ids.stream().filter(id -> !onFailing.contains(id)).toList();
        KinesisStub.reads().failShard(failing);

        var failure = assertThrows(CamelExecutionException.class, this::deliver);

        assertTrue(String.valueOf(failure.getCause().getMessage()).contains(failing),
                "the cycle's failure names the shard: " + failure.getCause());
        assertDeliveredOnce(onOthers);
        assertNotDelivered(onFailing);

        KinesisStub.reads().healShard(failing);
        deliver();

        assertDeliveredOnce(ids);
    }

    @Test
    void aPendingRangeTrimmedFromTheStreamIsReportedWithWhatWasLost() throws Exception {
        List<String> cutOff = post("trimmed", 30);
        S3Stub.stopServer();
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            S3Stub.startServer();
        }
        Map<String, List<Record>> mine = recordsOf(cutOff);
        List<String> shards = new ArrayList<>(mine.keySet());
        assertTrue(shards.size() >= 2 && mine.get(shards.get(1)).size() >= 3, "two shards hold the events");
        // retention trims one shard's whole pending range and the first two records of the other's
        String whole = shards.get(0);
        String partly = shards.get(1);
        List<Record> wholeRange = mine.get(whole);
        List<Record> partRange = mine.get(partly);
        KinesisStub.reads().trimThrough(whole, wholeRange.get(wholeRange.size() - 1).sequenceNumber());
        KinesisStub.reads().trimThrough(partly, partRange.get(1).sequenceNumber());
        List<String> later = post("after-trim", 10);

        var report = camel.requestBody("direct:events-deliver", (Object) null, EventDelivery.Report.class);

        assertEquals(2, report.losses(), "the cycle's report counts the ranges lost: " + report);
        var losses = rows("SELECT shard_id, first_seq, last_seq, records, reason FROM event_delivery_loss");
        Map<String, Map<String, Object>> byShard = losses.stream()
                .collect(Collectors.toMap(row -> (String) row.get("shard_id"), row -> row));
        assertEquals(2, losses.size(), losses.toString());
        assertEquals(wholeRange.size(), ((Number) byShard.get(whole).get("records")).intValue());
        assertEquals(wholeRange.get(0).sequenceNumber(), byShard.get(whole).get("first_seq"));
        assertEquals(wholeRange.get(wholeRange.size() - 1).sequenceNumber(), byShard.get(whole).get("last_seq"));
        assertEquals(2, ((Number) byShard.get(partly).get("records")).intValue());
        List<String> gone = new ArrayList<>(wholeRange.stream().map(DeliveredEvents::eventId).toList());
        gone.add(eventId(partRange.get(0)));
        gone.add(eventId(partRange.get(1)));
        assertNotDelivered(gone);
        assertDeliveredOnce(cutOff.stream().filter(id -> !gone.contains(id)).toList(), later);
        assertTrue(rows("SELECT * FROM event_delivery WHERE pending_key IS NOT NULL").isEmpty());
    }

    @Test
    void aRangeStoredWholeBeforeACrashAndTrimmedSinceIsNotReportedLost() throws Exception {
        List<String> ids = post("stored-then-trimmed", 20);
        S3Stub.afterUploads(1, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            TestDatabase.proxy().restore();
        }
        var pending = rows("SELECT shard_id, pending_last_seq, pending_key FROM event_delivery "
                + "WHERE pending_key IS NOT NULL");
        assertEquals(1, pending.size(), "the crash came after this range's object was stored");
        assertEquals(List.of((String) pending.get(0).get("pending_key")), objectKeys());
        // the app stays down past the stream's retention: the range's records are gone from the stream
        KinesisStub.reads().trimThrough((String) pending.get(0).get("shard_id"),
                (String) pending.get(0).get("pending_last_seq"));
        delivery.forgetReadAhead();

        deliver();

        assertTrue(rows("SELECT * FROM event_delivery_loss").isEmpty(), "the stored object holds them all");
        assertTrue(objectKeys().contains((String) pending.get(0).get("pending_key")));
        assertDeliveredOnce(ids);
        assertTrue(rows("SELECT * FROM event_delivery WHERE pending_key IS NOT NULL").isEmpty());
    }

    @Test
    void aStreamCreatedAgainIsReportedAsAGapAndDeliveredFromItsStart() throws Exception {
        List<String> before = post("old-stream", 10);
        deliver();
        assertDeliveredOnce(before);
        Map<String, String> positions = rows("SELECT shard_id, delivered_seq FROM event_delivery WHERE delivered_seq IS NOT NULL").stream()
                .collect(Collectors.toMap(row -> (String) row.get("shard_id"), row -> (String) row.get("delivered_seq")));
        // Kinesis loses the stream (deleted and created again, the emulator restarted), and the app restarts
        KinesisStub.stopServer();
        KinesisStub.startServer();
        delivery.forgetReadAhead();
        List<String> after = post("new-stream", 10);

        deliver();

        assertDeliveredOnce(before, after);
        var losses = rows("SELECT shard_id, after_seq, records, reason FROM event_delivery_loss");
        List<String> stale = openShards().stream().filter(positions::containsKey).toList();
        assertEquals(stale.size(), losses.size(), losses.toString());
        for (var loss : losses) {
            assertEquals(positions.get((String) loss.get("shard_id")), loss.get("after_seq"));
            assertNull(loss.get("records"), "how many were lost is not known");
            assertTrue(((String) loss.get("reason")).contains("InvalidArgumentException"), loss.toString());
        }
    }

    // ---- item [5] 26: an upload cut short, and crashes between the object and its progress

    @Test
    void anUploadTheStoreCutsShortIsNotTakenForDelivered() throws Exception {
        List<String> ids = post("truncated", 20);
        String positions = "SELECT shard_id, delivered_seq FROM event_delivery WHERE delivered_seq IS NOT NULL "
                + "ORDER BY shard_id";
        var before = rows(positions);
        S3Stub.truncateUploads(true);
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            S3Stub.truncateUploads(false);
        }
        assertEquals(before, rows(positions), "no progress on the word of an upload alone");

        deliver();

        assertDeliveredOnce(ids);
    }

    @Test
    void aCrashAfterAnObjectIsWrittenBeforeItsProgressIsRecordedRewritesOnlyThatObject() throws Exception {
        List<String> first = post("crash-after-write", 20);
        S3Stub.afterUploads(1, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            TestDatabase.proxy().restore();
        }
        List<String> written = objectKeys();
        assertEquals(1, written.size(), "one object was written before the crash");
        delivery.forgetReadAhead(); // the app restarts
        List<String> second = post("after-restart", 10);

        deliver();
        deliver();

        assertTrue(objectKeys().containsAll(written), "the range was written again under its own key");
        assertDeliveredOnce(first, second);
    }

    @Test
    void aCrashAfterProgressIsRecordedGoesOnFromThere() throws Exception {
        List<String> first = post("crash-after-progress", 30);
        assertTrue(recordsOf(first).size() >= 2, "two shards hold the events");
        // the first shard's object and progress are stored; the crash comes with the second shard's object
        S3Stub.afterUploads(2, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(CamelExecutionException.class, this::deliver);
        } finally {
            TestDatabase.proxy().restore();
        }
        List<String> written = objectKeys();
        assertEquals(2, written.size());
        delivery.forgetReadAhead();
        List<String> second = post("after-restart", 10);

        deliver();
        deliver();

        assertTrue(objectKeys().containsAll(written));
        assertDeliveredOnce(first, second);
    }
}
