package org.greenhouse.lambda;

import static org.greenhouse.testing.TestDatabase.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler called directly as a bean, with event JSON as AWS documents it, against the real routes
 * and the tests' stand-ins. LambdaRuntimeTest sends the same events through the Lambda runtime.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class GreenhouseLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @Inject
    GreenhouseLambda lambda;

    @BeforeEach
    void clean() throws Exception {
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
    }

    private static Map<String, Object> event(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<>() {
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEventBridgeScheduleRunsOneCycleOfThePipelineItNames() throws Exception {
        // a rule's constant input replaces the event; an input under detail is read too
        Map<String, Object> result = lambda.handleRequest(event(LambdaEvents.scheduled("plant-ingest")), null);

        assertEquals("plant-ingest", result.get("pipeline"));
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) result.get("report")).get("counts");
        assertEquals(47, counts.get("inserted"));
        assertEquals(47, count("plant_reading"));
    }

    @Test
    void anUnknownPipelineIsAClearError() throws Exception {
        var failure = assertThrows(IllegalArgumentException.class,
                () -> lambda.handleRequest(event(LambdaEvents.constantInput("plant-ingset")), null));
        assertTrue(failure.getMessage().startsWith("unknown pipeline 'plant-ingset'"), failure.getMessage());
    }

    @Test
    void anHttpApiV2EventPostsEventsThroughTheIngestionRoute() throws Exception {
        String id = "lambda-v2-" + System.nanoTime();
        Map<String, Object> response = lambda.handleRequest(event(LambdaEvents.httpApiV2(id)), null);

        assertEquals(202, response.get("statusCode"), String.valueOf(response));
        assertTrue(((String) response.get("body")).contains(id));
        assertTrue(KinesisStub.records().stream().anyMatch(r -> r.data().asUtf8String().contains(id)));
    }

    @Test
    void aRestApiV1EventIsServedTooAndRefusalsKeepTheirStatus() throws Exception {
        String id = "lambda-v1-" + System.nanoTime();
        assertEquals(202, lambda.handleRequest(event(LambdaEvents.restApiV1("/api/events", "test-key", id)), null)
                .get("statusCode"));
        assertEquals(401, lambda.handleRequest(event(LambdaEvents.restApiV1("/api/events", "wrong-key", id)), null)
                .get("statusCode"));
        assertEquals(404, lambda.handleRequest(event(LambdaEvents.restApiV1("/api/other", "test-key", id)), null)
                .get("statusCode"));
    }
}
