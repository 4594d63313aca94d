package org.greenhouse.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/** POST /api/events over HTTP into a real Kinesis emulator; records are read back from the stream. */
@QuarkusTest
@TestProfile(H2Profile.class)
class EventsIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":%d,\"product\":{\"id\":1,\"title\":\"Fjallraven Backpack\",\"price\":109.95,"
            + "\"category\":\"men's clothing\"}}";
    private static final String PURCHASE = "{\"event_id\":\"%s\",\"type\":\"purchase\",\"occurred_at\":"
            + "\"2026-11-23T06:01:00Z\",\"session_id\":\"s-1\",\"cart\":{\"id\":1,\"userId\":3,\"date\":"
            + "\"2020-03-02T00:00:00.000Z\",\"products\":[{\"productId\":1,\"quantity\":4}]}}";

    @TestHTTPResource("/")
    URL app;

    private RequestSpecification post(String contentType, String body) {
        return given().baseUri(app.toString()).header("X-Api-Key", "test-key").contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsGoIntoTheStreamWithIdsAndReceiptTime() throws Exception {
        String clientId = "client-" + System.nanoTime();
        Set<String> mark = KinesisStub.mark();
        List<String> ids = post("application/json", "[" + VIEWED.formatted(41) + "," + PURCHASE.formatted(clientId) + "]")
                .post("/api/events").then().statusCode(202).body("accepted", equalTo(2))
                .body("event_ids", hasItem(clientId)).extract().jsonPath().getList("event_ids", String.class);

        Map<String, Record> stream = recordsById(mark);
        Record viewed = stream.get(ids.get(0));
        JsonNode viewedEvent = JSON.readTree(viewed.data().asByteArray());
        assertEquals("product_viewed", viewedEvent.get("type").asText());
        assertEquals(109.95, viewedEvent.get("product").get("price").asDouble());
        assertTrue(viewedEvent.hasNonNull("received_at"));
        assertEquals("41", viewed.partitionKey(), "the user id places the event on a shard");
        assertEquals("s-1", stream.get(clientId).partitionKey(), "no user id: the session id");
    }

    @Test
    void ndjsonIsOneEventPerLine() throws Exception {
        Set<String> mark = KinesisStub.mark();
        List<String> ids = post("application/x-ndjson", VIEWED.formatted(42) + "\n" + VIEWED.formatted(43) + "\n")
                .post("/api/events").then().statusCode(202).body("event_ids", hasSize(2)).extract().jsonPath()
                .getList("event_ids", String.class);

        assertEquals(Set.copyOf(ids), recordsById(mark).keySet());
    }

    @Test
    void badRequestsGetTheRight4xxAndPutNothing() throws Exception {
        int before = recordCount();

        post("application/json", "{\"type\": ").post("/api/events").then().statusCode(400)
                .body("error", containsString("not JSON"));
        post("application/json", "[" + VIEWED.formatted(1) + ",{\"type\":\"sold\",\"occurred_at\":\"2026-11-23T06:00:00Z\"}]")
                .post("/api/events").then().statusCode(400)
                .body("error", equalTo("1 of 2 events are invalid; none was put into the stream"))
                .body("events[0].index", equalTo(1)).body("events[0].problems[0]", containsString("type"));
        post("text/plain", VIEWED.formatted(1)).post("/api/events").then().statusCode(415);
        post("application/json", "[" + (VIEWED.formatted(1) + ",").repeat(500) + VIEWED.formatted(1) + "]")
                .post("/api/events").then().statusCode(400).body("error", containsString("at most 500"));
        post("application/json", "[" + (VIEWED.formatted(1) + ",").repeat(8000) + VIEWED.formatted(1) + "]")
                .post("/api/events").then().statusCode(413);
        given().baseUri(app.toString()).contentType("application/json").body(VIEWED.formatted(1)).post("/api/events")
                .then().statusCode(401);
        given().baseUri(app.toString()).header("X-Api-Key", "test-kez").contentType("application/json")
                .body(VIEWED.formatted(1)).post("/api/events").then().statusCode(401);

        assertEquals(before, recordCount(), "nothing of a refused request is in the stream");
    }

    @Test
    void valuesThatWouldChangeMeaningAreRefused() throws Exception {
        Set<String> mark = KinesisStub.mark();
        String event = VIEWED.formatted(1);

        for (String huge : List.of("1e309", "-1e309", "2E+400")) {
            HttpResponse<String> refused = send("application/json", "[" + event + "," + event.replace("109.95", huge) + "]");
            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode answer = JSON.readTree(refused.body());
            assertEquals(1, answer.at("/events/0/index").asInt(), refused.body());
            assertTrue(answer.at("/events/0/problems/0").asText().contains("$.product.price"), refused.body());
        }
        for (String id : List.of("\"user_id\":1.0", "\"user_id\":1e0", "\"user_id\":1.5")) {
            HttpResponse<String> refused = send("application/json", event.replace("\"user_id\":1", id));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("$.user_id"), refused.body());
        }
        byte[] invalidUtf8 = event.replace("Fjallraven", "Fj\u00e4llr\u00e4ven").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> refused = send("application/json", invalidUtf8);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("UTF-8"), refused.body());
        assertEquals(415, send("application/json; charset=klingon", event).statusCode());

        assertEquals(List.of(), KinesisStub.recordsSince(mark), "nothing of a refused request is in the stream");
    }

    @Test
    void theDeclaredCharsetIsHonouredAndMediaTypesMatchInAnyCase() throws Exception {
        Set<String> mark = KinesisStub.mark();
        String title = "Fj\u00e4llr\u00e4ven Backpack, cr\u00e8me";
        String event = VIEWED.formatted(61).replace("Fjallraven Backpack", title);

        List<HttpResponse<String>> answers = List.of(
                send("application/json; charset=ISO-8859-1", event.getBytes(StandardCharsets.ISO_8859_1)),
                send("application/json; charset=\"utf-16\"", event.getBytes(StandardCharsets.UTF_16)),
                send("APPLICATION/JSON", event),
                send("Application/X-NDJSON; Charset=UTF-8", event + "\n"));

        List<String> ids = new java.util.ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            assertEquals(202, answer.statusCode(), answer.request().headers() + ": " + answer.body());
            ids.add(JSON.readTree(answer.body()).at("/event_ids/0").asText());
        }
        Map<String, Record> stream = recordsById(mark);
        assertEquals(Set.copyOf(ids), stream.keySet());
        for (Record record : stream.values()) {
            assertEquals(title, JSON.readTree(record.data().asByteArray()).at("/product/title").asText());
        }
    }

    private HttpResponse<String> send(String contentType, String body) throws Exception {
        return send(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A request exactly as given: the client library adds no charset and encodes nothing. */
    private HttpResponse<String> send(String contentType, byte[] body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(app + "api/events")).header("X-Api-Key", "test-key").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoint() {
        given().baseUri(app.toString()).get("/openapi").then().statusCode(200)
                .body("paths.'/api/events'.post.operationId", equalTo("post-events"))
                .body("paths.'/api/events'.post.requestBody.description", containsString("application/x-ndjson"));
    }

    @Test
    void entriesKinesisDidNotTakeAreRetriedAloneAndNoneIsLostOrDoubled() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append(VIEWED.formatted(100 + i)).append('\n');
        }
        int callsBefore = KinesisStub.faults().putCalls();
        KinesisStub.faults().failEntries(7);

        List<String> ids = post("application/x-ndjson", body.toString()).post("/api/events").then().statusCode(202)
                .extract().jsonPath().getList("event_ids", String.class);

        Map<String, Long> copies = records().stream().collect(Collectors.groupingBy(r -> eventId(r),
                Collectors.counting()));
        for (String id : ids) {
            assertEquals(1L, copies.getOrDefault(id, 0L), id + " is in the stream once");
        }
        assertTrue(KinesisStub.faults().putCalls() - callsBefore >= 2, "the failed entries were sent again");
    }

    @Test
    void throttledCallsAreRetried() throws Exception {
        KinesisStub.faults().throttleCalls(2);
        Set<String> mark = KinesisStub.mark();

        String id = post("application/json", VIEWED.formatted(77)).post("/api/events").then().statusCode(202)
                .extract().jsonPath().getList("event_ids", String.class).get(0);

        assertEquals(Set.of(id), recordsById(mark).keySet());
    }

    @Test
    void kinesisStayingAwayIs503WithRetryAfter() throws Exception {
        KinesisStub.stopServer();
        try {
            post("application/json", VIEWED.formatted(7)).post("/api/events").then().statusCode(503)
                    .header("Retry-After", "5");
        } finally {
            KinesisStub.startServer();
        }
        post("application/json", VIEWED.formatted(7)).post("/api/events").then().statusCode(202);
    }

    private static int recordCount() throws Exception {
        return records().size();
    }

    /** The records put since the mark, by the event_id inside them; an event in the stream twice fails the test. */
    private static Map<String, Record> recordsById(Set<String> mark) {
        Map<String, Record> byId = new HashMap<>();
        for (Record record : KinesisStub.recordsSince(mark)) {
            Record again = byId.put(eventId(record), record);
            assertNull(again, eventId(record) + " is in the stream more than once");
        }
        return byId;
    }

    private static List<Record> records() {
        return KinesisStub.records();
    }

    private static String eventId(Record record) {
        try {
            return JSON.readTree(record.data().asByteArray()).get("event_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
