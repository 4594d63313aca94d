package org.greenhouse.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.NoApiKeysProfile;
import org.greenhouse.testing.RawHttp;
import org.junit.jupiter.api.Test;

/** As the README says: with no key in greenhouse.events.api-keys, every request is refused. */
@QuarkusTest
@TestProfile(NoApiKeysProfile.class)
class NoApiKeysTest {

    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":5,\"product\":{\"id\":1,\"title\":\"Backpack\",\"price\":109.95,\"category\":\"bags\"}}";

    @TestHTTPResource("/")
    URL app;

    @Inject
    ProducerTemplate camel;

    @Test
    void everyHttpRequestIsRefused() {
        for (String key : Arrays.asList(null, "", "test-key", "dev-key", "anything")) {
            RequestSpecification request = given().baseUri(app.toString()).contentType("application/json").body(VIEWED);
            if (key != null) {
                request.header("X-Api-Key", key);
            }
            request.post("/api/events").then().statusCode(401);
        }
    }

    @Test
    void everyRequestIsRefusedBeforeItsBodyIsRead() throws Exception {
        for (String key : List.of("X-Api-Key: anything", "X-Api-Key: ", "X-Other: 1")) {
            try (RawHttp raw = new RawHttp(app.getPort()).head("POST /api/events HTTP/1.1", key,
                    "Content-Type: application/json", "Content-Length: 1000000")) {
                assertEquals(401, raw.response(Duration.ofSeconds(10)).status(), key);
            }
        }
    }

    @Test
    void everyRequestOfTheLambdaEntryIsRefused() {
        for (String key : Arrays.asList(null, "", "test-key", "anything")) {
            Exchange answer = camel.request("direct:events-ingest", exchange -> {
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getIn().setHeader(EventIngest.API_KEY, key);
                exchange.getIn().setBody(VIEWED.getBytes());
            });
            assertEquals(401, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class), "key " + key);
        }
    }
}
