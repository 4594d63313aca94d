package org.greenhouse.plant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    @Inject
    PlantRepository plants;

    @Inject
    PlantConfig config;

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

    /** Whether this database compares text as SQL Server's default collation does: ignoring case. */
    protected boolean comparesTextIgnoringCase() {
        return false;
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
    void aPlantApiThatGoesAwayFailsEachPlantAndOnceItIsBackTheNextCycleStoresThem() throws Exception {
        // kept-alive connections to the API first, which its restart closes
        assertEquals(6, cycle("1-6").counts().inserted());
        TestDatabase.clean();

        PlantApiStub.goAway();
        PlantCycle.Report away;
        try {
            away = cycle("1-6");
        } finally {
            PlantApiStub.comeBack();
            PlantApiStub.serveRecorded();
        }
        PlantCycle.Report back = cycle("1-6");

        assertEquals(new CycleCounts(6, 0, 0, 6, 0, 0, 0), away.counts());
        var rejects = rows("SELECT reason, detail FROM rejected_reading WHERE run_id = ?", away.runId());
        assertEquals(6, rejects.size());
        rejects.forEach(reject -> assertReject(reject, "FETCH_FAILED", "after 3 attempt(s)"));
        assertEquals(new CycleCounts(6, 6, 0, 0, 0, 0, 0), back.counts());
        assertEquals(6, count("plant_reading"));
    }

    @Test
    void noMoreThanTheParallelismOfRequestsAreInFlightAtOnce() throws Exception {
        int slow = 700; // within the read timeout (1 s)
        PlantApiStub.server().setGlobalFixedDelay(slow);
        try {
            cycle("1-70");
        } finally {
            PlantApiStub.server().setGlobalFixedDelay(0);
        }

        // each request is answered no sooner than `slow` after it arrived: those that arrived within less
        // than that of each other were in flight at once
        List<Long> arrivals = PlantApiStub.server().getAllServeEvents().stream()
                .map(event -> event.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertEquals(70, arrivals.size());
        int mostAtOnce = 0;
        for (int i = 0, j = 0; j < arrivals.size(); j++) {
            while (arrivals.get(j) - arrivals.get(i) >= slow - 20) {
                i++;
            }
            mostAtOnce = Math.max(mostAtOnce, j - i + 1);
        }
        assertTrue(mostAtOnce <= config.parallelism(), mostAtOnce + " requests at once");
        // and the parallelism is used, not a smaller pool's
        assertTrue(mostAtOnce > config.parallelism() / 2, "only " + mostAtOnce + " requests at once");
    }

    @Test
    void aGarbledAnswerAndAnOversized5xxAreRetriedAndThenRejected() throws Exception {
        // an OK status, then garbage, then the connection closes (answers that stall or break off after their
        // headers: PlantApiClientTest, which WireMock cannot send)
        answer(64, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        // a 5xx is retried whatever its size
        answer(65, aResponse().withStatus(503).withBody("x".repeat(100_000)));

        PlantCycle.Report report = cycle("64-65");

        assertEquals(new CycleCounts(2, 0, 0, 2, 0, 0, 0), report.counts());
        Map<Integer, Map<String, Object>> rejects = rows("SELECT plant_id, reason, detail FROM rejected_reading")
                .stream().collect(Collectors.toMap(r -> ((Number) r.get("plant_id")).intValue(), r -> r));
        assertReject(rejects.get(64), "FETCH_FAILED", "after 3 attempt(s)");
        assertReject(rejects.get(65), "FETCH_FAILED", "HTTP 503 after 3 attempt(s)");
        assertEquals(3, PlantApiStub.server().countRequestsMatching(getRequestedFor(urlEqualTo("/plants/65")).build())
                .getCount());
    }

    @Test
    void aBodyOfExactlyTheBoundIsReadAndOneByteMoreIsRefused() throws Exception {
        int limit = config.maxBodyBytes();
        // 66, 67 with a Content-Length (not gzipped: WireMock's gzip would drop it); 68, 69 chunked, so the
        // bound is found while reading
        answer(66, aResponse().withStatus(200).withHeader("Content-Encoding", "identity")
                .withHeader("Content-Length", String.valueOf(limit)).withBody(plantOfBytes(66, limit)));
        answer(67, aResponse().withStatus(200).withHeader("Content-Encoding", "identity")
                .withHeader("Content-Length", String.valueOf(limit + 1)).withBody(plantOfBytes(67, limit + 1)));
        answer(68, aResponse().withStatus(200).withChunkedDribbleDelay(4, 100).withBody(plantOfBytes(68, limit)));
        answer(69, aResponse().withStatus(200).withChunkedDribbleDelay(4, 100).withBody(plantOfBytes(69, limit + 1)));

        PlantCycle.Report report = cycle("66-69");

        assertEquals(new CycleCounts(4, 2, 0, 2, 0, 0, 0), report.counts());
        assertEquals(List.of(66, 68), rows("SELECT plant_id FROM plant_reading ORDER BY plant_id").stream()
                .map(r -> ((Number) r.get("plant_id")).intValue()).toList());
        Map<Integer, Map<String, Object>> rejects = rows("SELECT plant_id, reason, detail FROM rejected_reading")
                .stream().collect(Collectors.toMap(r -> ((Number) r.get("plant_id")).intValue(), r -> r));
        assertReject(rejects.get(67), "OVERSIZED", "declared Content-Length " + (limit + 1));
        assertReject(rejects.get(69), "OVERSIZED", "more than " + limit + " bytes");
    }

    /** A recorded plant padded to exactly {@code bytes} bytes of UTF-8. */
    private static String plantOfBytes(int plantId, int bytes) {
        int unpadded = recordedPlantAs(plantId, p -> p.put("padding", "")).getBytes(StandardCharsets.UTF_8).length;
        String body = recordedPlantAs(plantId, p -> p.put("padding", "x".repeat(bytes - unpadded)));
        assertEquals(bytes, body.getBytes(StandardCharsets.UTF_8).length);
        return body;
    }

    @Test
    void discoveryWalksIdsUntilFiveConsecutiveAreNotFound() throws Exception {
        // a museum of 70 plants, so discovery needs a second window
        for (int id = 51; id <= 70; id++) {
            answer(id, aResponse().withStatus(200).withBody(recordedPlantAs(id, p -> { })));
        }

        PlantCycle.Report report = camel.requestBody("direct:plant-ingest", (Object) null, PlantCycle.Report.class);

        // windows of 64 (the parallelism): 1-64, then 65-128, in which 71-75 are the first five missing in a row
        assertEquals(new CycleCounts(128, 67, 0, 1, 59, 1, 0), report.counts());
        assertEquals(67, count("plant_reading"));
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
    void aPlantsLaterAndLateReadingsAreStoredAndOnlyTheSameOneAgainIsADuplicate() throws Exception {
        answer(2, aResponse().withStatus(200).withBody(plantRecordedAt(2, "2026-01-26T15:16:04")));
        cycle("2");

        answer(2, aResponse().withStatus(200).withBody(plantRecordedAt(2, "2026-01-26T15:17:04")));
        PlantCycle.Report newer = cycle("2");
        // a reading the sensor delivers late: older than both stored ones, and new all the same
        answer(2, aResponse().withStatus(200).withBody(plantRecordedAt(2, "2026-01-26T15:15:04")));
        PlantCycle.Report late = cycle("2");
        PlantCycle.Report again = cycle("2");

        assertEquals(new CycleCounts(1, 1, 0, 0, 0, 0, 0), newer.counts());
        assertEquals(new CycleCounts(1, 1, 0, 0, 0, 0, 0), late.counts());
        assertEquals(new CycleCounts(1, 0, 1, 0, 0, 0, 0), again.counts());
        assertEquals(List.of(LocalDateTime.parse("2026-01-26T15:15:04"), LocalDateTime.parse("2026-01-26T15:16:04"),
                LocalDateTime.parse("2026-01-26T15:17:04")), rows("SELECT recording_taken FROM plant_reading "
                        + "WHERE plant_id = 2 ORDER BY recording_taken").stream()
                        .map(r -> localTime(r.get("recording_taken"))).toList());
        assertEquals(List.of(1, 1, 0), rows("SELECT readings_inserted FROM pipeline_run WHERE run_id IN (?, ?, ?) "
                + "ORDER BY run_id", newer.runId(), late.runId(), again.runId()).stream()
                .map(r -> ((Number) r.get("readings_inserted")).intValue()).toList());
    }

    @Test
    void placeNamesTheDatabaseComparesAsEqualAreOneRowAndEveryCycleSucceeds() throws Exception {
        answer(1, aResponse().withStatus(200).withBody(plantFrom(1, "Paris", "France")));
        cycle("1");
        // the API spells the same place differently later, and two plants of one cycle disagree too
        answer(2, aResponse().withStatus(200).withBody(plantFrom(2, "PARIS", "FRANCE")));
        answer(3, aResponse().withStatus(200).withBody(plantFrom(3, "Lyon", "france")));
        answer(4, aResponse().withStatus(200).withBody(plantFrom(4, "LYON", "France")));

        PlantCycle.Report report = cycle("2-4");

        assertEquals(new CycleCounts(3, 3, 0, 0, 0, 0, 0), report.counts());
        var places = rows("SELECT p.plant_id, ci.city_name, co.country_name FROM plant p "
                + "JOIN origin o ON o.origin_id = p.origin_id JOIN city ci ON ci.city_id = o.city_id "
                + "JOIN country co ON co.country_id = ci.country_id ORDER BY p.plant_id").stream()
                .map(r -> r.get("plant_id") + " " + r.get("city_name") + ", " + r.get("country_name")).toList();
        if (comparesTextIgnoringCase()) {
            // one row per place as the database tells places apart; its first spelling stays
            assertEquals(List.of("1 Paris, France", "2 Paris, France", "3 Lyon, France", "4 Lyon, France"), places);
            assertEquals(1, count("country"));
            assertEquals(2, count("city"));
        } else {
            assertEquals(List.of("1 Paris, France", "2 PARIS, FRANCE", "3 Lyon, france", "4 LYON, France"), places);
            assertEquals(3, count("country"));
            assertEquals(4, count("city"));
        }
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED"), rows("SELECT status FROM pipeline_run ORDER BY run_id").stream()
                .map(r -> r.get("status")).toList());
    }

    @Test
    void twoCyclesStoringAtOnceOnOneDatabaseStoreEachReadingOnceAndBothSucceed() throws Exception {
        cycle("1-50");
        // what both replicas' cycles get from the API: plant 1 changed, plant 2 moved to a new city and botanist
        String plant1 = recordedPlantAs(1, p -> p.put("recording_taken", "2026-01-26T16:16:05"));
        String plant2 = recordedPlantAs(2, p -> {
            p.put("recording_taken", "2026-01-26T16:16:04");
            ((ObjectNode) p.get("origin_location")).put("city", "Newtown");
            ((ObjectNode) p.get("botanist")).put("email", "new.botanist@lnhm.co.uk");
        });
        answer(1, aResponse().withStatus(200).withBody(plant1));
        answer(2, aResponse().withStatus(200).withBody(plant2));
        List<PlantObservation> replicaA = List.of(reading(1, plant1), reading(2, plant2));
        long runA = runningRunOf("replica-a", Instant.now());

        PlantRepository.Stored storedA;
        PlantCycle.Report reportB;
        try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
            // a third writer holds plant 1, so replica A's store stops after writing the new city and botanist
            holder.setAutoCommit(false);
            statement.executeUpdate("UPDATE plant SET name = name WHERE plant_id = 1");
            CompletableFuture<PlantRepository.Stored> a = CompletableFuture.supplyAsync(
                    () -> unchecked(() -> plants.store(runA, replicaA, List.of(), Instant.now())));
            await(() -> blockedSessions() == 1, "replica A's store waiting for plant 1");
            CompletableFuture<PlantCycle.Report> b = CompletableFuture.supplyAsync(() -> cycle("1,2"));
            await(() -> blockedSessions() == 2 || b.isDone(), "this replica's store waiting as well");
            holder.commit();
            storedA = a.get(60, TimeUnit.SECONDS);
            reportB = b.get(60, TimeUnit.SECONDS);
        }

        // whichever stored first: each reading once, the other counts it as a duplicate
        assertEquals(2, storedA.inserted() + reportB.counts().inserted(), storedA + " / " + reportB);
        assertEquals(2, storedA.duplicates() + reportB.counts().duplicates(), storedA + " / " + reportB);
        assertEquals(49, count("plant_reading"));
        assertEquals(1, rows("SELECT city_id FROM city WHERE city_name = 'Newtown'").size());
        assertEquals(1, rows("SELECT botanist_id FROM botanist WHERE email = 'new.botanist@lnhm.co.uk'").size());
        assertEquals("Corpse flower", rows("SELECT name FROM plant WHERE plant_id = 1").get(0).get("name"));
        assertEquals("SUCCEEDED", rows("SELECT status FROM pipeline_run WHERE run_id = ?", reportB.runId()).get(0)
                .get("status"));
    }

    @Test
    void aRunAliveOnAnotherReplicaIsLeftAloneAndOneCutOffIsClosed() throws Exception {
        Instant now = Instant.now();
        long alive = runningRunOf("replica-alive", now);
        long cutOff = runningRunOf("replica-gone", now.minus(java.time.Duration.ofMinutes(10)));

        PlantCycle.Report report = cycle("1-50");

        assertEquals(47, report.counts().inserted());
        var aliveRun = rows("SELECT status, finished_at, error FROM pipeline_run WHERE run_id = ?", alive).get(0);
        assertEquals("RUNNING", aliveRun.get("status"), "its heartbeat is fresh: it is running on the other replica");
        assertEquals(null, aliveRun.get("finished_at"));
        var cutOffRun = rows("SELECT status, finished_at, error FROM pipeline_run WHERE run_id = ?", cutOff).get(0);
        assertEquals("FAILED", cutOffRun.get("status"), "its heartbeat stopped 10 minutes ago");
        assertTrue(text(cutOffRun.get("error")).startsWith("cut off"), text(cutOffRun.get("error")));
        assertTrue(cutOffRun.get("finished_at") != null);
    }

    @Test
    void anErrorInTheMiddleOfAStoreLeavesNothingOfItAndTheNextStoreCommits() throws Exception {
        String plant = recordedPlantAs(60, p -> {
            ((ObjectNode) p.get("origin_location")).put("city", "Errortown");
            ((ObjectNode) p.get("botanist")).put("email", "error.botanist@lnhm.co.uk");
        });
        List<PlantObservation> readings = List.of(reading(60, plant));
        long run = runningRunOf("replica-a", Instant.now());
        // the rejects are written last, so the plant, its place, botanist and reading are written when this
        // Error (what a heap running out throws) arrives
        List<PlantOutcome.Rejected> rejectsThatExhaustTheHeap = new AbstractList<>() {
            @Override
            public PlantOutcome.Rejected get(int index) {
                throw new OutOfMemoryError("Java heap space (simulated while the rejects are stored)");
            }

            @Override
            public int size() {
                return 1;
            }
        };

        assertThrows(OutOfMemoryError.class, () -> plants.store(run, readings, rejectsThatExhaustTheHeap, Instant.now()));

        assertEquals(0, rows("SELECT plant_id FROM plant WHERE plant_id = 60").size());
        assertEquals(0, rows("SELECT reading_id FROM plant_reading WHERE plant_id = 60").size());
        assertEquals(0, rows("SELECT city_id FROM city WHERE city_name = 'Errortown'").size());
        assertEquals(0, rows("SELECT botanist_id FROM botanist WHERE email = 'error.botanist@lnhm.co.uk'").size());
        // nothing of it stays open on the pooled connection either: the next store commits just what it stores
        assertEquals(new PlantRepository.Stored(1, 0), plants.store(run, readings, List.of(), Instant.now()));
        assertEquals(1, rows("SELECT city_id FROM city WHERE city_name = 'Errortown'").size());
        assertEquals(1, count("plant_reading"));
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

    private static String plantRecordedAt(int plantId, String recordingTaken) {
        return recordedPlantAs(plantId, p -> p.put("recording_taken", recordingTaken));
    }

    private static String plantFrom(int plantId, String city, String country) {
        return recordedPlantAs(plantId, p -> {
            ObjectNode origin = (ObjectNode) p.get("origin_location");
            origin.put("city", city);
            origin.put("country", country);
        });
    }

    @Test
    void manyReadingsAreStoredOnceEachAcrossBatchesAndRepeatsCountAsDuplicates() throws Exception {
        // more readings than one batch carries, the last batch partly filled, and one reading twice in one
        int count = 2 * PlantRepository.BATCH_SIZE + 7;
        LocalDateTime first = LocalDateTime.parse("2026-01-26T10:00:00");
        List<PlantObservation> readings = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String at = first.plusSeconds(i).toString();
            readings.add(reading(1, recordedPlantAs(1, p -> p.put("recording_taken", at))));
        }
        readings.add(PlantRepository.BATCH_SIZE + 5, readings.get(PlantRepository.BATCH_SIZE + 1));
        long run = runningRunOf("this-test", Instant.now());

        PlantRepository.Stored stored = plants.store(run, readings, List.of(), Instant.now());
        assertEquals(count, stored.inserted(), stored.toString());
        assertEquals(1, stored.duplicates(), stored.toString());
        assertEquals(count, count("plant_reading"));
        assertEquals(count, ((Number) rows("SELECT COUNT(DISTINCT recording_taken) AS n FROM plant_reading "
                + "WHERE plant_id = 1 AND run_id = ?", run).get(0).get("n")).intValue(), "each reading, of this run");

        // the same again, with one new reading in the middle of a batch
        readings.set(PlantRepository.BATCH_SIZE + 3,
                reading(1, recordedPlantAs(1, p -> p.put("recording_taken", "2026-01-26T11:00:00"))));
        PlantRepository.Stored again = plants.store(run, readings, List.of(), Instant.now());
        assertEquals(1, again.inserted(), again.toString());
        assertEquals(count, again.duplicates(), again.toString());
        assertEquals(count + 1, count("plant_reading"));
    }

    private PlantObservation reading(int plantId, String body) {
        var outcome = new PlantResponseParser(config.rules()).parse(plantId, body, Instant.now());
        return ((PlantOutcome.Reading) outcome).observation();
    }

    /** A RUNNING plant-ingest run of another process, its heartbeat renewed at {@code heartbeat}. */
    private static long runningRunOf(String owner, Instant heartbeat) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pipeline_run (pipeline, status, started_at, owner, heartbeat_at) "
                        + "VALUES ('plant-ingest', 'RUNNING', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            LocalDateTime utc = LocalDateTime.ofInstant(heartbeat, ZoneOffset.UTC);
            insert.setObject(1, utc.minusSeconds(30));
            insert.setString(2, owner);
            insert.setObject(3, utc);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Sessions of the test database waiting for a lock that another session holds. */
    private static long blockedSessions() throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            try (ResultSet row = statement.executeQuery(postgres
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static <T> T unchecked(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
