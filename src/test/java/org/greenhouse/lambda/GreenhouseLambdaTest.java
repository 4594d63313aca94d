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
 * The Lambda handler called directly as a bean (quarkus-test-amazon-lambda is not served here, and the
 * lambda profile's mock event server is not part of the test build), with event JSON as AWS documents it,
 * against the real routes and the tests' stand-ins.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class GreenhouseLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\\\"type\\\":\\\"product_viewed\\\",\\\"occurred_at\\\":\\\"2026-11-23T06:00:00Z\\\","
            + "\\\"user_id\\\":5,\\\"event_id\\\":\\\"%s\\\",\\\"product\\\":{\\\"id\\\":1,\\\"title\\\":\\\"Backpack\\\","
            + "\\\"price\\\":109.95,\\\"category\\\":\\\"bags\\\"}}";

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
        Map<String, Object> result = lambda.handleRequest(event("{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-"
                + "8b7d4a4d2eaa\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":"
                + "\"123456789012\",\"time\":\"2026-11-23T06:00:00Z\",\"region\":\"eu-west-2\",\"resources\":"
                + "[\"arn:aws:events:eu-west-2:123456789012:rule/plant-ingest\"],\"detail\":{\"pipeline\":"
                + "\"plant-ingest\"}}"), null);

        assertEquals("plant-ingest", result.get("pipeline"));
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) result.get("report")).get("counts");
        assertEquals(47, counts.get("inserted"));
        assertEquals(47, count("plant_reading"));
    }

    @Test
    void anUnknownPipelineIsAClearError() throws Exception {
        var failure = assertThrows(IllegalArgumentException.class,
                () -> lambda.handleRequest(event("{\"pipeline\":\"plant-ingset\"}"), null));
        assertTrue(failure.getMessage().startsWith("unknown pipeline 'plant-ingset'"), failure.getMessage());
    }

    @Test
    void anHttpApiV2EventPostsEventsThroughTheIngestionRoute() throws Exception {
        String id = "lambda-v2-" + System.nanoTime();
        Map<String, Object> response = lambda.handleRequest(event("{\"version\":\"2.0\",\"routeKey\":\"POST /api/events\","
                + "\"rawPath\":\"/api/events\",\"rawQueryString\":\"\",\"headers\":{\"content-type\":\"application/json\","
                + "\"x-api-key\":\"test-key\"},\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"api-id\","
                + "\"http\":{\"method\":\"POST\",\"path\":\"/api/events\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":"
                + "\"192.0.2.1\"},\"requestId\":\"id\",\"routeKey\":\"POST /api/events\",\"stage\":\"$default\"},"
                + "\"body\":\"" + EVENT.formatted(id) + "\",\"isBase64Encoded\":false}"), null);

        assertEquals(202, response.get("statusCode"), String.valueOf(response));
        assertTrue(((String) response.get("body")).contains(id));
        assertTrue(KinesisStub.records().stream().anyMatch(r -> r.data().asUtf8String().contains(id)));
    }

    @Test
    void aRestApiV1EventIsServedTooAndRefusalsKeepTheirStatus() throws Exception {
        String id = "lambda-v1-" + System.nanoTime();
        String v1 = "{\"resource\":\"/api/events\",\"path\":\"/api/events\",\"httpMethod\":\"POST\",\"headers\":"
                + "{\"Content-Type\":\"application/json\",\"X-Api-Key\":\"%s\"},\"requestContext\":{\"resourcePath\":"
                + "\"/api/events\",\"httpMethod\":\"POST\",\"stage\":\"prod\"},\"body\":\"" + EVENT.formatted(id)
                + "\",\"isBase64Encoded\":false}";

        assertEquals(202, lambda.handleRequest(event(v1.formatted("test-key")), null).get("statusCode"));
        assertEquals(401, lambda.handleRequest(event(v1.formatted("wrong-key")), null).get("statusCode"));
        assertEquals(404, lambda.handleRequest(event(v1.formatted("test-key").replace("\"path\":\"/api/events\"",
                "\"path\":\"/api/other\"")), null).get("statusCode"));
    }
}
