package org.greenhouse.admin;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.ADMIN;
import static org.greenhouse.testing.AdminCredentials.ADMIN_PASSWORD;
import static org.greenhouse.testing.AdminCredentials.MONITOR;
import static org.greenhouse.testing.AdminCredentials.MONITOR_PASSWORD;

import java.net.URL;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * With greenhouse.admin.protect-metrics, protect-openapi and protect-dashboard on, those need a monitor or admin;
 * health and the dashboard's page do not.
 */
@QuarkusTest
@TestProfile(ProtectedMonitoringTest.Protected.class)
class ProtectedMonitoringTest {

    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing here calls the plant API
            return Map.of("greenhouse.admin.protect-metrics", "true", "greenhouse.admin.protect-openapi", "true",
                    "greenhouse.admin.protect-dashboard", "true", "greenhouse.plant.base-url", "http://127.0.0.1:9");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")));
        }
    }

    @TestHTTPResource("/")
    URL app;

    @Test
    void metricsAndTheApiDocumentNeedAMonitorHealthStaysOpen() {
        for (String path : List.of("/q/metrics", "/openapi", "/api/dashboard")) {
            given().baseUri(app.toString()).get(path).then().statusCode(401);
            given().baseUri(app.toString()).auth().preemptive().basic(MONITOR, "wrong").get(path).then().statusCode(401);
            given().baseUri(app.toString()).auth().preemptive().basic(MONITOR, MONITOR_PASSWORD).get(path).then()
                    .statusCode(200);
            given().baseUri(app.toString()).auth().preemptive().basic(ADMIN, ADMIN_PASSWORD).get(path).then()
                    .statusCode(200);
        }
        given().baseUri(app.toString()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(app.toString()).get("/q/health/live").then().statusCode(200);
        // the history too (this app has no archive to answer it from, so only the refusals)
        given().baseUri(app.toString()).get("/api/dashboard/history?plant=1").then().statusCode(401);
        given().baseUri(app.toString()).auth().preemptive().basic(MONITOR, "wrong").get("/api/dashboard/history?plant=1")
                .then().statusCode(401);
        // the dashboard's page itself, which asks for the login through its JSON's 401
        given().baseUri(app.toString()).get("/").then().statusCode(200);
    }
}
