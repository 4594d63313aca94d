package org.greenhouse.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.AdminCredentials;
import org.greenhouse.testing.H2Profile;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP route of the app (event ingestion, its OpenAPI document, the archive backfill, the plant API
 * simulator) answers with the headers its API defines, whatever the request's query parameters and headers.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
class ResponseHeadersTest {

    /** What the app's HTTP APIs define, and the framing HTTP/1.1 needs. */
    private static final Set<String> DEFINED = Set.of("content-type", "content-length", "transfer-encoding",
            "retry-after", "www-authenticate");
    /** Query parameters named like response headers, and values to find if anything is echoed. */
    private static final String HOSTILE_QUERY = "Set-Cookie=session%3Dstolen&Location=https%3A%2F%2Fevil.example%2F"
            + "&X-Api-Key=leaked-key&X-Echo=echoed-query";
    private static final String VIEWED = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
            + "\"user_id\":9,\"product\":{\"id\":1,\"title\":\"Backpack\",\"price\":109.95,\"category\":\"bags\"}}";

    @TestHTTPResource("/")
    URL app;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eventIngestionAnswersWithItsOwnHeadersOnly() throws Exception {
        assertOnlyDefinedHeaders(post("api/events?" + HOSTILE_QUERY, null, VIEWED), 401);
        assertOnlyDefinedHeaders(post("api/events?" + HOSTILE_QUERY, "wrong-key", VIEWED), 401);
        assertOnlyDefinedHeaders(post("api/events", "test-key", "{\"type\":"), 400);
        assertOnlyDefinedHeaders(post("api/events?X-Echo=echoed-query", "test-key", VIEWED), 202);
    }

    @Test
    void theOpenApiDocumentBackfillAndSimulatorAnswerWithTheirOwnHeadersOnly() throws Exception {
        assertOnlyDefinedHeaders(get("openapi?" + HOSTILE_QUERY), 200);
        assertOnlyDefinedHeaders(get("simulator/plants/3?" + HOSTILE_QUERY), 200);
        assertOnlyDefinedHeaders(get("simulator/plants/abc?" + HOSTILE_QUERY), 400);
        assertOnlyDefinedHeaders(http.send(request("archive/backfill?from=yesterday&to=today&" + HOSTILE_QUERY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 401);
        assertOnlyDefinedHeaders(http.send(asAdmin(request("archive/backfill?from=yesterday&to=today&" + HOSTILE_QUERY))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 400);
        assertOnlyDefinedHeaders(http.send(asAdmin(request("admin/pipelines/no-such-pipeline/run?" + HOSTILE_QUERY))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 404);
    }

    private static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        String credentials = AdminCredentials.ADMIN + ":" + AdminCredentials.ADMIN_PASSWORD;
        return request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(app + path)).header("X-Echo", "echoed-header")
                .header("Cookie", "echoed-cookie=1");
    }

    private static void assertOnlyDefinedHeaders(HttpResponse<String> response, int status) {
        String where = response.request().method() + " " + response.uri() + ": " + response.headers().map();
        assertEquals(status, response.statusCode(), where + " " + response.body());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            assertTrue(DEFINED.contains(header.getKey().toLowerCase()), "undefined header " + header.getKey() + " in "
                    + where);
            for (String value : header.getValue()) {
                for (String echoed : List.of("stolen", "evil.example", "leaked-key", "test-key", "echoed")) {
                    assertFalse(value.contains(echoed), "request data in " + header.getKey() + " of " + where);
                }
            }
        }
    }
}
