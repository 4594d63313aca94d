package org.greenhouse.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.LogCapture;
import org.greenhouse.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * POST /api/events as a hostile client sends it: keys in the URL, query strings no client library writes,
 * control characters, and large bodies without a key. Over real sockets; what is put is read from the stream.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class EventsHttpTest {

    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":5,\"product\":{\"id\":1,\"title\":\"Backpack\",\"price\":109.95,\"category\":\"bags\"}}";
    /** Long enough for a loaded machine to answer; a server that waits for a body that never comes does not. */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL app;

    @Test
    void anApiKeyInTheUrlIsRefusedAndNeverLogged() {
        Set<String> mark = KinesisStub.mark();
        try (LogCapture logs = LogCapture.start()) {
            given().baseUri(app.toString()).queryParam("X-Api-Key", "second-key").contentType("application/json")
                    .body(VIEWED).post("/api/events").then().statusCode(401)
                    .body("error", containsString("never in the URL"));
            for (String key : List.of("second-key", "test-key")) {
                given().baseUri(app.toString()).queryParam("x-api-key", key).header("X-Api-Key", "test-key")
                        .contentType("application/json").body(VIEWED).post("/api/events").then().statusCode(401)
                        .body("error", containsString("never in the URL"));
            }

            assertTrue(logs.lines().stream().noneMatch(line -> line.contains("second-key")), logs.lines().toString());
        }
        assertEquals(List.of(), KinesisStub.recordsSince(mark), "nothing of a refused request is in the stream");
    }

    /** Refused by Quarkus before any route (its URI check), with an empty 400: the one answer without a reason. */
    @Test
    void malformedQueryStringsAre400WithoutAStackTrace() throws Exception {
        Set<String> mark = KinesisStub.mark();
        byte[] event = VIEWED.getBytes(StandardCharsets.UTF_8);
        try (LogCapture logs = LogCapture.start()) {
            for (String query : List.of("a=%zz", "a=%", "%=1", "a=%2")) {
                assertRefusedWithoutTrace(exchange("POST /api/events?" + query, new byte[0]));
                assertRefusedWithoutTrace(exchange("POST /api/events?" + query, event, "X-Api-Key: test-key",
                        "Content-Type: application/json"));
                assertRefusedWithoutTrace(exchange("GET /simulator/plants/1?" + query, null));
                assertRefusedWithoutTrace(exchange("POST /archive/backfill?" + query, new byte[0]));
            }
            assertEquals(List.of(), logs.lines(), "a client's malformed request is not the app's error to log");
        }
        assertEquals(List.of(), KinesisStub.recordsSince(mark), "nothing of a refused request is in the stream");
    }

    private static void assertRefusedWithoutTrace(RawHttp.Response response) {
        assertEquals(400, response.status(), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), response.body());
    }

    @Test
    void controlCharactersInTheQueryNeitherBreakTheAnswerNorForgeLogLines() throws Exception {
        Set<String> mark = KinesisStub.mark();
        byte[] event = VIEWED.getBytes(StandardCharsets.UTF_8);
        String forged = "note=%0D%0A2026-11-23%2006:00:00,000%20ERROR%20[forged]%20key%20leaked&x%0Ay=1";
        try (LogCapture logs = LogCapture.start()) {
            assertEquals(401, exchange("POST /api/events?" + forged, event, "Content-Type: application/json").status());
            RawHttp.Response accepted = exchange("POST /api/events?" + forged, event, "X-Api-Key: test-key",
                    "Content-Type: application/json");
            assertEquals(202, accepted.status(), accepted.body());

            for (String line : logs.lines()) {
                assertFalse(line.contains("\n2026-11-23") || line.contains("\r2026-11-23"), "a forged log line: " + line);
            }
        }
        Map<String, Long> copies = KinesisStub.copiesByEventId(KinesisStub.recordsSince(mark));
        assertEquals(1, copies.size(), "the accepted event, once: " + copies);
        assertEquals(Set.of(1L), Set.copyOf(copies.values()));
    }

    @Test
    void theKeyIsCheckedBeforeTheBodyIsRead() throws Exception {
        // a flood of large keyless requests: each is answered from its head alone, none of its body sent
        for (int i = 0; i < 200; i++) {
            try (RawHttp raw = request("POST /api/events", "Content-Type: application/json",
                    "Content-Length: 1000000", i % 2 == 0 ? "X-Api-Key: wrong-key" : "X-Other: 1")) {
                RawHttp.Response refused = raw.response(ANSWER);
                assertEquals(401, refused.status(), refused.body());
            }
        }
        // a client that sends its body anyway gets the 401 too, and the app goes on answering
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(app + "api/events"))
                    .timeout(ANSWER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1_000_000])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), refused.body());
        }
        // a client that asks first is told no before it sends anything
        try (RawHttp raw = request("POST /api/events", "Content-Type: application/json", "Content-Length: 1000000",
                "Expect: 100-continue")) {
            RawHttp.Response refused = raw.response(ANSWER);
            assertEquals(401, refused.status(), refused.body());
            assertEquals(List.of(), refused.interim(), "no 100 Continue for a request without a key");
        }
    }

    @Test
    void bodiesInFlightAreBounded() throws Exception {
        int bound = ConfigProvider.getConfig().getValue("greenhouse.events.max-bodies-in-flight", Integer.class);
        List<RawHttp> sending = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            try {
                // clients with a key whose large bodies are still on the way
                for (int i = 0; i < bound; i++) {
                    sending.add(request("POST /api/events", "X-Api-Key: test-key", "Content-Type: application/json",
                            "Content-Length: 1000000").send("[".getBytes(StandardCharsets.UTF_8)));
                }
                awaitBodiesInFlight(bound);

                RawHttp.Response refused;
                try (RawHttp raw = request("POST /api/events", "X-Api-Key: test-key", "Content-Type: application/json",
                        "Content-Length: 1000000")) {
                    refused = raw.response(ANSWER);
                }
                assertEquals(503, refused.status(), refused.body());
                assertEquals(List.of("5"), refused.headers().get("retry-after"));
            } finally {
                for (RawHttp raw : sending) {
                    raw.close();
                }
            }
            awaitBodiesInFlight(0);
            assertEquals(List.of(), logs.lines(), "a client that hangs up is not the app's error");
        }
        given().baseUri(app.toString()).header("X-Api-Key", "test-key").contentType("application/json").body(VIEWED)
                .post("/api/events").then().statusCode(202);
    }

    /** Waits until the app's gauge shows this many request bodies being read or handled. */
    private void awaitBodiesInFlight(int expected) throws InterruptedException {
        String gauge = "greenhouse_events_bodies_in_flight";
        for (int attempt = 0; attempt < 200; attempt++) {
            String metrics = given().baseUri(app.toString()).get("/q/metrics").then().statusCode(200).extract().asString();
            if (metrics.lines().anyMatch(line -> line.startsWith(gauge) && Double.parseDouble(line.substring(
                    line.lastIndexOf(' ') + 1)) == expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(gauge + " never reached " + expected);
    }

    /** One request, its body (null: none, no Content-Length) sent whole, and its answer. */
    private RawHttp.Response exchange(String requestLine, byte[] body, String... headers) throws Exception {
        List<String> head = new ArrayList<>(List.of(headers));
        if (body != null) {
            head.add("Content-Length: " + body.length);
        }
        try (RawHttp raw = request(requestLine, head.toArray(String[]::new))) {
            return raw.send(body == null ? new byte[0] : body).response(ANSWER);
        }
    }

    private RawHttp request(String requestLine, String... headers) throws Exception {
        return new RawHttp(app.getPort()).head(requestLine + " HTTP/1.1", headers);
    }
}
