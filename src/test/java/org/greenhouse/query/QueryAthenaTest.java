package org.greenhouse.query;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.greenhouse.testing.AthenaProfile;
import org.greenhouse.testing.AthenaStub;
import org.greenhouse.testing.S3Stub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Athena engine of routes/query.yaml against a fake Athena speaking the real JSON protocol (WireMock): the
 * query is started, polled through QUEUED and RUNNING until it ends, its rows read page by page (JSON) or from its
 * result file in S3 (CSV, S3Proxy); a failed or cancelled query says why; one still running at the time limit is
 * stopped.
 */
@QuarkusTest
@TestProfile(AthenaProfile.class)
class QueryAthenaTest {

    private static final String ID = "3b1c7a1e-0000-4000-8000-000000000001";
    private static final String RESULT_KEY = "athena-results/" + ID + ".csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL app;

    private WireMockServer athena;

    @BeforeEach
    void aFreshAthena() {
        athena = AthenaStub.server();
        athena.resetAll();
        S3Stub.clear();
        answer("StartQueryExecution", "{\"QueryExecutionId\": \"" + ID + "\"}");
        answer("StopQueryExecution", "{}");
    }

    private void answer(String action, String body) {
        athena.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + action))
                .willReturn(json(body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** GetQueryExecution answers each state in turn, then stays in the last. */
    private void states(String... states) {
        for (int i = 0; i < states.length; i++) {
            String state = i == 0 ? Scenario.STARTED : states[i - 1] + i;
            var stub = post(urlEqualTo("/")).inScenario("execution").whenScenarioStateIs(state)
                    .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution"))
                    .withRequestBody(matchingJsonPath("$.QueryExecutionId", equalTo(ID)))
                    .willReturn(json(execution(states[i])));
            athena.stubFor(i + 1 < states.length ? stub.willSetStateTo(states[i] + (i + 1)) : stub);
        }
    }

    private static String execution(String state) {
        return execution(state, "");
    }

    private static String execution(String state, String statusExtra) {
        return "{\"QueryExecution\": {\"QueryExecutionId\": \"" + ID + "\", \"Query\": \"SELECT\", "
                + "\"Status\": {\"State\": \"" + state + "\"" + statusExtra + "}, "
                + "\"ResultConfiguration\": {\"OutputLocation\": \"s3://" + S3Stub.BUCKET + "/" + RESULT_KEY + "\"}, "
                + "\"Statistics\": {\"DataScannedInBytes\": 2048, \"EngineExecutionTimeInMillis\": 120}}}";
    }

    /** Athena's result file of the query, where its output location says. */
    private static void resultFile(String csv) {
        var blobs = S3Stub.blobStore();
        blobs.putBlob(S3Stub.BUCKET, blobs.blobBuilder(RESULT_KEY).payload(csv.getBytes(StandardCharsets.UTF_8)).build());
    }

    private Response query(String body) {
        return asAdmin(given()).baseUri(app.toString()).contentType("application/json").body(body).post("/api/query");
    }

    @Test
    void aJsonAnswerPollsUntilSucceededAndReadsEveryPage() throws Exception {
        states("QUEUED", "RUNNING", "RUNNING", "SUCCEEDED");
        String metadata = "\"ResultSetMetadata\": {\"ColumnInfo\": [{\"Name\": \"plant_id\", \"Label\": \"plant_id\", "
                + "\"Type\": \"integer\"}, {\"Name\": \"day\", \"Label\": \"day\", \"Type\": \"date\"}, "
                + "{\"Name\": \"temperature_mean\", \"Label\": \"temperature_mean\", \"Type\": \"double\"}]}";
        athena.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryResults"))
                .withRequestBody(equalToJson("{\"QueryExecutionId\": \"" + ID + "\", \"MaxResults\": 2}"))
                .willReturn(json("{\"ResultSet\": {" + metadata + ", \"Rows\": ["
                        + "{\"Data\": [{\"VarCharValue\": \"plant_id\"}, {\"VarCharValue\": \"day\"}, "
                        + "{\"VarCharValue\": \"temperature_mean\"}]}, "
                        + "{\"Data\": [{\"VarCharValue\": \"1\"}, {\"VarCharValue\": \"2026-01-25\"}, "
                        + "{\"VarCharValue\": \"12.5\"}]}]}, \"NextToken\": \"page-2\"}")));
        athena.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryResults"))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(json("{\"ResultSet\": {" + metadata + ", \"Rows\": ["
                        + "{\"Data\": [{\"VarCharValue\": \"1\"}, {\"VarCharValue\": \"2026-01-26\"}, {}]}, "
                        + "{\"Data\": [{\"VarCharValue\": \"2\"}, {\"VarCharValue\": \"2026-01-25\"}, "
                        + "{\"VarCharValue\": \"20.25\"}]}]}}")));

        Response answer = query("{\"query\": \"daily_summary\", \"parameters\": {\"plant\": 1, \"from\": "
                + "\"2026-01-25\", \"to\": \"2026-01-27\"}}");

        answer.then().statusCode(200).body("engine", org.hamcrest.Matchers.equalTo("athena"))
                .body("limitHit", nullValue());
        JsonNode body = JSON.readTree(answer.asString());
        assertEquals("[[1,\"2026-01-25\",12.5],[1,\"2026-01-26\",null],[2,\"2026-01-25\",20.25]]",
                body.get("rows").toString());
        assertEquals("[{\"name\":\"plant_id\",\"type\":\"integer\"},{\"name\":\"day\",\"type\":\"date\"},"
                + "{\"name\":\"temperature_mean\",\"type\":\"double\"}]", body.get("columns").toString());

        // the named query went in with its values as typed literals, in the configured database and workgroup
        athena.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryString", equalTo("SELECT * FROM daily_summary WHERE "
                        + "plant_id = 1 AND day >= DATE '2026-01-25' AND year || '-' || month || '-' || day_of_month "
                        + ">= '2026-01-25' AND day < DATE '2026-01-27' AND year || '-' || month || '-' || "
                        + "day_of_month < '2026-01-27' ORDER BY plant_id, day")))
                .withRequestBody(matchingJsonPath("$.QueryExecutionContext.Database", equalTo("greenhouse")))
                .withRequestBody(matchingJsonPath("$.WorkGroup", equalTo("greenhouse-wg"))));
        athena.verify(4, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution")));
        athena.verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryResults")));
    }

    @Test
    void aCsvAnswerIsTheResultFileDownloadedFromS3() {
        states("QUEUED", "SUCCEEDED");
        String csv = "\"plant_id\",\"plant_name\",\"temperature\"\n\"1\",\"Venus, \"\"flytrap\"\"\",\"12.5\"\n"
                + "\"2\",,\"13.0\"\n";
        resultFile(csv);

        Response answer = query("{\"sql\": \"SELECT plant_id, plant_name, temperature FROM plant_reading\", "
                + "\"format\": \"csv\"}");

        answer.then().statusCode(200).contentType(containsString("text/csv"));
        assertEquals("plant_id,plant_name,temperature\r\n1,\"Venus, \"\"flytrap\"\"\",12.5\r\n2,,13.0\r\n",
                answer.asString());
        athena.verify(0, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryResults")));
        athena.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryString",
                        equalTo("SELECT plant_id, plant_name, temperature FROM plant_reading"))));
    }

    @Test
    void theQueryCommandOnAthenaWritesTheResultFileAsCsv() throws Exception {
        states("QUEUED", "RUNNING", "SUCCEEDED");
        resultFile("\"plant_id\",\"plant_name\",\"temperature\"\n\"1\",\"Venus, \"\"flytrap\"\"\",\"12.5\"\n"
                + "\"2\",,\"13.0\"\n");
        // what a user sets for the command (it runs without the app, on the settings of the environment)
        Map<String, String> settings = Map.of("greenhouse.query.athena.endpoint-override", athena.baseUrl(),
                "greenhouse.query.athena.region", "us-east-1", "greenhouse.query.athena.database", "greenhouse",
                "greenhouse.query.athena.workgroup", "greenhouse-wg", "greenhouse.query.athena.output-location",
                "s3://" + S3Stub.BUCKET + "/athena-results/", "greenhouse.query.athena.poll-initial-delay", "10ms",
                "greenhouse.query.athena.s3-path-style", "true", "greenhouse.query.athena.s3-endpoint-override",
                S3Stub.endpoint());
        settings.forEach(System::setProperty);
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("athena-command").resolve("result.csv");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit;
        try {
            exit = QueryCommand.run(new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
                    "SELECT plant_id, plant_name, temperature FROM plant_reading", "--engine", "athena", "--out",
                    out.toString());
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }

        assertEquals(0, exit, err.toString());
        assertEquals("plant_id,plant_name,temperature\r\n1,\"Venus, \"\"flytrap\"\"\",12.5\r\n2,,13.0\r\n",
                java.nio.file.Files.readString(out));
        assertTrue(err.toString().contains("\rathena RUNNING"), err.toString());
        assertTrue(err.toString().contains("wrote 2 rows to " + out), err.toString());
        athena.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryString",
                        equalTo("SELECT plant_id, plant_name, temperature FROM plant_reading")))
                .withRequestBody(matchingJsonPath("$.WorkGroup", equalTo("greenhouse-wg"))));
    }

    @Test
    void theRowLimitCutsAResultFileShort() {
        states("SUCCEEDED");
        StringBuilder csv = new StringBuilder("\"n\"\n");
        for (int i = 1; i <= AthenaProfile.MAX_ROWS + 3; i++) {
            csv.append('"').append(i).append("\"\n");
        }
        resultFile(csv.toString());

        Response answer = query("{\"sql\": \"SELECT n FROM t\", \"format\": \"csv\"}");

        answer.then().statusCode(200).header(QueryHttp.LIMIT_HEADER, "rows=" + AthenaProfile.MAX_ROWS);
        assertEquals(AthenaProfile.MAX_ROWS + 1, answer.asString().split("\r\n").length);
    }

    @Test
    void aFailedQuerySaysWhyAndIsTheClientsFaultWhenAthenaSaysSo() {
        states("QUEUED", "FAILED");
        athena.resetScenarios();
        athena.stubFor(post(urlEqualTo("/")).inScenario("execution").whenScenarioStateIs("QUEUED1")
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution"))
                .willReturn(json(execution("FAILED", ", \"StateChangeReason\": \"TABLE_NOT_FOUND: line 1:15: Table "
                        + "'awsdatacatalog.greenhouse.nope' does not exist\", \"AthenaError\": {\"ErrorCategory\": 2, "
                        + "\"ErrorType\": 1006, \"Retryable\": false}"))));

        query("{\"sql\": \"SELECT * FROM nope\"}").then().statusCode(400)
                .body("error", containsString("TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.greenhouse.nope'"));
    }

    @Test
    void aCancelledQuerySaysWhy() {
        states("RUNNING", "CANCELLED");
        athena.resetScenarios();
        athena.stubFor(post(urlEqualTo("/")).inScenario("execution").whenScenarioStateIs("RUNNING1")
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution"))
                .willReturn(json(execution("CANCELLED", ", \"StateChangeReason\": \"Query cancelled by user\""))));

        query("{\"sql\": \"SELECT 1\"}").then().statusCode(502)
                .body("error", containsString("was cancelled: Query cancelled by user"));
    }

    @Test
    void aQueryStillRunningAtTheTimeLimitIsStoppedAndTheAnswerSaysSo() {
        states("QUEUED", "RUNNING");

        query("{\"sql\": \"SELECT count(*) FROM plant_reading\", \"timeLimitSeconds\": 3}").then().statusCode(200)
                .body("limitHit", org.hamcrest.Matchers.equalTo("time"))
                .body("message", containsString("time limit of 3 s"));

        athena.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.StopQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryExecutionId", equalTo(ID))));
        int polls = athena.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonAthena.GetQueryExecution"))).size();
        // waits of 10, 20, 40, 80 ms, then 100 ms each: about 30 polls in 3 s, never hundreds
        assertTrue(polls > 3 && polls < 50, polls + " polls in 3 s");
    }

    @Test
    void aRefusedQueryNeverReachesAthena() {
        query("{\"sql\": \"DROP TABLE plant_reading\"}").then().statusCode(400)
                .body("error", containsString("'DROP'"));
        query("{\"sql\": \"SELECT 1; SELECT 2\"}").then().statusCode(400);
        assertEquals(List.of(), athena.getAllServeEvents());
    }
}
