package org.greenhouse.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch extraction from a JSONPlaceholder-shaped API (WireMock) into the Kinesis emulator. */
@QuarkusTest
@TestProfile(H2Profile.class)
class BatchExtractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProducerTemplate camel;

    @BeforeEach
    void jsonApi() throws Exception {
        TestDatabase.clean();
        var api = PlantApiStub.server();
        api.resetAll();
        api.stubFor(get(urlEqualTo("/users")).willReturn(json("[{\"id\":1,\"name\":\"Leanne Graham\"},"
                + "{\"id\":2,\"name\":\"Ervin Howell\"}]")));
        api.stubFor(get(urlEqualTo("/posts")).willReturn(json("[{\"userId\":1,\"id\":1,\"title\":\"sunt aut\"},"
                + "{\"userId\":1,\"id\":2,\"title\":\"qui est\"},{\"userId\":2,\"id\":3,\"title\":\"ea molestias\"}]")));
        api.stubFor(get(urlEqualTo("/comments")).willReturn(json("[{\"postId\":1,\"id\":1,\"body\":\"laudantium\"}]")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void everyItemBecomesAStreamEventAndTheCountsAreRecorded() throws Exception {
        camel.requestBody("direct:batch-extract", (Object) null);

        Map<String, JsonNode> events = streamEvents().stream().filter(e -> e.get("type").asText().startsWith("batch."))
                .collect(Collectors.toMap(e -> e.get("event_id").asText(), e -> e, (a, b) -> b));
        assertTrue(events.keySet().containsAll(List.of("batch.users.1", "batch.users.2", "batch.posts.1",
                "batch.posts.2", "batch.posts.3", "batch.comments.1")), events.keySet().toString());
        assertEquals("Ervin Howell", events.get("batch.users.2").get("item").get("name").asText());
        assertEquals("batch.posts", events.get("batch.posts.3").get("type").asText());

        Map<String, Integer> counts = rows("SELECT collection, items FROM batch_run").stream()
                .collect(Collectors.toMap(r -> (String) r.get("collection"), r -> ((Number) r.get("items")).intValue()));
        assertEquals(Map.of("users", 2, "posts", 3, "comments", 1), counts);
    }

    @Test
    void anAnswerThatIsNoListFailsTheRunClearly() throws Exception {
        PlantApiStub.server().stubFor(get(urlEqualTo("/posts")).willReturn(json("{\"message\":\"rate limited\"}")));

        var failure = assertThrows(CamelExecutionException.class, () -> camel.requestBody("direct:batch-extract",
                (Object) null));

        assertEquals("/posts did not answer with a JSON array", rootCause(failure).getMessage());
        assertEquals(0, rows("SELECT * FROM batch_run").size(), "a failed run records no counts");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static List<JsonNode> streamEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (var record : KinesisStub.records()) {
            events.add(JSON.readTree(record.data().asByteArray()));
        }
        return events;
    }
}
