package org.greenhouse.events.process;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.EventsProcessProfile;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The route against the running app: events posted over HTTP, through Kinesis (kinesalite), delivered by
 * events-deliver into S3 (S3Proxy), processed by direct:events-process, then asked back through POST /api/query and
 * seen on the dashboard's JSON as counts by type per hour.
 */
@QuarkusTest
@TestProfile(EventsProcessProfile.class)
class EventsProcessTest {

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    /** The stream drained by a delivery, then an empty bucket: each test sees only its own events. */
    @BeforeEach
    void anEmptyLake() throws Exception {
        TestDatabase.clean();
        camel.requestBody("direct:events-deliver", (Object) null);
        S3Stub.clear();
    }

    @Test
    void postedEventsAreInTheirFamilyTablesOnceAndCountedPerHourOnTheDashboard() {
        Instant now = Instant.now();
        List<String> viewed = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            String id = "view-" + now.toEpochMilli() + "-" + i;
            viewed.add(id);
            body.append("{\"event_id\":\"").append(id).append("\",\"type\":\"product_viewed\",\"occurred_at\":\"")
                    .append(now).append("\",\"user_id\":").append(i + 1).append(",\"product\":{\"id\":3,\"title\":"
                            + "\"Jacket\",\"price\":55.99,\"category\":\"clothing\"}}\n");
        }
        body.append("{\"event_id\":\"buy-").append(now.toEpochMilli()).append("\",\"type\":\"purchase\","
                + "\"occurred_at\":\"").append(now).append("\",\"user_id\":2,\"cart\":{\"userId\":2,\"date\":\"")
                .append(now).append("\",\"products\":[{\"productId\":3,\"quantity\":4}]}}\n");
        given().baseUri(app.toString()).header("X-Api-Key", "test-key").contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8)).post("/api/events").then().statusCode(202);
        camel.requestBody("direct:events-deliver", (Object) null);
        assertTrue(rawKeys().size() >= 1, "events-deliver wrote raw objects: " + rawKeys());

        EventsProcess.Report report = camel.requestBody("direct:events-process", (Object) null,
                EventsProcess.Report.class);
        assertEquals(rawKeys().size(), report.objects());
        assertEquals(Map.of("events_product", 7L, "events_purchase", 1L), report.rows());
        assertEquals(0, report.rejects());

        assertEquals(viewed, column(query("SELECT event_id FROM events_product ORDER BY event_id")));
        assertEquals(List.of("4"), column(query("SELECT quantity_total FROM events_purchase")));

        EventsProcess.Report again = camel.requestBody("direct:events-process", (Object) null,
                EventsProcess.Report.class);
        assertEquals(0, again.pending(), "every raw object has its manifest");
        assertEquals(List.of("7"), column(query("SELECT count(*) FROM events_product")), "nothing twice");

        Response dashboard = given().get(app + "api/dashboard");
        assertEquals(200, dashboard.statusCode(), dashboard.asString());
        assertEquals(Boolean.TRUE, dashboard.jsonPath().get("events.available"), dashboard.asString());
        String hour = now.truncatedTo(ChronoUnit.HOURS).toString();
        assertEquals(List.of(Map.of("hour", hour, "type", "product_viewed", "events", 7),
                Map.of("hour", hour, "type", "purchase", "events", 1)),
                dashboard.jsonPath().getList("events.counts"));
    }

    @Test
    void aBadLineIsARejectAndABrokenObjectFailsTheCycleWhileTheOthersAreProcessed() throws Exception {
        String day = "greenhouse/events/year=2026/month=11/day=20/hour=08/";
        String good = day + "shardId-000000000000-1-3.ndjson.gz";
        String broken = day + "shardId-000000000000-4-4.ndjson.gz";
        put(good, gzip("{\"event_id\":\"v-1\",\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-20T08:00:00Z\","
                + "\"product\":{\"id\":1,\"title\":\"Mug\",\"price\":9.5,\"category\":\"home\"}}\n"
                + "{\"event_id\":\"v-2\",\"type\":\"product_viewed\"\n"
                + "{\"event_id\":\"x-1\",\"type\":\"batch.albums\",\"received_at\":\"2026-11-20T08:00:00Z\","
                + "\"item\":{\"id\":1}}\n"));
        put(broken, "no gzip".getBytes(StandardCharsets.UTF_8));

        CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                () -> camel.requestBody("direct:events-process", (Object) null));
        EventsProcess.ObjectsFailedException cause = assertInstanceOf(EventsProcess.ObjectsFailedException.class,
                failed.getCause());
        assertTrue(cause.getMessage().contains(broken), cause.getMessage());

        assertEquals(List.of("v-1"), column(query("SELECT event_id FROM events_product")));
        assertEquals(List.of("2 " + good, "3 " + good), column(query(
                "SELECT CAST(line AS VARCHAR) || ' ' || raw_key FROM events_reject ORDER BY line")));
        assertEquals(List.of("type 'batch.albums' is of no known event family"),
                column(query("SELECT reason FROM events_reject WHERE line = 3")));

        // the broken object waits for the next cycle, the good one is not processed again
        put(broken, gzip(""));
        EventsProcess.Report next = camel.requestBody("direct:events-process", (Object) null,
                EventsProcess.Report.class);
        assertEquals(1, next.pending());
        assertEquals(List.of("1"), column(query("SELECT count(*) FROM events_product")));
    }

    private static List<String> rawKeys() {
        return S3Stub.client().listObjectsV2Paginator(list -> list.bucket(S3Stub.BUCKET).prefix("greenhouse/events/"))
                .contents().stream().map(o -> o.key()).toList();
    }

    private static void put(String key, byte[] bytes) {
        S3Stub.client().putObject(put -> put.bucket(S3Stub.BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private Response query(String sql) {
        Response answer = asAdmin(given()).baseUri(app.toString()).contentType("application/json")
                .body(Map.of("sql", sql)).post("/api/query");
        assertEquals(200, answer.statusCode(), answer.asString());
        return answer;
    }

    /** The first column of a JSON answer's rows, as text. */
    private static List<String> column(Response answer) {
        List<List<Object>> rows = answer.jsonPath().getList("rows");
        return rows.stream().map(row -> String.valueOf(row.get(0))).toList();
    }
}
