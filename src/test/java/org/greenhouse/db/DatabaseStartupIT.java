package org.greenhouse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.greenhouse.testing.PackagedApp;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged app meeting a database it cannot use as given: a login the database refuses, a schema that
 * already holds another application's tables (a team keeping the database of the pipeline it replaces).
 */
class DatabaseStartupIT {

    private static final String PG_SCHEMA = "greenhouse_startup_it";
    private Server h2;

    @BeforeEach
    void startH2() throws SQLException {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterEach
    void stopH2() {
        h2.stop();
    }

    @Test
    void aRefusedLoginIsReportedAsSuchNotAsAnUnreachableDatabase() throws Exception {
        String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:secured-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection created = DriverManager.getConnection(url, "greenhouse", "the-right-one")) {
            try (PackagedApp app = PackagedApp.start("database-refused-login", Map.of("GREENHOUSE_DB_URL", url,
                    "GREENHOUSE_DB_USERNAME", "greenhouse", "GREENHOUSE_DB_PASSWORD", "a-wrong-one",
                    "GREENHOUSE_PLANT_BASE_URL", "http://127.0.0.1:9"))) {
                HttpResponse<String> ready = app.awaitAnswer("/q/health/ready", Duration.ofSeconds(90));

                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"error\": \"authentication failed: check greenhouse.db.username "
                        + "and greenhouse.db.password\""), ready.body());
                assertTrue(ready.body().contains("\"reachable\": true"), ready.body());
                assertTrue(app.output().contains("Database refused the login (authentication failed): check "
                        + "greenhouse.db.username and greenhouse.db.password"), app.output());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void aSchemaHoldingOtherTablesStopsTheStartSayingWhatToDo(String vendor) throws Exception {
        String url = schemaWithTheSeedPipelinesTable(vendor);

        try (PackagedApp app = PackagedApp.start("database-existing-schema-" + vendor, Map.of(
                "GREENHOUSE_DB_URL", url, "GREENHOUSE_DB_USERNAME", user(vendor),
                "GREENHOUSE_PLANT_BASE_URL", "http://127.0.0.1:9"))) {
            assertNotEquals(0, app.awaitExit(Duration.ofSeconds(90)), "the app must not start on that schema");
            String output = app.output();
            assertTrue(output.toLowerCase(Locale.ROOT).contains("names a schema that already holds tables "
                    + "(anchor_plant_reading) and no greenhouse schema history"), output);
            assertTrue(output.contains("set greenhouse.db.adopt-existing-schema=true"), output);
        }
        try (Connection connection = connect(url, vendor)) {
            assertEquals(List.of("anchor_plant_reading"), tables(connection), "nothing was created or dropped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void anAdoptedSchemaGetsGreenhousesTablesNextToItsOwnAndCyclesRun(String vendor) throws Exception {
        String url = schemaWithTheSeedPipelinesTable(vendor);
        PlantApiStub plantApi = new PlantApiStub();
        plantApi.start();
        PlantApiStub.serveRecorded();
        Map<String, String> env = new HashMap<>(Map.of("GREENHOUSE_DB_URL", url, "GREENHOUSE_DB_USERNAME",
                user(vendor), "GREENHOUSE_DB_ADOPT_EXISTING_SCHEMA", "true",
                "GREENHOUSE_PLANT_BASE_URL", PlantApiStub.server().baseUrl(), "GREENHOUSE_PLANT_IDS", "1-5",
                "GREENHOUSE_PLANT_SCHEDULE_ENABLED", "true", "GREENHOUSE_PLANT_PERIOD", "1s",
                "GREENHOUSE_PLANT_INITIAL_DELAY", "0s"));
        try (PackagedApp app = PackagedApp.start("database-adopted-schema-" + vendor, env);
                Connection connection = connect(url, vendor)) {
            app.awaitReady(Duration.ofSeconds(90));
            awaitSucceededCycle(connection);

            assertTrue(tables(connection).containsAll(List.of("anchor_plant_reading", "plant", "plant_reading",
                    "pipeline_run", "store_lock", "flyway_schema_history")), tables(connection).toString());
            assertEquals(List.of(1L), column(connection, "SELECT plant_id FROM anchor_plant_reading"),
                    "the seed pipeline's rows stay");
            assertEquals(baselineThenEveryMigration(), column(connection,
                    "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE "
                    + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                    .stream().map(String::valueOf).toList(), "a baseline at 0, then every migration");
        } finally {
            plantApi.stop();
        }
    }

    /** "0" for the baseline, then the version of every migration the build ships, in order. */
    private static List<String> baselineThenEveryMigration() throws IOException {
        List<String> versions = new ArrayList<>(List.of("0"));
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration/h2-postgresql"))) {
            files.map(file -> file.getFileName().toString())
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .sorted().map(String::valueOf).forEach(versions::add);
        }
        return versions;
    }

    /** An empty schema but for the table the seed's Python pipeline writes (seed_style_pipeline.py). */
    private String schemaWithTheSeedPipelinesTable(String vendor) throws SQLException {
        String url;
        if (vendor.equals("postgresql")) {
            String server = System.getenv(TestDatabase.PG_URL_ENV);
            assumeTrue(server != null && !server.isBlank(), "no PostgreSQL: set " + TestDatabase.PG_URL_ENV);
            try (Connection connection = DriverManager.getConnection(server, user(vendor), password());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
                statement.execute("CREATE SCHEMA " + PG_SCHEMA);
            }
            url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA;
        } else {
            url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:existing-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        }
        try (Connection connection = connect(url, vendor); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE anchor_plant_reading (id BIGINT PRIMARY KEY, plant_id INT, "
                    + "soil_moisture FLOAT, temperature FLOAT, recording_taken TIMESTAMP, last_watered TIMESTAMP)");
            statement.execute("INSERT INTO anchor_plant_reading (id, plant_id) VALUES (1, 1)");
        }
        return url;
    }

    private static void awaitSucceededCycle(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!column(connection, "SELECT run_id FROM pipeline_run WHERE status = 'SUCCEEDED' "
                    + "AND readings_inserted = 5").isEmpty()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("no cycle stored the 5 plants within 60 s");
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "%",
                new String[] { "TABLE" })) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static List<Object> column(Connection connection, String sql) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                Object value = rows.getObject(1);
                values.add(value instanceof Number n && !(value instanceof Long) ? n.longValue() : value);
            }
        }
        return values;
    }

    private static Connection connect(String url, String vendor) throws SQLException {
        return DriverManager.getConnection(url, user(vendor), vendor.equals("postgresql") ? password() : "");
    }

    private static String user(String vendor) {
        return vendor.equals("postgresql") ? System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres") : "sa";
    }

    private static String password() {
        return System.getenv().getOrDefault("GREENHOUSE_TEST_PG_PASSWORD", "");
    }
}
