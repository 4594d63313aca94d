package org.greenhouse.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.DashboardProfile;
import org.greenhouse.testing.PlantApiStub;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: Debian's /usr/bin/chromium driven by playwright-core (installed by the build into
 * target/playwright), through src/test/browser/dashboard-check.mjs, against this running app. The screenshot is kept
 * as target/dashboard.png (docs/dashboard.png is a copy of one, for the README).
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class DashboardBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    @Test
    void thePageShowsThePlantsAChartAndAPlantOutOfRangeWithinOneRefresh() throws Exception {
        PlantApiStub.serveRecorded();
        for (int i = 0; i < 3; i++) {
            DashboardFixtures.cycle(camel, 60, 60);
        }
        Path playwright = Path.of(System.getProperty("playwright.dir", "target/playwright"));
        Files.deleteIfExists(SCREENSHOT);
        // node resolves playwright-core from the script's own directory: run a copy next to the build's node_modules
        Path script = playwright.resolve("dashboard-check.mjs");
        Files.copy(Path.of("src/test/browser/dashboard-check.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
        Process node = new ProcessBuilder("node", script.toAbsolutePath().toString(),
                app.toString(), SCREENSHOT.toAbsolutePath().toString(), "1,2,5",
                String.valueOf(DashboardProfile.REFRESH_SECONDS))
                .directory(playwright.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line = lines.readLine();
            assertNotNull(line, "the browser script ended before the page loaded");
            out.add(line);
            assertEquals("{\"phase\":\"loaded\"}", line, "the page loaded with the plants and a chart");
            for (int i = 0; i < 3; i++) {
                DashboardFixtures.cycle(camel, 60, 3);
            }
            in.write("2\n");
            in.close();
            for (String next; (next = lines.readLine()) != null;) {
                out.add(next);
            }
        }
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the browser script ended");
        assertEquals(0, node.exitValue(), String.join("\n", out));
        JsonNode result = new ObjectMapper().readTree(out.get(out.size() - 1));

        assertEquals("[]", result.get("consoleErrors").toString(), "no console error");
        assertEquals("[]", result.get("externalRequests").toString(), "no request leaves the app");
        assertEquals("[]", result.get("failedRequests").toString());
        List<String> ids = new ArrayList<>();
        result.get("plantIds").forEach(id -> ids.add(id.asText()));
        assertTrue(ids.containsAll(List.of("1", "2", "5")), ids.toString());
        assertTrue(result.get("chartPoints").asInt() > 0, "the chart has points");
        assertTrue(result.get("dailyChartDrawn").asBoolean(), "the daily history is drawn: " + result.get("historyNote"));
        assertTrue(!result.get("alertShownAfterMs").isNull(), "plant 2 under alerts within one refresh: " + result);
        assertTrue(result.get("alertText").asText().contains("Corpse flower (plant 2)"), result.toString());
        assertTrue(Files.size(SCREENSHOT) > 10_000, "the screenshot is kept");
    }
}
