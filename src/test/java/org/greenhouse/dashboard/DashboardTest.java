package org.greenhouse.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.DashboardProfile;
import org.greenhouse.testing.MailStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JSON and the plant alerts, against the running app: plant cycles through the plant API stub into
 * H2, mails to GreenMail, history through the query service's DuckDB over a local archive the archive pipeline wrote.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class DashboardTest {

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    @Test
    void aPlantOutOfRangeMailsItsBotanistOncePerEpisodeAndOnceWhenItIsBack() throws Exception {
        // both plants in range first (another test of this app may have left one out of range), then no mail
        DashboardFixtures.cycle(camel, 60, 60);
        awaitIdle();
        MailStub.clear();
        for (int i = 0; i < 2; i++) {
            DashboardFixtures.cycle(camel, 5, 60);
        }
        awaitIdle();
        assertEquals(List.of(), botanistMails(), "two readings out of range are not yet an alert");

        DashboardFixtures.cycle(camel, 5, 60);
        await(() -> botanistMails().size() == 1, "the third reading out of range mailed");
        for (int i = 0; i < 3; i++) {
            DashboardFixtures.cycle(camel, 4, 60);
        }
        awaitIdle();
        List<MimeMessage> mails = botanistMails();
        assertEquals(1, mails.size(), "one mail for the episode, not one per cycle");
        MimeMessage alert = mails.get(0);
        assertEquals("botanist1@plants.test", alert.getAllRecipients()[0].toString(), "to the plant's botanist");
        assertEquals(1, alert.getAllRecipients().length);
        assertTrue(alert.getSubject().startsWith(
                "[greenhouse-test] Venus flytrap (plant 1) out of range: soil moisture 5.0 % below 20.0 %"),
                alert.getSubject());
        String text = text(alert);
        assertTrue(text.startsWith("Venus flytrap (plant 1) is out of range since "), text);
        assertTrue(text.contains("Botanist: Botanist 1 <botanist1@plants.test>"), text);

        Response snapshot = snapshot("");
        List<Map<String, Object>> alerts = snapshot.jsonPath().getList("alerts.plants");
        assertEquals(List.of(1), alerts.stream().map(a -> a.get("id")).toList(), "the same plant on the dashboard");
        assertTrue(((String) alerts.get(0).get("problem")).startsWith("soil moisture 4.0 % below 20.0 %"));
        assertTrue(alerts.get(0).get("alertedSince") != null, "its episode is open");

        DashboardFixtures.cycle(camel, 55, 60);
        await(() -> botanistMails().size() == 2, "the recovery mailed");
        MimeMessage recovery = botanistMails().get(1);
        assertEquals("[greenhouse-test] Venus flytrap (plant 1) back in range", recovery.getSubject());
        assertTrue(text(recovery).contains("Cycles out of range: 4\n"), "the opening cycle and 3 more: " + text(recovery));
        assertEquals(List.of(), snapshot("").jsonPath().getList("alerts.plants"), "no plant out of range any more");
    }

    @Test
    void theSnapshotHasTotalsPlantsWateringAChartAndPipelineHealth() throws Exception {
        DashboardFixtures.cycle(camel, 60, 61);
        DashboardFixtures.cycle(camel, 62, 63);
        Response answer = given().header("X-Echo", "leak").header("Cookie", "a=b")
                .get(app.toString() + "api/dashboard?plant=2&hours=24").then().extract().response();
        assertEquals(200, answer.statusCode(), answer.asString());
        Set<String> headers = new TreeSet<>();
        answer.headers().forEach(h -> headers.add(h.getName().toLowerCase()));
        assertEquals(Set.of("content-type", "content-length"), headers, "only the headers the API defines");
        JsonPath json = answer.jsonPath();

        int plants = ((Number) TestDatabase.rows("SELECT COUNT(*) AS n FROM plant").get(0).get("n")).intValue();
        assertEquals(plants, json.getInt("totals.plants"));
        assertEquals(plants, json.getList("plants").size());
        assertEquals(((Number) TestDatabase.rows("SELECT COUNT(DISTINCT botanist_id) AS n FROM plant").get(0)
                .get("n")).intValue(), json.getInt("totals.botanists"));
        assertTrue(json.getInt("totals.countries") >= 1);

        Map<String, Object> plant2 = json.getMap("plants.find { it.id == 2 }");
        assertEquals("Corpse flower", plant2.get("name"));
        assertEquals(63.0, ((Number) plant2.get("soilMoisture")).doubleValue(), 1e-9, "its latest reading");
        assertEquals("red", plant2.get("watering"), "watered 3 days ago");
        assertEquals("Botanist 2", plant2.get("botanist"));
        Map<String, Object> plant1 = json.getMap("plants.find { it.id == 1 }");
        assertEquals("ok", plant1.get("watering"), "watered 30 minutes before its reading");

        assertEquals(2, json.getInt("chart.plantId"));
        assertEquals(List.of("database"), json.getList("chart.sources"));
        List<Map<String, Object>> points = json.getList("chart.points");
        assertFalse(points.isEmpty(), "the chart has points");
        int inDatabase = TestDatabase.rows("SELECT reading_id FROM plant_reading WHERE plant_id = 2 AND recording_taken >= ?",
                LocalDateTime.ofInstant(Instant.now().minus(Duration.ofHours(24)), ZoneOffset.UTC)).size();
        assertEquals(inDatabase, points.stream().mapToInt(p -> ((Number) p.get("readings")).intValue()).sum(),
                "every reading of the last 24 hours is in one point");

        Map<String, Object> ingest = json.getMap("alerts.pipelines.find { it.pipeline == 'plant-ingest' }");
        assertEquals("SUCCEEDED", ingest.get("lastStatus"));
        assertEquals("ok", ingest.get("state"));
        // the events' processed zone is read (its counts are EventsProcessTest's): this archive holds no events
        assertEquals(true, json.getBoolean("events.available"), json.prettify());
        assertEquals(List.of(), json.getList("events.counts"));
    }

    @Test
    void historyReadsOlderReadingsAndDailySummariesFromTheArchive() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        DashboardFixtures.cycle(camel, 60, 60);
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                        + "VALUES (2, ?, ?, 20, ?)")) {
            for (int hour = 0; hour < 4; hour++) {
                LocalDateTime taken = LocalDateTime.ofInstant(day.plus(Duration.ofHours(hour)), ZoneOffset.UTC);
                insert.setObject(1, taken);
                insert.setDouble(2, 40 + hour * 10);
                insert.setObject(3, taken);
                insert.executeUpdate();
            }
        }
        camel.requestBody("direct:plant-archive", (Object) null);
        assertEquals(0, TestDatabase.rows("SELECT reading_id FROM plant_reading WHERE plant_id = 2 AND recording_taken < ?",
                LocalDateTime.ofInstant(day.plus(Duration.ofDays(1)), ZoneOffset.UTC)).size(), "archived and deleted");

        Response answer = given().get(app + "api/dashboard/history?plant=2&from=" + day.minus(Duration.ofDays(1))
                + "&to=" + Instant.now().plus(Duration.ofMinutes(10)));
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonPath json = answer.jsonPath();
        assertEquals(List.of("archive", "database"), json.getList("readings.sources"));
        List<Map<String, Object>> points = json.getList("readings.points");
        assertEquals(40.0, ((Number) points.get(0).get("soilMoisture")).doubleValue(), 1e-9,
                "the archived readings come first (a point is 20 minutes of a 4-day range: one reading)");
        assertEquals(day.getEpochSecond(), ((Number) points.get(0).get("t")).longValue());
        Map<String, Object> summary = json.getMap("days.find { it.day == '" + day.toString().substring(0, 10) + "' }");
        assertEquals(4, summary.get("readings"));
        assertEquals(55.0, ((Number) summary.get("soilMoistureMean")).doubleValue(), 1e-9);
        assertEquals(47.5, ((Number) summary.get("soilMoistureP25")).doubleValue(), 1e-9);
        assertEquals(62.5, ((Number) summary.get("soilMoistureP75")).doubleValue(), 1e-9);
        assertEquals(List.of(), json.getList("notes"));
    }

    @Test
    void badParametersAreRefusedWithTheirReason() {
        Response hours = given().get(app + "api/dashboard?hours=48");
        assertEquals(400, hours.statusCode());
        assertTrue(hours.jsonPath().getString("error").startsWith("hours must be a whole number from 1 to 24"));
        Response plant = given().get(app + "api/dashboard/history?plant=x");
        assertEquals(400, plant.statusCode());
        assertEquals("plant must be a plant id (a whole number), not 'x'", plant.jsonPath().getString("error"));
        Response range = given().get(app + "api/dashboard/history?plant=1&from=2026-01-01&to=2025-01-01");
        assertEquals(400, range.statusCode());
        assertTrue(range.jsonPath().getString("error").startsWith("from (2026-01-01T00:00:00Z) must be before"));
        assertNull(range.getHeader("X-Echo"));
    }

    @Test
    void bothAnswersAreInTheOpenApiDocument() {
        Response openapi = given().get(app + "openapi");
        assertEquals(200, openapi.statusCode());
        JsonPath json = openapi.jsonPath();
        assertEquals("plant", json.getString("paths.'/api/dashboard/history'.get.parameters[0].name"));
        assertEquals("get-dashboard", json.getString("paths.'/api/dashboard'.get.operationId"));
        assertTrue(json.getString("paths.'/api/dashboard'.get.responses.'200'.description").contains("refreshSeconds"));
        assertEquals("get-dashboard-history", json.getString("paths.'/api/dashboard/history'.get.operationId"));
    }

    private Response snapshot(String query) {
        Response answer = given().get(app + "api/dashboard" + query);
        assertEquals(200, answer.statusCode(), answer.asString());
        return answer;
    }

    /** The mails to plant 1's botanist. */
    private static List<MimeMessage> botanistMails() {
        return MailStub.received().stream().filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals("botanist1@plants.test");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Until no alert waits in alert_delivery and the alert route has taken every run end. */
    private static void awaitIdle() throws Exception {
        await(() -> {
            try {
                return TestDatabase.rows("SELECT delivery_id FROM alert_delivery WHERE status = 'PENDING'").isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "no alert pending");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String text(MimeMessage mail) throws Exception {
        return mail.getContent().toString().replace("\r\n", "\n");
    }
}
