package org.greenhouse.events;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.KinesisStub.copiesByEventId;
import static org.greenhouse.testing.KinesisStub.recordsSince;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.greenhouse.testing.KinesisFaultsProfile;
import org.greenhouse.testing.KinesisStub;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The put path into a real Kinesis emulator under faults: records Kinesis cannot take, requests of several
 * PutRecords calls whose later calls fail, and a Kinesis that hangs. What is in the stream is counted per
 * event_id, duplicates included.
 */
@QuarkusTest
@TestProfile(KinesisFaultsProfile.class)
class EventsKinesisFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":%s,\"product\":{\"id\":1,\"title\":\"Fjallraven Backpack\",\"price\":109.95,"
            + "\"category\":\"men's clothing\"}}";
    /** How long a client usually waits for an answer. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL app;

    @Inject
    StreamWriter writer;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RequestSpecification post(String contentType, String body) {
        return given().baseUri(app.toString()).header("X-Api-Key", "test-key").contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(app + "api/events")).timeout(CLIENT_TIMEOUT)
                .header("X-Api-Key", "test-key").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app + path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String events(int count, int firstUser) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(VIEWED.formatted(firstUser + i)).append('\n');
        }
        return body.toString();
    }

    @Test
    void aPartitionKeyLongerThanKinesisTakesIs400NamingTheEvent() {
        Set<String> mark = KinesisStub.mark();
        String longUserId = "1".repeat(301);

        post("application/json", "[" + VIEWED.formatted(5) + "," + VIEWED.formatted(longUserId) + "]")
                .post("/api/events").then().statusCode(400)
                .body("error", equalTo("1 of 2 events are invalid; none was put into the stream"))
                .body("events[0].index", equalTo(1))
                .body("events[0].problems[0]", containsString("partition key"))
                .body("events[0].problems[0]", containsString("at most 256"));

        assertEquals(List.of(), recordsSince(mark), "nothing of a refused request is in the stream");
    }

    @Test
    void aRecordOverOneMebibyteOnceStampedIs400NamingTheEvent() {
        Set<String> mark = KinesisStub.mark();
        // within the body limit (1 MiB) as sent; over Kinesis's 1 MiB a record once event_id and received_at are in
        String start = VIEWED.formatted(6).replaceFirst("}$", ",\"note\":\"");
        String event = start + "x".repeat(1024 * 1024 - 40 - start.length() - 2) + "\"}";

        post("application/json", event).post("/api/events").then().statusCode(400)
                .body("error", equalTo("1 of 1 events are invalid; none was put into the stream"))
                .body("events[0].index", equalTo(0))
                .body("events[0].problems[0]", containsString("at most 1048576 bytes"));

        assertEquals(List.of(), recordsSince(mark), "nothing of a refused request is in the stream");
    }

    @Test
    void moreEventsThanOneCallTakesAreEachInTheStreamOnceWhenEntriesOfALaterCallFail() throws Exception {
        Set<String> mark = KinesisStub.mark();
        // 1,200 events are three PutRecords calls (500, 500, 200); entries of the second call fail
        KinesisStub.faults().failEntries(1, 7);

        List<String> ids = post("application/x-ndjson", events(1200, 1000)).post("/api/events").then()
                .statusCode(202).body("accepted", equalTo(1200)).extract().jsonPath().getList("event_ids", String.class);

        assertEachOnce(ids, recordsSince(mark));
    }

    @Test
    void whenALaterCallIsRefusedWholeOnlyWhatIsNotInTheStreamIsSentAgain() throws Exception {
        Set<String> mark = KinesisStub.mark();
        int entriesBefore = KinesisStub.faults().putEntries();
        // the second of three calls fails with an SDK exception: nothing of it is stored
        KinesisStub.faults().refuseCalls(1, 1);

        List<String> ids = post("application/x-ndjson", events(1200, 3000)).post("/api/events").then()
                .statusCode(202).body("accepted", equalTo(1200)).extract().jsonPath().getList("event_ids", String.class);

        assertEachOnce(ids, recordsSince(mark));
        assertEquals(1200 + 500, KinesisStub.faults().putEntries() - entriesBefore,
                "every record sent once, and the refused call's 500 once more");
    }

    @Test
    void aHungStreamIs503WithTheEventIdsInTimeAndNoCallIsSentTwice() throws Exception {
        Set<String> mark = KinesisStub.mark();
        int callsBefore = KinesisStub.faults().putCalls();
        HttpResponse<String> answer;
        KinesisStub.freeze();
        try {
            answer = postAsync(events(2, 500)).get();
        } finally {
            KinesisStub.thaw();
        }

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("5", answer.headers().firstValue("Retry-After").orElse(null));
        JsonNode body = JSON.readTree(answer.body());
        List<String> ids = new ArrayList<>();
        body.get("event_ids").forEach(id -> ids.add(id.asText()));
        assertEquals(2, ids.size(), answer.body());

        // the emulator answers what it received while frozen: the call that timed out may be stored, once
        KinesisStub.faults().awaitNoPutInFlight(Duration.ofSeconds(30));
        assertEquals(1, KinesisStub.faults().putCalls() - callsBefore, "the call that timed out was never sent again");
        Map<String, Long> copies = copiesByEventId(recordsSince(mark));
        for (String id : ids) {
            assertTrue(copies.getOrDefault(id, 0L) <= 1, id + " is in the stream at most once: " + copies);
        }

        // the client sends the request again with the event_ids of the 503: a second copy, if any, has the same id
        StringBuilder again = new StringBuilder();
        List<String> lines = events(2, 500).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(lines.get(i));
            event.put("event_id", ids.get(i));
            again.append(event).append('\n');
        }
        HttpResponse<String> resent = postAsync(again.toString()).get();
        assertEquals(202, resent.statusCode(), resent.body());
        assertEquals(ids, JSON.convertValue(JSON.readTree(resent.body()).get("event_ids"), List.class));
        copies = copiesByEventId(recordsSince(mark));
        for (String id : ids) {
            long count = copies.getOrDefault(id, 0L);
            assertTrue(count == 1 || count == 2, id + " is in the stream, at most twice: " + copies);
        }
    }

    @Test
    void healthAndMetricsAnswerWhileEveryPutHangs() throws Exception {
        assertEquals(200, get("q/health/ready", CLIENT_TIMEOUT).statusCode());
        assertEquals(200, get("q/metrics", CLIENT_TIMEOUT).statusCode());
        Set<String> mark = KinesisStub.mark();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        KinesisStub.freeze();
        try {
            // more requests at once than the app has HTTP worker threads
            for (int i = 0; i < KinesisFaultsProfile.WORKER_THREADS + 16; i++) {
                requests.add(postAsync(events(1, 7000 + i)));
            }
            // the put path is full, and stuck
            KinesisStub.faults().awaitPutsInFlight(KinesisFaultsProfile.MAX_PUTS_IN_FLIGHT, CLIENT_TIMEOUT);

            Duration answerWithin = Duration.ofSeconds(2);
            assertEquals(200, get("q/health/ready", answerWithin).statusCode(), "readiness answers");
            assertEquals(200, get("q/metrics", answerWithin).statusCode(), "metrics answer");
        } finally {
            KinesisStub.thaw();
        }

        Set<String> accepted = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            HttpResponse<String> answer = request.get();
            assertTrue(answer.statusCode() == 202 || answer.statusCode() == 503, answer.body());
            JSON.readTree(answer.body()).get("event_ids")
                    .forEach(id -> (answer.statusCode() == 202 ? accepted : refused).add(id.asText()));
        }
        assertEquals(requests.size(), accepted.size() + refused.size(), "every answer names its event");
        KinesisStub.faults().awaitNoPutInFlight(Duration.ofSeconds(30));
        Map<String, Long> copies = copiesByEventId(recordsSince(mark));
        accepted.forEach(id -> assertEquals(1L, copies.get(id), id + " (202) is in the stream once"));
        refused.forEach(id -> assertTrue(copies.getOrDefault(id, 0L) <= 1, id + " (503) is in the stream at most once"));
    }

    @Test
    void aPutWhoseTimeIsSpentSendsNothing() {
        int callsBefore = KinesisStub.faults().putCalls();
        StreamPut put = new StreamPut(List.of(record("late")), Instant.now());

        assertThrows(StreamUnavailableException.class, () -> writer.put(put));

        assertEquals(callsBefore, KinesisStub.faults().putCalls(), "no call once the put's time is spent");
        assertEquals(1, put.pending().size());
    }

    @Test
    void aCallTakesNoLongerThanThePutHasLeft() throws Exception {
        StreamPut put = new StreamPut(List.of(record("soon")), Instant.now().plusMillis(200));
        long started = System.nanoTime();
        KinesisStub.freeze();
        try {
            assertThrows(StreamUnavailableException.class, () -> writer.put(put));
        } finally {
            KinesisStub.thaw();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        KinesisStub.faults().awaitNoPutInFlight(Duration.ofSeconds(30));

        // a hung call alone would be cut at greenhouse.events.kinesis.attempt-timeout (2s in tests)
        assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "the call was cut when the put's time ran out: " + took);
        assertEquals(1, put.pending().size(), "the record is not known to be in the stream");
    }

    private static StreamRecord record(String eventId) {
        return new StreamRecord(eventId, eventId, ("{\"event_id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void assertEachOnce(List<String> ids, List<Record> records) {
        Map<String, Long> copies = copiesByEventId(records);
        Set<String> missing = new HashSet<>(ids);
        missing.removeAll(copies.keySet());
        Set<String> others = new HashSet<>(copies.keySet());
        ids.forEach(others::remove);
        Map<String, Long> twice = new TreeMap<>(copies);
        twice.values().removeIf(count -> count == 1);
        assertEquals(Set.of(), missing, missing.size() + " events of the request are not in the stream");
        assertEquals(Set.of(), others, others.size() + " records in the stream are of no event of the request");
        assertEquals(Map.of(), twice, twice.size() + " events are in the stream more than once");
        assertEquals(ids.size(), records.size());
    }
}
