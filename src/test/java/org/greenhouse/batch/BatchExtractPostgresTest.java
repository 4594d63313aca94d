package org.greenhouse.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.PostgresProfile;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Runs where a PostgreSQL server is named (CI names this machine's); elsewhere it shows as skipped. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_URL_ENV, matches = ".+",
        disabledReason = "no PostgreSQL: set GREENHOUSE_TEST_PG_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test")
class BatchExtractPostgresTest extends BatchExtractContract {
}
