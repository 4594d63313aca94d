package org.greenhouse.laptop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenhouse.testing.PackagedApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on a laptop: the packaged app on embedded defaults (the dev profile), in an empty
 * directory, with nothing else running (no PostgreSQL, no Kinesis emulator, no plant or JSON API: the app
 * brings its H2 file, its simulators and its own kinesalite). One cycle of each pipeline succeeds, seen where a
 * user would look: the run tables, ./data/archive, the HTTP answers.
 *
 * <p>
 * The warehouse (issue [6]) and the dashboard and query endpoint (issue [7]) join here as they land: one
 * {@code @Test} each, in pipeline order, between the event delivery and {@link #theAppStopsItsEmulator()}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaptopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The dev profile's admin user (docs/security.md); its password is "dev". */
    private static final String DEV_ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("dev:dev".getBytes(StandardCharsets.UTF_8));
    private static final Pattern EMULATOR = Pattern.compile("started kinesalite at (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    static Path laptop;
    private static PackagedApp app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String eventId;

    @BeforeAll
    static void start() throws Exception {
        app = PackagedApp.startOnEmbeddedDefaults("laptop", laptop);
        app.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void plantIngestStoresTheSimulatedPlants() throws Exception {
        JsonNode counts = runPipeline("plant-ingest").get("counts");
        assertEquals(50, counts.get("requested").asInt(), counts.toString());
        // the simulator's faults (greenhouse.simulator.rates) take a few; most are stored
        assertTrue(counts.get("inserted").asInt() > 40, counts.toString());
        assertTrue(rows("SELECT COUNT(*) FROM plant_reading") > 0);
        assertTrue(rows("SELECT COUNT(*) FROM pipeline_run WHERE status = 'SUCCEEDED'") >= 1);
    }

    @Test
    @Order(2)
    void theArchiveBackfillWritesParquetUnderData() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> answer = post("/archive/backfill?from=" + now.minus(Duration.ofHours(2)) + "&to="
                + now.plusSeconds(1), DEV_ADMIN, null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode report = JSON.readTree(answer.body());
        assertTrue(report.get("rows").asLong() > 0, answer.body());
        List<Path> parquet = files(laptop.resolve("data/archive/greenhouse/plant_reading"), ".parquet");
        assertEquals(report.get("objects").asInt(), parquet.size(), parquet.toString());
        assertTrue(rows("SELECT COUNT(*) FROM archive_run WHERE status = 'SUCCEEDED'") >= 1);
    }

    @Test
    @Order(3)
    void anEventPostedGoesIntoTheAppsOwnKinesis() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(app.uri().resolve("/api/events"))
                .header("X-Api-Key", "dev-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"product_viewed\",\"occurred_at\":"
                        + "\"2026-11-23T10:00:00Z\",\"user_id\":1,\"product\":{\"id\":1,\"title\":\"Backpack\","
                        + "\"price\":109.95,\"category\":\"bags\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
        eventId = JSON.readTree(answer.body()).get("event_ids").get(0).asText();
    }

    @Test
    @Order(4)
    void batchExtractionPutsTheSimulatedApisCollections() throws Exception {
        JsonNode report = runPipeline("batch-extract");
        assertEquals(JSON.readTree("{\"users\":10,\"posts\":100,\"comments\":500}"), report);
        assertEquals(3, rows("SELECT COUNT(*) FROM batch_run WHERE status = 'SUCCEEDED'"));
    }

    @Test
    @Order(5)
    void deliveryWritesTheStreamIntoDataArchiveEvents() throws Exception {
        // the delivery timer runs every 10 s and writes what waited 5 s (the dev settings)
        Path events = laptop.resolve("data/archive/greenhouse/events");
        Set<String> delivered = Set.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !(delivered.contains(eventId) && delivered.size() >= 611)) {
            Thread.sleep(1000);
            delivered = deliveredEventIds(events);
        }
        assertTrue(delivered.contains(eventId), "the posted event is not in " + events + ": " + app.output());
        assertTrue(delivered.contains("batch.users.1") && delivered.contains("batch.comments.500"),
                delivered.size() + " events delivered");
        assertEquals(611, delivered.size(), "the posted event and the batch's 610 items, each once");
    }

    // the warehouse, the dashboard and the query endpoint go here (see the class comment)

    @Test
    @Order(100)
    void theAppStopsItsEmulator() throws Exception {
        Matcher started = EMULATOR.matcher(app.output());
        assertTrue(started.find(), "the app says where it started kinesalite: " + app.output());
        URI emulator = URI.create(started.group(1));
        assertTrue(answers(emulator));
        app.close();
        assertFalse(app.alive());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (answers(emulator) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(answers(emulator), "kinesalite still answers at " + emulator + " after the app stopped");
    }

    /** One cycle through the admin endpoint; a cycle its own trigger started meanwhile is waited out (409). */
    private static JsonNode runPipeline(String pipeline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpResponse<String> answer;
        do {
            answer = post("/admin/pipelines/" + pipeline + "/run", DEV_ADMIN, null);
            if (answer.statusCode() == 409) {
                Thread.sleep(500);
            }
        } while (answer.statusCode() == 409 && System.nanoTime() < deadline);
        assertEquals(200, answer.statusCode(), pipeline + ": " + answer.body());
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri().resolve(path)).timeout(Duration.ofSeconds(120))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long rows(String sql) throws Exception {
        // AUTO_SERVER: the app holds the file; this connects through the server H2 starts beside it
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + laptop.resolve("data/greenhouse")
                + ";AUTO_SERVER=TRUE", "sa", ""); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Set<String> deliveredEventIds(Path events) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path object : files(events, ".ndjson.gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(object))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        ids.add(JSON.readTree(line).get("event_id").asText());
                    }
                }
            }
        }
        Set<String> unique = ids.stream().collect(Collectors.toSet());
        assertEquals(ids.size(), unique.size(), "an event delivered twice");
        return unique;
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.getResponseCode();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
