package org.greenhouse.hawtio;

import static org.greenhouse.testing.AdminCredentials.ADMIN;
import static org.greenhouse.testing.AdminCredentials.ADMIN_PASSWORD;
import static org.greenhouse.testing.AdminCredentials.MONITOR;
import static org.greenhouse.testing.AdminCredentials.MONITOR_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.jolokia.JolokiaAgent;
import org.greenhouse.plant.PlantCycle;
import org.greenhouse.testing.JolokiaProfile;
import org.greenhouse.testing.PlantApiStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees in Hawtio: the standalone console (src/hawtio/HawtioLauncher.java, as ./mvnw -Phawtio
 * starts it) reads the app's routes through its proxy from the app's Jolokia agent, with the app's admin users'
 * credentials; without them, nothing. The agent shows only the MBeans jolokia-access.xml allows.
 */
@QuarkusTest
@TestProfile(JolokiaProfile.class)
class HawtioConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ROUTES = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=*,type=routes,name=*\","
            + "\"attribute\":[\"RouteId\",\"ExchangesTotal\"]}";

    private static Process hawtio;
    private static int hawtioPort;

    @Inject
    ProducerTemplate camel;

    @BeforeAll
    static void startHawtio() throws Exception {
        String dir = System.getProperty("hawtio.dir", "target/hawtio");
        try (ServerSocket free = new ServerSocket(0)) {
            hawtioPort = free.getLocalPort();
        }
        hawtio = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", dir + File.separator + "lib" + File.separator + "*",
                "-Dgreenhouse.hawtio.war=" + dir + File.separator + "hawtio-default.war",
                "-Dgreenhouse.hawtio.port=" + hawtioPort, "src/hawtio/HawtioLauncher.java")
                .redirectErrorStream(true).redirectOutput(new File("target/hawtio-test.log")).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(hawtio("/hawtio/"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            if (!hawtio.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Hawtio did not start: see target/hawtio-test.log");
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stopHawtio() throws InterruptedException {
        if (hawtio != null) {
            hawtio.destroy();
            hawtio.waitFor();
        }
    }

    @Test
    void anAdminReadsTheRoutesAndTheirExchangeCountsThroughHawtiosProxy() throws Exception {
        PlantApiStub.serveRecorded();
        PlantCycle.Report report = camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS,
                "1-3", PlantCycle.Report.class);
        assertEquals(0, report.counts().rejected(), report.toString());

        HttpResponse<String> answer = throughHawtio(ROUTES, ADMIN, ADMIN_PASSWORD);
        assertEquals(200, answer.statusCode(), answer.body());
        Map<String, Long> exchanges = routeExchanges(JSON.readTree(answer.body()));
        assertEquals(1L, exchanges.get("plant-ingest"), exchanges.toString());
        assertTrue(exchanges.keySet().containsAll(List.of("plant-archive", "events-ingest", "events-deliver",
                "batch-extract")), exchanges.toString());
        // the monitor role may watch too
        assertEquals(200, throughHawtio(ROUTES, MONITOR, MONITOR_PASSWORD).statusCode());
    }

    @Test
    void withoutTheAppsCredentialsNothingIsRead() throws Exception {
        HttpResponse<String> anonymous = throughHawtio(ROUTES, null, null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(!anonymous.body().contains("plant-ingest"), anonymous.body());
        assertEquals(401, throughHawtio(ROUTES, ADMIN, "not-the-password").statusCode());
        assertEquals(401, post(jolokia(), ROUTES, null, null).statusCode());
    }

    @Test
    void theAgentShowsOnlyTheCamelAndJvmMBeans() throws Exception {
        assertEquals(200, status(read("java.lang:type=Memory", "HeapMemoryUsage")));
        assertEquals(403, status(read("java.util.logging:type=Logging", "LoggerNames")));
        assertEquals(403, status(read("com.sun.management:type=HotSpotDiagnostic", "DiagnosticOptions")));
        // a console watches routes; it does not send messages into the app
        String context = JSON.readTree(post(jolokia(), "{\"type\":\"search\",\"mbean\":"
                + "\"org.apache.camel:type=context,*\"}", ADMIN, ADMIN_PASSWORD).body()).path("value").get(0).asText();
        JsonNode send = JSON.readTree(post(jolokia(), JSON.writeValueAsString(Map.of("type", "exec", "mbean", context,
                "operation", "sendBody(java.lang.String,java.lang.Object)",
                "arguments", List.of("direct:plant-ingest", "x"))), ADMIN, ADMIN_PASSWORD).body());
        assertEquals(403, send.path("status").asInt(), send.toString());
    }

    @Test
    void theCamelRoutesPageListsTheRoutes() throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "src/test/js/hawtio-camel-routes.js", hawtio(""),
                String.valueOf(jolokiaPort()), ADMIN, ADMIN_PASSWORD, "target/hawtio-camel-routes.png")
                .redirectErrorStream(true);
        // playwright-core as the build installs it (pom.xml: install-playwright)
        node.environment().put("NODE_PATH",
                Path.of(System.getProperty("playwright.dir", "target/playwright"), "node_modules").toString());
        Process browser = node.start();
        String shown = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, browser.waitFor(), shown);
        assertTrue(shown.contains("plant-ingest") && shown.contains("events-deliver"), shown);
    }

    private static JsonNode read(String mbean, String attribute) throws Exception {
        return JSON.readTree(post(jolokia(), "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\""
                + attribute + "\"}", ADMIN, ADMIN_PASSWORD).body());
    }

    private static int status(JsonNode answer) {
        return answer.path("status").asInt();
    }

    /** Each route's id and ExchangesTotal, from a Jolokia read over every route MBean. */
    private static Map<String, Long> routeExchanges(JsonNode answer) {
        Map<String, Long> exchanges = new HashMap<>();
        for (Iterator<JsonNode> routes = answer.path("value").elements(); routes.hasNext(); ) {
            JsonNode route = routes.next();
            exchanges.put(route.path("RouteId").asText(), route.path("ExchangesTotal").asLong());
        }
        return exchanges;
    }

    private static HttpResponse<String> throughHawtio(String body, String user, String password) throws Exception {
        return post(hawtio("/hawtio/proxy/http/localhost/" + jolokiaPort() + "/jolokia/"), body, user,
                password);
    }

    private static int jolokiaPort() {
        return Arc.container().instance(JolokiaAgent.class).get().address().orElseThrow().getPort();
    }

    private static String jolokia() {
        return "http://localhost:" + jolokiaPort() + "/jolokia/";
    }

    private static String hawtio(String path) {
        return "http://localhost:" + hawtioPort + path;
    }

    private static HttpResponse<String> post(String url, String body, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
