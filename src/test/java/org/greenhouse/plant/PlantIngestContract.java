package org.greenhouse.plant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.PlantApiStub.answer;
import static org.greenhouse.testing.PlantApiStub.recordedPlantAs;
import static org.greenhouse.testing.TestDatabase.count;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URL;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plant pipeline end to end: the real app, over HTTP to the plant API stub, into a real database.
 * Subclasses choose the database; every test checks the rows a user would query.
 */
abstract class PlantIngestContract {

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    @BeforeEach
    void startFromNothing() throws Exception {
        TestDatabase.proxy().restore();
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
    }

    private PlantCycle.Report cycle(String plantIds) {
        return camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, plantIds,
                PlantCycle.Report.class);
    }

    @Test
    void recordedPlantsAreStoredNormalized() throws Exception {
        PlantCycle.Report report = cycle("1-50");

        assertEquals(new CycleCounts(50, 47, 0, 1, 1, 1, 0), report.counts());
        assertEquals(47, count("plant"));
        assertEquals(47, count("plant_reading"));
        assertEquals(47, count("botanist"), "one botanist per recorded plant, none twice");

        var plant1 = rows("SELECT p.name, p.scientific_name, b.email, b.name AS botanist, b.phone, ci.city_name, "
                + "co.country_name, co.country_code, o.latitude, o.longitude FROM plant p "
                + "JOIN botanist b ON b.botanist_id = p.botanist_id JOIN origin o ON o.origin_id = p.origin_id "
                + "JOIN city ci ON ci.city_id = o.city_id JOIN country co ON co.country_id = ci.country_id "
                + "WHERE p.plant_id = 1").get(0);
        assertEquals("Venus flytrap", plant1.get("name"));
        assertEquals(null, plant1.get("scientific_name"));
        assertEquals("sherry.campbell@lnhm.co.uk", plant1.get("email"));
        assertEquals("Sherry Campbell", plant1.get("botanist"));
        assertEquals("+1-662-659-8097x8928", plant1.get("phone"));
        assertEquals("Mitchellfurt", plant1.get("city_name"));
        assertEquals("Suriname", plant1.get("country_name"));
        assertEquals("SR", plant1.get("country_code"));
        assertEquals(new BigDecimal("81.2003535"), plant1.get("latitude"));
        assertEquals(new BigDecimal("7.8156830"), plant1.get("longitude"));

        var reading1 = rows("SELECT recording_taken, soil_moisture, temperature, last_watered, run_id "
                + "FROM plant_reading WHERE plant_id = 1").get(0);
        assertEquals(LocalDateTime.parse("2026-01-26T15:16:05"), localTime(reading1.get("recording_taken")));
        assertEquals(new BigDecimal("93.137"), reading1.get("soil_moisture"));
        assertEquals(16.453945373988777, ((Number) reading1.get("temperature")).doubleValue());
        assertEquals(LocalDateTime.parse("2026-01-26T13:12:19"), localTime(reading1.get("last_watered")));
        assertEquals(report.runId(), ((Number) reading1.get("run_id")).longValue());

        assertEquals("Canna ‘Striata’", rows("SELECT name FROM plant WHERE plant_id = 13").get(0).get("name"));
        assertEquals("Sarracenia catesbaei; ", rows("SELECT scientific_name FROM plant WHERE plant_id = 5").get(0)
                .get("scientific_name") + "; ");
        assertEquals("https://s3.us-central-1.wasabisys.com/perenual/image/upgrade_access.jpg",
                rows("SELECT image_thumbnail_url FROM plant WHERE plant_id = 5").get(0).get("image_thumbnail_url"));

        var rejected = rows("SELECT plant_id, reason, detail, raw_body FROM rejected_reading");
        assertEquals(1, rejected.size());
        assertEquals(15, ((Number) rejected.get(0).get("plant_id")).intValue());
        assertEquals("SENSOR_FAULT", rejected.get(0).get("reason"));
        assertEquals("{\"error\": \"plant sensor fault\", \"plant_id\": 15}", text(rejected.get(0).get("raw_body")).trim());

        var run = rows("SELECT status, plants_requested, readings_inserted, readings_duplicate, rejected, not_found, "
                + "on_loan, missed_deadline, finished_at FROM pipeline_run WHERE run_id = ?", report.runId()).get(0);
        assertEquals("SUCCEEDED", run.get("status"));
        assertEquals(List.of(50, 47, 0, 1, 1, 1, 0), List.of(run.get("plants_requested"), run.get("readings_inserted"),
                run.get("readings_duplicate"), run.get("rejected"), run.get("not_found"), run.get("on_loan"),
                run.get("missed_deadline")).stream().map(n -> ((Number) n).intValue()).toList());
        assertTrue(run.get("finished_at") != null);
    }

    @Test
    void aSecondCycleOverTheSameAnswersStoresNothingTwice() throws Exception {
        cycle("1-50");
        PlantCycle.Report again = cycle("1-50");

        assertEquals(new CycleCounts(50, 0, 47, 1, 1, 1, 0), again.counts());
        assertEquals(47, count("plant_reading"));
        assertEquals(47, count("plant"));
        assertEquals(47, count("botanist"));
        assertEquals(count("origin"), 47);
        assertEquals(2, count("pipeline_run"));
    }

    @Test
    void legacyShapeIsReadAndSharedBotanistsAreStoredOnce() throws Exception {
        PlantApiStub.serveLegacy();

        PlantCycle.Report report = cycle("1,5");

        assertEquals(new CycleCounts(2, 2, 0, 0, 0, 0, 0), report.counts());
        assertEquals(1, count("botanist"), "Carl Linnaeus looks after both plants");
        var origins = rows("SELECT p.plant_id, ci.city_name, co.country_name, co.country_code, o.timezone FROM plant p "
                + "JOIN origin o ON o.origin_id = p.origin_id JOIN city ci ON ci.city_id = o.city_id "
                + "JOIN country co ON co.country_id = ci.country_id ORDER BY p.plant_id");
        assertEquals(List.of("South Whittier", "United States", "US", "America/Los_Angeles"), List.of(
                origins.get(0).get("city_name"), origins.get(0).get("country_name"), origins.get(0).get("country_code"),
                origins.get(0).get("timezone")));
        assertEquals("Jashpurnagar", origins.get(1).get("city_name"));
        var reading = rows("SELECT recording_taken, last_watered, soil_moisture FROM plant_reading WHERE plant_id = 1")
                .get(0);
        assertEquals(LocalDateTime.parse("2023-12-18T12:17:09"), localTime(reading.get("recording_taken")));
        assertEquals(LocalDateTime.parse("2023-12-17T14:03:04"), localTime(reading.get("last_watered")));
        assertEquals(new BigDecimal("20.711"), reading.get("soil_moisture"));
    }

    @Test
    void changedPlantDetailsUpdateThePlantNotDuplicateIt() throws Exception {
        cycle("1-50");
        PlantApiStub.serveLegacy();

        cycle("1,5");

        assertEquals(47, count("plant"));
        assertEquals(49, count("plant_reading"));
        assertEquals(48, count("botanist"), "the legacy botanist joins; none is duplicated");
        assertEquals("carl.linnaeus@lnhm.co.uk", rows("SELECT b.email FROM plant p JOIN botanist b "
                + "ON b.botanist_id = p.botanist_id WHERE p.plant_id = 1").get(0).get("email"));
    }

    @Test
    void everyFaultIsRejectedWithItsReasonAndNothingIsLost() throws Exception {
        answer(51, aResponse().withStatus(200).withFixedDelay(1500).withBody(recordedPlantAs(51, p -> { })));
        answer(52, aResponse().withStatus(500).withBody("{\"message\": \"internal error\"}"));
        answer(53, aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body>502 Bad Gateway</body></html>"));
        answer(54, aResponse().withStatus(200).withBody(recordedPlantAs(54, p -> { }).substring(0, 120)));
        answer(55, aResponse().withStatus(200).withBody(recordedPlantAs(55, p -> p.remove(List.of("temperature",
                "botanist")))));
        answer(56, aResponse().withStatus(200).withBody(recordedPlantAs(56, p -> p.put("soil_moisture", "93.1"))));
        answer(57, aResponse().withStatus(200).withBody(recordedPlantAs(57, p -> p.put("padding", "x".repeat(100_000)))));
        answer(58, aResponse().withStatus(503).withBody("{\"error\": \"plant not found\", \"plant_id\": 58}"));
        PlantApiStub.answerAfterOneFailure(59, recordedPlantAs(59, p -> { }));
        answer(60, aResponse().withStatus(200).withBody(recordedPlantAs(60, p -> p.put("soil_moisture", 120.0))));
        answer(61, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        // chunked, so no Content-Length warns of the size: the body is refused while it is read
        answer(62, aResponse().withStatus(200).withChunkedDribbleDelay(20, 200)
                .withBody(recordedPlantAs(62, p -> p.put("padding", "x".repeat(100_000)))));

        PlantCycle.Report report = cycle("51-62");

        assertEquals(new CycleCounts(12, 1, 0, 10, 1, 0, 0), report.counts());
        assertEquals(List.of(59), rows("SELECT plant_id FROM plant_reading").stream()
                .map(r -> ((Number) r.get("plant_id")).intValue()).toList());
        Map<Integer, Map<String, Object>> rejects = rows("SELECT plant_id, reason, detail, raw_body FROM rejected_reading")
                .stream().collect(Collectors.toMap(r -> ((Number) r.get("plant_id")).intValue(), r -> r));
        assertEquals(10, rejects.size());
        assertReject(rejects.get(51), "FETCH_FAILED", "SocketTimeoutException");
        assertReject(rejects.get(51), "FETCH_FAILED", "after 3 attempt(s)");
        assertReject(rejects.get(52), "FETCH_FAILED", "HTTP 500 after 3 attempt(s)");
        assertReject(rejects.get(53), "FETCH_FAILED", "HTTP 502");
        assertTrue(text(rejects.get(53).get("raw_body")).contains("502 Bad Gateway"), "the HTML body is kept");
        assertReject(rejects.get(54), "MALFORMED", "malformed JSON");
        assertEquals(120, text(rejects.get(54).get("raw_body")).length(), "the truncated body is kept as received");
        assertReject(rejects.get(55), "INVALID", "temperature is missing");
        assertReject(rejects.get(55), "INVALID", "botanist is missing");
        assertReject(rejects.get(56), "INVALID", "soil_moisture is not a number");
        assertReject(rejects.get(57), "OVERSIZED", "over the limit of 65536 bytes");
        assertReject(rejects.get(60), "INVALID", "soil_moisture 120.0 is outside 0..100");
        assertReject(rejects.get(61), "FETCH_FAILED", "after 3 attempt(s)");
        assertReject(rejects.get(62), "OVERSIZED", "more than 65536 bytes");
        assertTrue(text(rejects.get(57).get("raw_body")).length() <= 4000, "raw bodies are cut to the bound");
    }

    @Test
    void discoveryWalksIdsUntilFiveConsecutiveAreNotFound() throws Exception {
        PlantCycle.Report report = camel.requestBody("direct:plant-ingest", (Object) null, PlantCycle.Report.class);

        // windows of 16 (the parallelism): 1-16 ... 49-64; 51-55 are the first five missing in a row
        assertEquals(new CycleCounts(64, 47, 0, 1, 15, 1, 0), report.counts());
        assertEquals(47, count("plant_reading"));
    }

    @Test
    void aDatabaseOutageMidCycleCommitsNothingAndTheNextCycleSucceeds() throws Exception {
        PlantApiStub.server().setGlobalFixedDelay(400);
        try {
            CompletableFuture<PlantCycle.Report> during = CompletableFuture.supplyAsync(() -> cycle("1-50"));
            awaitRunningCycle();
            TestDatabase.proxy().cut();

            var failure = assertThrows(Exception.class, () -> during.get(60, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof CamelExecutionException, failure.toString());
            given().baseUri(app.toString()).get("/q/health/ready").then().statusCode(503);
        } finally {
            TestDatabase.proxy().restore();
            PlantApiStub.server().setGlobalFixedDelay(0);
        }
        assertEquals(0, count("plant_reading"));
        assertEquals(0, count("plant"));
        assertEquals(0, count("botanist"));
        assertEquals("RUNNING", rows("SELECT status FROM pipeline_run").get(0).get("status"),
                "the run could not be closed while the database was away");

        PlantCycle.Report next = cycle("1-50");

        assertEquals(47, next.counts().inserted());
        var runs = rows("SELECT run_id, status, error FROM pipeline_run ORDER BY run_id");
        assertEquals(List.of("FAILED", "SUCCEEDED"), runs.stream().map(r -> r.get("status")).toList());
        assertTrue(text(runs.get(0).get("error")).startsWith("cut off"));
        given().baseUri(app.toString()).get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aCycleTriggeredWhileOneRunsIsRefusedAndTheRunningOneCompletes() throws Exception {
        PlantApiStub.server().setGlobalFixedDelay(300);
        try {
            CompletableFuture<PlantCycle.Report> first = CompletableFuture.supplyAsync(() -> cycle("1-50"));
            awaitRunningCycle();

            var refused = assertThrows(CamelExecutionException.class, () -> cycle("1-50"));
            assertTrue(refused.getCause().getMessage().contains("running already"), refused.getCause().toString());
            assertEquals(47, first.get(60, TimeUnit.SECONDS).counts().inserted());
        } finally {
            PlantApiStub.server().setGlobalFixedDelay(0);
        }
        assertEquals(List.of("SUCCEEDED"), rows("SELECT status FROM pipeline_run").stream().map(r -> r.get("status"))
                .toList(), "the refused trigger opened no run");
    }

    @Test
    void aFailedCycleIsRecordedAsFailedWhenTheDatabaseIsThere() throws Exception {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("ALTER TABLE plant_reading RENAME TO plant_reading_away");
        }
        try {
            assertThrows(CamelExecutionException.class, () -> cycle("1-50"));
        } finally {
            try (var connection = TestDatabase.connect(); var statement = connection.createStatement()) {
                statement.executeUpdate("ALTER TABLE plant_reading_away RENAME TO plant_reading");
            }
        }
        assertEquals(0, count("plant"), "the plants of the failed cycle were rolled back with it");
        var run = rows("SELECT status, error, readings_inserted FROM pipeline_run").get(0);
        assertEquals("FAILED", run.get("status"));
        assertTrue(text(run.get("error")).toLowerCase().contains("plant_reading"), text(run.get("error")));
    }

    @Test
    void cycleOutcomesAreCountedInTheMetrics() {
        double insertedBefore = metric("greenhouse_plant_outcomes_total{outcome=\"inserted\"}");
        double rejectedBefore = metric("greenhouse_plant_rejects_total{reason=\"sensor_fault\"}");

        cycle("1-50");

        assertEquals(47, metric("greenhouse_plant_outcomes_total{outcome=\"inserted\"}") - insertedBefore);
        assertEquals(1, metric("greenhouse_plant_rejects_total{reason=\"sensor_fault\"}") - rejectedBefore);
        assertTrue(metric("greenhouse_run_duration_seconds_count{pipeline=\"plant-ingest\",result=\"succeeded\"}") >= 1);
    }

    /** A Prometheus sample's value, 0 while the series does not exist yet. */
    private double metric(String series) {
        String exposition = given().baseUri(app.toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        return exposition.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(0.0);
    }

    @Test
    void readinessIsUpAndTheSimulatorServesPlants() {
        given().baseUri(app.toString()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
        given().baseUri(app.toString()).get("/simulator/plants/13").then().statusCode(200)
                .body("plant_id", equalTo(13));
    }

    /** Waits until a cycle has opened its run (and is fetching: the API answers slowly in these tests). */
    private static void awaitRunningCycle() throws Exception {
        for (int i = 0; i < 200; i++) {
            if (!rows("SELECT run_id FROM pipeline_run WHERE status = 'RUNNING'").isEmpty()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(25);
        }
        throw new AssertionError("no cycle started within 5 s");
    }

    private static void assertReject(Map<String, Object> reject, String reason, String detailPart) {
        assertEquals(reason, reject.get("reason"), String.valueOf(reject));
        assertTrue(text(reject.get("detail")).contains(detailPart), reject.get("detail") + " should contain " + detailPart);
    }

    private static LocalDateTime localTime(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toLocalDateTime() : (LocalDateTime) value;
    }

    private static String text(Object value) {
        return (String) value;
    }
}
