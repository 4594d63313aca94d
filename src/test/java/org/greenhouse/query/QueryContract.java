package org.greenhouse.query;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.archive.PlantArchive;
import org.greenhouse.plant.PlantCycle;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.QueryProfile;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.greenhouse.testing.AdminCredentials;
import org.junit.jupiter.api.Test;

/**
 * POST /api/query on DuckDB over an archive the archive pipeline wrote: readings ingested into the database,
 * archived as Parquet, then asked back through the endpoint and compared with what the database held.
 * Subclasses choose where the archive is (S3 or a local directory).
 */
abstract class QueryContract {

    private static final DateTimeFormatter ATHENA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    /** Every reading the archive run moved, as the database held it, by reading id. */
    private Map<Long, Map<String, Object>> archived;

    abstract void clearArchive() throws Exception;

    @BeforeEach
    void anArchiveWrittenByThePipeline() throws Exception {
        TestDatabase.clean();
        clearArchive();
        PlantApiStub.serveRecorded();
        camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "1-50");
        if (TestDatabase.rows("SELECT plant_id FROM plant WHERE plant_id = 1").isEmpty()) {
            // its fetch timed out on a busy machine (1 s in tests): the next cycle has it, as in production
            camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "1");
        }
        // two more days of plant 1, so ranges and partitions have something to choose from
        insertReading(1, Instant.parse("2026-01-24T09:30:00Z"), 18.5, 40.0);
        insertReading(1, Instant.parse("2026-01-25T23:59:59Z"), 19.5, 41.0);
        archived = TestDatabase.rows("SELECT * FROM plant_reading").stream()
                .collect(Collectors.toMap(row -> ((Number) row.get("reading_id")).longValue(), row -> row));
        PlantArchive.Report report = camel.requestBody("direct:plant-archive", (Object) null, PlantArchive.Report.class);
        assertEquals(archived.size(), report.rows(), "every reading is old enough to be archived");
        assertEquals(0, TestDatabase.count("plant_reading"), "the answers below can only come from the archive");
    }

    private Response post(String body) {
        return asAdmin(given()).baseUri(app.toString()).contentType("application/json").body(body).post("/api/query");
    }

    @Test
    void sqlOverTheArchiveAnswersWhatTheDatabaseHeld() {
        Response answer = post("{\"sql\": \"SELECT plant_id, count(*) AS readings, max(temperature) AS hottest "
                + "FROM plant_reading WHERE plant_id <= 10 GROUP BY plant_id ORDER BY plant_id\"}");

        answer.then().statusCode(200).contentType("application/json").body("engine", equalTo("duckdb"))
                .body("limitHit", nullValue());
        JsonNode rows = json(answer).get("rows");
        Map<Long, List<Map<String, Object>>> byPlant = archived.values().stream()
                .filter(row -> ((Number) row.get("plant_id")).intValue() <= 10)
                .collect(Collectors.groupingBy(row -> ((Number) row.get("plant_id")).longValue()));
        assertEquals(byPlant.size(), rows.size());
        for (JsonNode row : rows) {
            List<Map<String, Object>> readings = byPlant.get(row.get(0).asLong());
            assertEquals(readings.size(), row.get(1).asInt());
            assertEquals(readings.stream().mapToDouble(r -> ((Number) r.get("temperature")).doubleValue()).max()
                    .orElseThrow(), row.get(2).doubleValue(), 1e-12);
        }
        assertEquals(List.of("integer", "bigint", "double"), answer.jsonPath().getList("columns.type"));
    }

    @Test
    void theNamedReadingsQueryGivesOnePlantsRangeWithAthenasTablesColumns() {
        Response answer = post("{\"query\": \"plant_readings\", \"parameters\": {\"plant\": 1, "
                + "\"from\": \"2026-01-25\", \"to\": \"2026-01-27T00:00:00Z\"}}");

        answer.then().statusCode(200);
        List<String> columns = answer.jsonPath().getList("columns.name");
        List<String> athena = new ArrayList<>();
        LakeTables.named("plant_reading").orElseThrow().columns().forEach(c -> athena.add(c.name()));
        athena.addAll(List.of("year", "month", "day", "hour"));
        assertEquals(athena, columns);

        List<Map<String, Object>> expected = archived.values().stream()
                .filter(r -> ((Number) r.get("plant_id")).intValue() == 1)
                .filter(r -> !taken(r).isBefore(LocalDateTime.parse("2026-01-25T00:00:00")))
                .sorted(java.util.Comparator.comparing(QueryContract::taken)).toList();
        assertEquals(2, expected.size(), "the reading at 23:59:59 on the 25th and the recorded one on the 26th");
        JsonNode rows = json(answer).get("rows");
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            Map<String, Object> source = expected.get(i);
            assertEquals(((Number) source.get("reading_id")).longValue(), row.get(0).asLong());
            assertEquals(ATHENA_TIME.format(taken(source)), row.get(columns.indexOf("recording_taken")).asText());
            assertEquals(((Number) source.get("temperature")).doubleValue(),
                    row.get(columns.indexOf("temperature")).doubleValue(), 1e-12);
            String day = ATHENA_TIME.format(taken(source)).substring(8, 10);
            assertTrue(row.get(columns.indexOf("year")).isTextual(), "partition values are strings, as Athena's");
            assertEquals(List.of("2026", "01", day), List.of(row.get(columns.indexOf("year")).asText(),
                    row.get(columns.indexOf("month")).asText(), row.get(columns.indexOf("day")).asText()));
        }
    }

    @Test
    void dailySummariesKeepTheirDayBesideThePartitionDayOfMonth() {
        Response answer = post("{\"sql\": \"SELECT plant_id, day, day_of_month, readings, temperature_mean "
                + "FROM daily_summary WHERE plant_id = 1 ORDER BY day\", \"format\": \"json\"}");

        answer.then().statusCode(200);
        List<List<Object>> rows = answer.jsonPath().getList("rows");
        assertEquals(List.of("2026-01-24", "2026-01-25", "2026-01-26"), rows.stream().map(r -> r.get(1)).toList());
        assertEquals(List.of("24", "25", "26"), rows.stream().map(r -> r.get(2)).toList());
        assertEquals(18.5, ((Number) rows.get(0).get(4)).doubleValue(), 1e-6);
    }

    @Test
    void csvAnswersHaveAHeaderRowAndReadBackAsTheRows() throws Exception {
        Response answer = asAdmin(given()).baseUri(app.toString()).contentType("application/json").accept("text/csv")
                .body("{\"sql\": \"SELECT reading_id, plant_name, recording_taken FROM plant_reading "
                        + "WHERE plant_id = 1 ORDER BY reading_id\"}").post("/api/query");

        answer.then().statusCode(200).contentType(containsString("text/csv"));
        assertNull(answer.header(QueryHttp.LIMIT_HEADER));
        CsvReader csv = new CsvReader(new StringReader(answer.asString()));
        assertEquals(List.of("reading_id", "plant_name", "recording_taken"), csv.next());
        List<Map<String, Object>> plant1 = archived.values().stream()
                .filter(r -> ((Number) r.get("plant_id")).intValue() == 1)
                .sorted(java.util.Comparator.comparing(r -> ((Number) r.get("reading_id")).longValue())).toList();
        for (Map<String, Object> source : plant1) {
            assertEquals(List.of(String.valueOf(((Number) source.get("reading_id")).longValue()),
                    String.valueOf(TestDatabase.rows("SELECT name FROM plant WHERE plant_id = 1").get(0).get("name")),
                    ATHENA_TIME.format(taken(source))), csv.next());
        }
        assertNull(csv.next());
    }

    @Test
    void theRowLimitCutsTheAnswerAndSaysSo() {
        Response json = post("{\"sql\": \"SELECT reading_id FROM plant_reading\"}");
        json.then().statusCode(200).body("rowCount", equalTo(QueryProfile.MAX_ROWS)).body("limitHit", equalTo("rows"))
                .body("message", containsString("row limit of " + QueryProfile.MAX_ROWS));
        assertEquals(QueryProfile.MAX_ROWS, json.jsonPath().getList("rows").size());

        Response csv = post("{\"sql\": \"SELECT reading_id FROM plant_reading\", \"format\": \"csv\"}");
        csv.then().statusCode(200).header(QueryHttp.LIMIT_HEADER, "rows=" + QueryProfile.MAX_ROWS);
        assertEquals(QueryProfile.MAX_ROWS + 1, csv.asString().split("\r\n").length, "the header and the rows");

        post("{\"sql\": \"SELECT reading_id FROM plant_reading LIMIT " + QueryProfile.MAX_ROWS + "\"}")
                .then().statusCode(200).body("limitHit", nullValue());
        post("{\"sql\": \"SELECT reading_id FROM plant_reading\", \"maxRows\": 3}")
                .then().statusCode(200).body("rowCount", equalTo(3)).body("limitHit", equalTo("rows"));
        post("{\"sql\": \"SELECT reading_id FROM plant_reading\", \"maxRows\": 1000}")
                .then().statusCode(200).body("rowCount", equalTo(QueryProfile.MAX_ROWS));
    }

    @Test
    void theTimeLimitStopsALongQueryAndSaysSo() {
        post("{\"sql\": \"SELECT count(*) FROM range(1000000000000) AS t(x) WHERE x % 7 = 3\", "
                + "\"timeLimitSeconds\": 3}")
                .then().statusCode(200).body("limitHit", equalTo("time"))
                .body("message", containsString("time limit of 3 s")).body("rowCount", equalTo(0));
        post("{\"sql\": \"SELECT 1\", \"timeLimitSeconds\": 0}").then().statusCode(400)
                .body("error", containsString("timeLimitSeconds"));
    }

    @Test
    void anythingButOneReadOnlyStatementIsRefusedWithAReason() {
        post("{\"sql\": \"DROP VIEW plant_reading\"}").then().statusCode(400)
                .body("error", containsString("DROP"));
        post("{\"sql\": \"SELECT 1; DELETE FROM plant_reading\"}").then().statusCode(400)
                .body("error", containsString("one statement"));
        post("{\"sql\": \"WITH gone AS (DELETE FROM plant_reading RETURNING *) SELECT * FROM gone\"}")
                .then().statusCode(400).body("error", containsString("DELETE"));
        post("{\"sql\": \"SELECT 1; SELECT 2\"}").then().statusCode(400).body("error", containsString("one statement"));
        post("{\"sql\": \"COPY (SELECT 1) TO '/tmp/x.csv'\"}").then().statusCode(400);
        post("{\"sql\": \"SET enable_external_access = true\"}").then().statusCode(400)
                .body("error", containsString("only a SELECT or WITH"));
        // reading outside the archive reaches DuckDB, which is locked to the archive's directory
        post("{\"sql\": \"SELECT * FROM read_text('/etc/passwd')\"}").then().statusCode(400)
                .body("error", containsString("disabled by configuration"));
        post("{\"sql\": \"SELECT * FROM no_such_table\"}").then().statusCode(400)
                .body("error", containsString("no_such_table"));
        post("{\"query\": \"everything\"}").then().statusCode(400).body("error", containsString("plant_readings"));
        post("{\"query\": \"plant_readings\", \"parameters\": {\"plant\": \"1 OR 1=1\"}}").then().statusCode(400)
                .body("error", containsString("plant must be a plant id"));
        post("not json").then().statusCode(400).body("error", containsString("not JSON"));
        asAdmin(given()).baseUri(app.toString()).contentType("text/plain").body("SELECT 1").post("/api/query")
                .then().statusCode(415);
    }

    @Test
    void onlyTheAdminRoleMayQuery() {
        given().baseUri(app.toString()).contentType("application/json").body("{\"sql\": \"SELECT 1\"}")
                .post("/api/query").then().statusCode(401);
        given().baseUri(app.toString()).auth().preemptive().basic(AdminCredentials.MONITOR,
                AdminCredentials.MONITOR_PASSWORD).contentType("application/json").body("{\"sql\": \"SELECT 1\"}")
                .post("/api/query").then().statusCode(403);
    }

    @Test
    void theAnswerCarriesOnlyTheHeadersTheApiDefines() {
        Response answer = asAdmin(given()).baseUri(app.toString()).contentType("application/json")
                .header("X-Secret-Token", "abc").queryParam("X-Leak", "1")
                .body("{\"sql\": \"SELECT 1 AS one\"}").post("/api/query");

        answer.then().statusCode(200).body("rows[0][0]", equalTo(1));
        assertNull(answer.header("X-Secret-Token"));
        assertNull(answer.header("X-Leak"));
        assertTrue(answer.headers().asList().stream().noneMatch(h -> h.getName().startsWith("Camel")),
                answer.headers().toString());
    }

    @Test
    void aSummaryRewrittenByALaterRunIsWhatTheNextQuerySees() throws Exception {
        String sql = "{\"sql\": \"SELECT readings FROM daily_summary WHERE plant_id = 1 AND day = DATE '2026-01-24'\"}";
        post(sql).then().statusCode(200).body("rows[0][0]", equalTo(1));

        insertReading(1, Instant.parse("2026-01-24T10:30:00Z"), 20.0, 42.0);
        camel.requestBody("direct:plant-archive", (Object) null, PlantArchive.Report.class);

        post(sql).then().statusCode(200).body("rows[0][0]", equalTo(2));
    }

    private static JsonNode json(Response answer) {
        try {
            return new ObjectMapper().readTree(answer.asString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.asString(), e);
        }
    }

    private static LocalDateTime taken(Map<String, Object> row) {
        Object value = row.get("recording_taken");
        return value instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value;
    }

    private static void insertReading(int plant, Instant taken, double temperature, double moisture)
            throws Exception {
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            insert.setInt(1, plant);
            insert.setObject(2, LocalDateTime.ofInstant(taken, ZoneOffset.UTC));
            insert.setDouble(3, moisture);
            insert.setDouble(4, temperature);
            insert.setObject(5, LocalDateTime.ofInstant(taken.minusSeconds(3600), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
