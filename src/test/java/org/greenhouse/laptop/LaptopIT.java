package org.greenhouse.laptop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * One {@code @Test} per pipeline, in the order a user runs them; the delivery's are checked last, so the wait for
 * its timer overlaps the others. A new pipeline gets its own, before {@link #theAppStopsItsEmulator()}.
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
    /** The readings the archive backfill wrote. */
    private static long archived;

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
        archived = report.get("rows").asLong();
        assertTrue(archived > 0, answer.body());
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
    void theWarehouseFillsFromTheDemoTotesys() throws Exception {
        // one ingest now; process and load follow it by themselves (greenhouse.warehouse.chain), as after its cron
        JsonNode ingest = runPipeline("warehouse-ingest");
        long run = ingest.get("run").asLong();
        assertTrue(Files.isRegularFile(laptop.resolve("data/warehouse").resolve(ingest.get("manifest").asText())),
                ingest.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (loadedIngestRun() < run && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(loadedIngestRun() >= run, "ingest run " + run + " is not loaded: " + app.output());
        // the demo totesys (TotesysDemo.seed): every dimension row, its 60 purchase orders (which it never
        // changes) and its first 150 sales orders, each joined to its dimensions as a star schema query does
        assertEquals(3, warehouse("SELECT COUNT(*) FROM dim_currency WHERE currency_code IN ('GBP', 'USD', 'EUR') "
                + "AND currency_name IN ('British Pound', 'US Dollar', 'Euro')"));
        assertEquals(20, warehouse("SELECT COUNT(*) FROM dim_staff WHERE department_name IS NOT NULL"));
        assertEquals(20, warehouse("SELECT COUNT(*) FROM dim_counterparty WHERE counterparty_legal_city IS NOT NULL"));
        assertEquals(50, warehouse("SELECT COUNT(*) FROM dim_design"));
        assertEquals(30, warehouse("SELECT COUNT(*) FROM dim_location"));
        assertEquals(60, warehouse("SELECT COUNT(DISTINCT purchase_order_id) FROM fact_purchase_order"));
        assertEquals(150, warehouse("SELECT COUNT(DISTINCT sales_order_id) FROM fact_sales_order "
                + "WHERE sales_order_id <= 150"));
        long sales = warehouse("SELECT COUNT(*) FROM fact_sales_order");
        assertEquals(sales, warehouse("SELECT COUNT(*) FROM fact_sales_order f "
                + "JOIN dim_date d ON d.date_id = f.created_date JOIN dim_staff s ON s.staff_id = f.sales_staff_id "
                + "JOIN dim_counterparty c ON c.counterparty_id = f.counterparty_id "
                + "JOIN dim_currency cu ON cu.currency_id = f.currency_id JOIN dim_design de ON de.design_id = f.design_id "
                + "JOIN dim_location l ON l.location_id = f.agreed_delivery_location_id"));
        // its three agreed delivery dates that are no ISO date ('' among them): loaded as NULL, each named in
        // warehouse_reject
        assertEquals(0, warehouse("SELECT COUNT(*) FROM fact_sales_order WHERE sales_order_id IN (7, 8, 9) "
                + "AND agreed_delivery_date IS NOT NULL"));
        assertEquals(3, rows("SELECT COUNT(DISTINCT row_id) FROM warehouse_reject WHERE table_name = 'sales_order' "
                + "AND column_name = 'agreed_delivery_date' AND row_id IN (7, 8, 9)"));
        assertEquals(0, rows("SELECT COUNT(*) FROM warehouse_run WHERE status = 'FAILED'"), app.output());
    }

    @Test
    @Order(6)
    void theQueryServiceAnswersFromTheLocalArchive() throws Exception {
        String sql = "SELECT COUNT(*) AS readings, COUNT(DISTINCT plant_id) AS plants FROM plant_reading";
        HttpResponse<String> refused = post("/api/query", null, JSON.writeValueAsString(JSON.createObjectNode()
                .put("sql", sql)));
        assertEquals(401, refused.statusCode(), refused.body());
        HttpResponse<String> answer = post("/api/query", DEV_ADMIN, JSON.writeValueAsString(JSON.createObjectNode()
                .put("sql", sql)));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode result = JSON.readTree(answer.body());
        assertEquals("duckdb", result.get("engine").asText(), answer.body());
        assertEquals(archived, result.get("rows").get(0).get(0).asLong(), "the readings the backfill archived");
        assertTrue(result.get("rows").get(0).get(1).asInt() > 40, answer.body());

        // the query command, as docs/query.md runs it beside the package, reads the same archive
        Path packaged = Path.of(System.getProperty("greenhouse.app.jar")).toAbsolutePath().getParent();
        String classPath = Stream.of("lib/boot/*", "lib/main/*", "app/*").map(part -> packaged.resolve(part).toString())
                .collect(Collectors.joining(File.pathSeparator));
        Process command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "org.greenhouse.query.QueryCommand", sql, "--profile", "dev", "--out", "count.csv")
                .directory(laptop.toFile()).redirectErrorStream(true).start();
        String said = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(command.waitFor(120, TimeUnit.SECONDS), said);
        assertEquals(0, command.exitValue(), said);
        List<String> csv = Files.readAllLines(laptop.resolve("count.csv"), StandardCharsets.UTF_8);
        assertEquals("readings,plants", csv.get(0), csv.toString());
        assertEquals(String.valueOf(archived), csv.get(1).split(",")[0], csv.toString());
    }

    @Test
    @Order(7)
    void theDashboardShowsTheLivePlants() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<title>Greenhouse dashboard</title>"), page.body());

        // a cycle now: the backfill took every reading there was into the archive
        runPipeline("plant-ingest");
        HttpResponse<String> answer = get("/api/dashboard");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode snapshot = JSON.readTree(answer.body());
        assertEquals(rows("SELECT COUNT(*) FROM plant"), snapshot.get("totals").get("plants").asLong(), answer.body());
        long withReadings = 0;
        for (JsonNode plant : snapshot.get("plants")) {
            if (!plant.get("recordedAt").isNull()) {
                withReadings++;
                // the reading it shows is one the database holds (the dev timer may add a newer one meanwhile)
                LocalDateTime taken = LocalDateTime.ofInstant(Instant.parse(plant.get("recordedAt").asText()),
                        ZoneOffset.UTC);
                assertEquals(1, rows("SELECT COUNT(*) FROM plant_reading WHERE plant_id = " + plant.get("id").asInt()
                        + " AND recording_taken = TIMESTAMP '" + taken.toLocalDate() + " " + taken.toLocalTime()
                        + "' AND soil_moisture = " + plant.get("soilMoisture").decimalValue().toPlainString()),
                        "plant " + plant.get("id") + " shows a reading of its own: " + plant);
            }
        }
        assertTrue(withReadings > 40, answer.body());
        // every pipeline that ran in this test is healthy on the dashboard
        Map<String, String> health = new TreeMap<>();
        snapshot.get("alerts").get("pipelines").forEach(pipeline -> health.put(pipeline.get("pipeline").asText(),
                pipeline.get("lastStatus").asText()));
        for (String pipeline : List.of("plant-ingest", "plant-archive", "batch-extract", "warehouse-ingest",
                "warehouse-process", "warehouse-load")) {
            assertEquals("SUCCEEDED", health.get(pipeline), pipeline + ": " + snapshot.get("alerts").get("pipelines"));
        }
    }

    @Test
    @Order(8)
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

    @Test
    @Order(9)
    void theEventsProcessedZoneTablesTheDeliveredEvents() throws Exception {
        // events-process turns the delivered objects into Parquet per event family (every 10 s in dev), which the
        // query service reads as events_* tables
        String sql = "SELECT (SELECT COUNT(*) FROM events_product WHERE event_id = '" + eventId + "') AS posted, "
                + "(SELECT COUNT(*) FROM events_batch_users) AS users, (SELECT COUNT(*) FROM events_batch_posts) AS posts, "
                + "(SELECT COUNT(*) FROM events_batch_comments) AS comments";
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("sql", sql));
        JsonNode expected = JSON.readTree("[1,10,100,500]");
        HttpResponse<String> answer = post("/api/query", DEV_ADMIN, body);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!(answer.statusCode() == 200 && expected.equals(JSON.readTree(answer.body()).get("rows").get(0)))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            answer = post("/api/query", DEV_ADMIN, body);
        }
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(expected, JSON.readTree(answer.body()).get("rows").get(0), answer.body());
    }

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
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(app.uri().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One number from the app's database. */
    private static long rows(String sql) throws Exception {
        return number("jdbc:h2:file:" + laptop.resolve("data/greenhouse") + ";AUTO_SERVER=TRUE", sql);
    }

    /** One number from the warehouse, with the URL docs/warehouse.md gives for H2's shell. */
    private static long warehouse(String sql) throws Exception {
        return number("jdbc:h2:file:" + laptop.resolve("data/warehouse-db") + ";AUTO_SERVER=TRUE;NON_KEYWORDS=YEAR,MONTH,DAY",
                sql);
    }

    /** The newest ingest run loaded into the warehouse; 0 while load has not made the warehouse yet. */
    private static long loadedIngestRun() throws Exception {
        // a connection to a file that is not there would make an empty database of it, before the app's
        if (!Files.exists(laptop.resolve("data/warehouse-db.mv.db"))
                || rows("SELECT COUNT(*) FROM warehouse_run WHERE step = 'warehouse-load' AND status = 'SUCCEEDED'") == 0) {
            return 0;
        }
        return warehouse("SELECT COALESCE(MAX(ingest_run), 0) FROM warehouse_load");
    }

    private static long number(String url, String sql) throws Exception {
        // AUTO_SERVER: the app holds the file; this connects through the server H2 starts beside it
        try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement statement = connection
                .createStatement(); ResultSet result = statement.executeQuery(sql)) {
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
