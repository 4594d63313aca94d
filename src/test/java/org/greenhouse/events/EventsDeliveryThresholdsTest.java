package org.greenhouse.events;

import static org.greenhouse.events.DeliveredEvents.assertDeliveredOnce;
import static org.greenhouse.events.DeliveredEvents.assertNotDelivered;
import static org.greenhouse.events.DeliveredEvents.eventIdsIn;
import static org.greenhouse.events.DeliveredEvents.objectKeys;
import static org.greenhouse.events.DeliveredEvents.recordsOf;
import static org.greenhouse.testing.DeliveryThresholdsProfile.MAX_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.DeliveryThresholdsProfile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Delivery that waits: records stay in the stream (and in the delivery's read-ahead) until a shard holds
 * {@code max-bytes} of them or its oldest is {@code max-age} old. The delivery's clock is moved instead of
 * waiting an hour.
 */
@QuarkusTest
@TestProfile(DeliveryThresholdsProfile.class)
class EventsDeliveryThresholdsTest {

    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final int ONE_USER = 7;

    @Inject
    ProducerTemplate camel;

    @Inject
    EventDelivery delivery;

    @TestHTTPResource("/")
    URL app;

    /** Each test starts at the tip of the stream with nothing waiting and S3 empty. */
    @BeforeEach
    void nothingWaiting() throws Exception {
        KinesisStub.reads().reset();
        TestDatabase.proxy().restore();
        delivery.forgetReadAhead();
        delivery.useClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
        deliver(); // whatever earlier tests left waiting is old enough now
        delivery.useClock(Clock.systemUTC());
        S3Stub.clear();
        EventsDeliveryTest.deleteLosses();
        KinesisStub.reads().reset();
    }

    @AfterEach
    void realTime() {
        delivery.useClock(Clock.systemUTC());
    }

    private void deliver() {
        camel.requestBody("direct:events-deliver", (Object) null);
    }

    private static int size(Record record) {
        return record.data().asByteArray().length;
    }

    @Test
    void recordsWaitUntilEnoughBytesWaitThenOneObjectOfAtMostMaxBytesIsWritten() throws Exception {
        List<String> ids = new ArrayList<>();
        int waiting = 0;
        while (waiting < MAX_BYTES) {
            assertTrue(objectKeys().isEmpty(), waiting + " bytes wait, less than " + MAX_BYTES + ": nothing written");
            List<String> one = DeliveredEvents.post(app, "size", 1, ONE_USER);
            ids.addAll(one);
            waiting += size(recordsOf(one).values().iterator().next().get(0));
            deliver();
        }

        List<String> keys = objectKeys();
        assertEquals(1, keys.size(), "enough bytes wait: one object");
        List<Record> records = recordsOf(ids).values().iterator().next();
        List<String> fits = new ArrayList<>();
        int bytes = 0;
        for (Record record : records) {
            if (bytes + size(record) > MAX_BYTES) {
                break;
            }
            bytes += size(record);
            fits.add(DeliveredEvents.eventId(record));
        }
        assertEquals(fits, eventIdsIn(keys.get(0)), "the oldest records that fit in max-bytes, in stream order");
        List<String> rest = ids.subList(fits.size(), ids.size());
        assertTrue(!rest.isEmpty());
        assertNotDelivered(rest);
    }

    @Test
    void recordsWaitUntilTheOldestIsOldEnough() throws Exception {
        List<String> ids = DeliveredEvents.post(app, "age", 3, ONE_USER);
        Instant oldest = recordsOf(ids).values().iterator().next().get(0).approximateArrivalTimestamp();

        deliver();
        assertTrue(objectKeys().isEmpty(), "new and small: nothing written");

        delivery.useClock(Clock.fixed(oldest.plus(MAX_AGE).minusMillis(1), ZoneOffset.UTC));
        deliver();
        assertTrue(objectKeys().isEmpty(), "a millisecond short of max-age: nothing written");

        delivery.useClock(Clock.fixed(oldest.plus(MAX_AGE), ZoneOffset.UTC));
        deliver();
        assertEquals(1, objectKeys().size());
        assertEquals(ids, eventIdsIn(objectKeys().get(0)));
    }

    @Test
    void aBacklogIsDeliveredInOneCycleAsObjectsOfAtMostMaxBytes() throws Exception {
        List<String> ids = DeliveredEvents.post(app, "backlog", 40, ONE_USER);
        List<Record> records = recordsOf(ids).values().iterator().next();
        int total = records.stream().mapToInt(EventsDeliveryThresholdsTest::size).sum();
        assertTrue(total > 3 * MAX_BYTES);

        deliver();

        List<String> delivered = new ArrayList<>();
        for (String key : objectKeys().stream().sorted().toList()) {
            List<String> inObject = eventIdsIn(key);
            int bytes = records.stream().filter(r -> inObject.contains(DeliveredEvents.eventId(r)))
                    .mapToInt(EventsDeliveryThresholdsTest::size).sum();
            assertTrue(bytes <= MAX_BYTES, key + " holds " + bytes + " bytes");
            delivered.addAll(inObject);
        }
        assertEquals(ids.subList(0, delivered.size()), delivered, "the oldest records, in order, once each");
        int rest = records.subList(delivered.size(), records.size()).stream()
                .mapToInt(EventsDeliveryThresholdsTest::size).sum();
        assertTrue(rest < MAX_BYTES, "what still waits is less than max-bytes: " + rest);
    }

    @Test
    void eachRecordIsReadFromTheStreamOnceWhileItWaits() throws Exception {
        List<String> first = DeliveredEvents.post(app, "read-once", 2);
        deliver();
        List<String> second = DeliveredEvents.post(app, "read-once", 2);
        deliver();
        deliver();
        assertTrue(objectKeys().isEmpty(), "nothing is due yet");

        delivery.useClock(Clock.offset(Clock.systemUTC(), MAX_AGE));
        deliver();

        Map<String, Integer> timesRead = KinesisStub.reads().timesRead();
        List<String> ids = new ArrayList<>(first);
        ids.addAll(second);
        recordsOf(ids).values().stream().flatMap(List::stream).forEach(record -> assertEquals(1,
                timesRead.getOrDefault(record.sequenceNumber(), 0), record.sequenceNumber() + " read once"));
        assertDeliveredOnce(first, second);
    }

    @Test
    void aRestartWhileRecordsWaitLosesNoneAndDeliversNoneTwice() throws Exception {
        List<String> first = DeliveredEvents.post(app, "waiting", 3);
        deliver();
        assertTrue(objectKeys().isEmpty());

        delivery.forgetReadAhead(); // stopped between cycles: what waited in memory is gone, the stream has it
        List<String> second = DeliveredEvents.post(app, "after-restart", 3);
        deliver();
        assertTrue(objectKeys().isEmpty());
        delivery.useClock(Clock.offset(Clock.systemUTC(), MAX_AGE));
        deliver();

        assertDeliveredOnce(first, second);
    }

    @Test
    void anIteratorThatExpiredWhileRecordsWaitGoesOnAfterThemReadingNoneTwice() throws Exception {
        List<String> first = DeliveredEvents.post(app, "expiring", 3);
        deliver();
        assertTrue(objectKeys().isEmpty());

        KinesisStub.reads().expireIterators(); // five minutes without a read
        List<String> second = DeliveredEvents.post(app, "after-expiry", 3);
        deliver();
        delivery.useClock(Clock.offset(Clock.systemUTC(), MAX_AGE));
        deliver();

        Map<String, Integer> timesRead = KinesisStub.reads().timesRead();
        List<String> ids = new ArrayList<>(first);
        ids.addAll(second);
        recordsOf(ids).values().stream().flatMap(List::stream).forEach(record -> assertEquals(1,
                timesRead.getOrDefault(record.sequenceNumber(), 0), record.sequenceNumber() + " read once"));
        assertDeliveredOnce(first, second);
    }

    @Test
    void whatAnotherReplicaDeliveredMeanwhileIsNotDeliveredAgainFromMemory() throws Exception {
        List<String> first = DeliveredEvents.post(app, "other-replica", 3, ONE_USER);
        deliver();
        assertTrue(objectKeys().isEmpty(), "the records wait in this process's memory");
        // the lead moves to another replica, which delivers them (its objects are its own)
        List<Record> delivered = recordsOf(first).values().iterator().next();
        try (var connection = TestDatabase.connect(); var update = connection.prepareStatement(
                "UPDATE event_delivery SET delivered_seq = ? WHERE shard_id = ?")) {
            update.setString(1, delivered.get(delivered.size() - 1).sequenceNumber());
            update.setString(2, recordsOf(first).keySet().iterator().next());
            assertEquals(1, update.executeUpdate());
        }
        List<String> second = DeliveredEvents.post(app, "lead-back", 2, ONE_USER);

        delivery.useClock(Clock.offset(Clock.systemUTC(), MAX_AGE));
        deliver();

        assertNotDelivered(first);
        assertDeliveredOnce(second);
    }
}
