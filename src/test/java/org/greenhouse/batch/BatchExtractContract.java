package org.greenhouse.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.greenhouse.testing.KinesisStub.copiesByEventId;
import static org.greenhouse.testing.KinesisStub.recordsSince;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.runs.RunInProgressException;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The batch extraction from a JSONPlaceholder-shaped API (WireMock) into the Kinesis emulator, and what it
 * records in batch_run. Subclasses choose the database.
 */
abstract class BatchExtractContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** greenhouse.events.kinesis.put-retries */
    private static final int PUT_RETRIES = 3;
    private static final String USERS = "[{\"id\":1,\"name\":\"Leanne Graham\"},{\"id\":2,\"name\":\"Ervin Howell\"}]";

    @Inject
    ProducerTemplate camel;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void jsonApi() throws Exception {
        TestDatabase.clean();
        var api = PlantApiStub.server();
        api.resetAll();
        api.stubFor(get(urlEqualTo("/users")).willReturn(json(USERS)));
        api.stubFor(get(urlEqualTo("/posts")).willReturn(json("[{\"userId\":1,\"id\":1,\"title\":\"sunt aut\"},"
                + "{\"userId\":1,\"id\":2,\"title\":\"qui est\"},{\"userId\":2,\"id\":3,\"title\":\"ea molestias\"}]")));
        api.stubFor(get(urlEqualTo("/comments")).willReturn(json("[{\"postId\":1,\"id\":1,\"body\":\"laudantium\"}]")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void everyItemIsOneStreamEventAndTheCountsAreRecorded() throws Exception {
        Set<String> mark = KinesisStub.mark();

        camel.requestBody("direct:batch-extract", (Object) null);

        List<Record> put = recordsSince(mark);
        assertEquals(Map.of("batch.users.1", 1L, "batch.users.2", 1L, "batch.posts.1", 1L, "batch.posts.2", 1L,
                "batch.posts.3", 1L, "batch.comments.1", 1L), copiesByEventId(put), "each item once");
        Map<String, JsonNode> events = new HashMap<>();
        for (Record record : put) {
            events.put(KinesisStub.eventId(record), JSON.readTree(record.data().asByteArray()));
        }
        assertEquals("Ervin Howell", events.get("batch.users.2").get("item").get("name").asText());
        assertEquals("batch.posts", events.get("batch.posts.3").get("type").asText());

        assertEquals(Set.of(List.of("users", 2, "SUCCEEDED"), List.of("posts", 3, "SUCCEEDED"),
                List.of("comments", 1, "SUCCEEDED")), outcomes());
        assertEquals(1, rows("SELECT DISTINCT run_started FROM batch_run").size(), "one run");
    }

    @Test
    void anAnswerThatIsNoListFailsTheRunAndTheFailureIsRecorded() throws Exception {
        PlantApiStub.server().stubFor(get(urlEqualTo("/posts")).willReturn(json("{\"message\":\"rate limited\"}")));
        double failedBefore = failedRuns();

        var failure = assertThrows(CamelExecutionException.class, () -> camel.requestBody("direct:batch-extract",
                (Object) null));

        assertEquals("/posts did not answer with a JSON array", rootCause(failure).getMessage());
        assertEquals(Set.of(List.of("users", 2, "SUCCEEDED"), List.of("posts", 0, "FAILED")), outcomes(),
                "the collections before the failure went in; comments was not reached");
        var failed = rows("SELECT error FROM batch_run WHERE status = 'FAILED'");
        assertEquals("IllegalArgumentException: /posts did not answer with a JSON array", failed.get(0).get("error"));
        assertEquals(failedBefore + 1, failedRuns(), "greenhouse.runs{pipeline=batch-extract,result=failed}");
    }

    @Test
    void onlyTheHeadersTheApiCallNeedsGoOut() {
        // what a Quartz trigger puts on the exchange, and anything else a caller may have set
        Map<String, Object> trigger = Map.of("jobDetail", "JobDetail 'greenhouse.batch-extract'", "scheduler",
                "DefaultQuartzScheduler-greenhouse", "trigger", "Trigger 'greenhouse.batch-extract'", "fireTime",
                "Mon Dec 01 10:00:00 UTC 2026", "scheduledFireTime", "Mon Dec 01 10:00:00 UTC 2026", "X-Caller", "cron");

        camel.requestBodyAndHeaders("direct:batch-extract", null, trigger);

        for (String path : List.of("/users", "/posts", "/comments")) {
            var requests = PlantApiStub.server().findAll(getRequestedFor(urlEqualTo(path)));
            assertEquals(1, requests.size(), path);
            Set<String> sent = requests.get(0).getHeaders().all().stream().map(HttpHeader::key)
                    .map(String::toLowerCase).collect(Collectors.toSet());
            assertTrue(Set.of("host", "connection", "user-agent", "accept-encoding").containsAll(sent),
                    path + " was called with headers of the exchange: " + sent);
        }
    }

    @Test
    void theApiCallTakesItsTimeoutsFromTheBatchSettings() throws Exception {
        // slower than greenhouse.plant.read-timeout (1s in tests), within greenhouse.batch.read-timeout (3s)
        PlantApiStub.server().stubFor(get(urlEqualTo("/users")).willReturn(json(USERS).withFixedDelay(2000)));

        camel.requestBody("direct:batch-extract", (Object) null);

        assertEquals(Set.of(List.of("users", 2, "SUCCEEDED"), List.of("posts", 3, "SUCCEEDED"),
                List.of("comments", 1, "SUCCEEDED")), outcomes());
    }

    @Test
    void anApiSlowerThanTheBatchTimeoutFailsTheRunAndSaysSo() throws Exception {
        PlantApiStub.server().stubFor(get(urlEqualTo("/users")).willReturn(json(USERS).withFixedDelay(5000)));

        assertThrows(CamelExecutionException.class, () -> camel.requestBody("direct:batch-extract", (Object) null));

        assertEquals(Set.of(List.of("users", 0, "FAILED")), outcomes());
        String error = (String) rows("SELECT error FROM batch_run").get(0).get("error");
        assertTrue(error.contains("SocketTimeoutException") || error.contains("timed out"), error);
    }

    @Test
    void moreItemsThanOneCallTakesGoInOnceWhenALaterCallIsRefused() throws Exception {
        StringBuilder comments = new StringBuilder("[");
        for (int id = 1; id <= 1200; id++) {
            comments.append(id > 1 ? "," : "").append("{\"postId\":1,\"id\":").append(id).append(",\"body\":\"c\"}");
        }
        PlantApiStub.server().stubFor(get(urlEqualTo("/comments")).willReturn(json(comments + "]")));
        Set<String> mark = KinesisStub.mark();
        // users and posts are one call each; comments three (500, 500, 200), of which the second is refused whole
        KinesisStub.faults().refuseCalls(3, 1);

        camel.requestBody("direct:batch-extract", (Object) null);

        Map<String, Long> copies = copiesByEventId(recordsSince(mark));
        assertEquals(2 + 3 + 1200, copies.size());
        copies.forEach((id, count) -> assertEquals(1L, count, id + " is in the stream once"));
        assertEquals(Set.of(List.of("users", 2, "SUCCEEDED"), List.of("posts", 3, "SUCCEEDED"),
                List.of("comments", 1200, "SUCCEEDED")), outcomes());
    }

    @Test
    void aRunThatCannotPutEverythingRecordsHowManyItemsWentIn() throws Exception {
        StringBuilder comments = new StringBuilder("[");
        for (int id = 1; id <= 700; id++) {
            comments.append(id > 1 ? "," : "").append("{\"postId\":1,\"id\":").append(id).append(",\"body\":\"c\"}");
        }
        PlantApiStub.server().stubFor(get(urlEqualTo("/comments")).willReturn(json(comments + "]")));
        Set<String> mark = KinesisStub.mark();
        // comments are two calls (500, 200); the second is refused on every try
        KinesisStub.faults().refuseCalls(3, 1 + PUT_RETRIES);

        assertThrows(CamelExecutionException.class, () -> camel.requestBody("direct:batch-extract", (Object) null));

        assertEquals(Set.of(List.of("users", 2, "SUCCEEDED"), List.of("posts", 3, "SUCCEEDED"),
                List.of("comments", 500, "FAILED")), outcomes());
        String error = (String) rows("SELECT error FROM batch_run WHERE status = 'FAILED'").get(0).get("error");
        assertTrue(error.startsWith("PartialPutException: 200 of 700 records not in the stream"), error);
        Map<String, Long> copies = copiesByEventId(recordsSince(mark));
        assertEquals(2 + 3 + 500, copies.size());
        copies.forEach((id, count) -> assertEquals(1L, count, id + " is in the stream once"));
    }

    @Test
    void oneRunAtATime() throws Exception {
        PlantApiStub.server().stubFor(get(urlEqualTo("/users")).willReturn(json(USERS).withFixedDelay(1500)));
        CompletableFuture<Object> first = camel.asyncRequestBody("direct:batch-extract", null);
        awaitRequest("/users");

        var second = assertThrows(CamelExecutionException.class, () -> camel.requestBody("direct:batch-extract",
                (Object) null));

        assertInstanceOf(RunInProgressException.class, second.getCause());
        first.get();
        assertEquals(1, rows("SELECT DISTINCT run_started FROM batch_run").size(), "only the first run ran");
        assertEquals(1, PlantApiStub.server().findAll(getRequestedFor(urlEqualTo("/users"))).size());
    }

    /** Each batch_run row as (collection, items, status). */
    private static Set<List<Object>> outcomes() throws Exception {
        Set<List<Object>> outcomes = new HashSet<>();
        for (var row : rows("SELECT collection, items, status FROM batch_run")) {
            outcomes.add(List.of(row.get("collection"), ((Number) row.get("items")).intValue(), row.get("status")));
        }
        return outcomes;
    }

    private double failedRuns() {
        var counter = metrics.find("greenhouse.runs").tags("pipeline", "batch-extract", "result", "failed").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitRequest(String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (PlantApiStub.server().findAll(getRequestedFor(urlEqualTo(path))).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no request for " + path);
            }
            Thread.sleep(10);
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
