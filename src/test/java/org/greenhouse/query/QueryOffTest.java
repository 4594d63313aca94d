package org.greenhouse.query;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.greenhouse.testing.DashboardProfile;
import org.junit.jupiter.api.Test;

/**
 * POST /api/query switched off (greenhouse.query.enabled=false, the production default; the dashboard profile keeps
 * it): what docs/query.md says it answers, and no query runs. The dashboard still reads the archive through the
 * query service itself.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class QueryOffTest {

    @TestHTTPResource("/")
    URL app;

    @Test
    void anAdminsQueryIsNotAllowedAndAnyoneElseIsUnauthorized() {
        String body = "{\"sql\": \"SELECT count(*) FROM plant_reading\"}";

        Response admin = asAdmin(given()).baseUri(app.toString()).contentType("application/json").body(body)
                .post("/api/query");
        // no route takes a POST there (the page's static resources take every GET path)
        assertEquals(405, admin.statusCode(), admin.asString());
        assertFalse(admin.asString().contains("rowCount"), admin.asString());

        Response anonymous = given().baseUri(app.toString()).contentType("application/json").body(body)
                .post("/api/query");
        assertEquals(401, anonymous.statusCode(), anonymous.asString());
    }

    @Test
    void theOpenApiDocumentHasNoQueryEndpoint() {
        Response openapi = asAdmin(given()).baseUri(app.toString()).accept("application/json").get("/openapi");
        assertEquals(200, openapi.statusCode(), openapi.asString());
        assertFalse(openapi.asString().contains("/api/query"), "the endpoint is not offered while it is off");
    }
}
