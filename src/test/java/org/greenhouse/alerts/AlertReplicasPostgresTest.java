package org.greenhouse.alerts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Replicas on the PostgreSQL named by GREENHOUSE_TEST_PG_URL, in a schema of their own. */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_URL_ENV, matches = ".+")
class AlertReplicasPostgresTest extends AlertReplicasContract {

    private static final String SCHEMA = "greenhouse_alerts_test";

    @BeforeAll
    static void newSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getenv(TestDatabase.PG_URL_ENV),
                System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("GREENHOUSE_TEST_PG_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @Override
    String databaseUrl() {
        String server = System.getenv(TestDatabase.PG_URL_ENV);
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @Override
    String user() {
        return System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres");
    }

    @Override
    String password() {
        return System.getenv().getOrDefault("GREENHOUSE_TEST_PG_PASSWORD", "");
    }
}
