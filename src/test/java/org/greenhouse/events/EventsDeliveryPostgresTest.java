package org.greenhouse.events;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.PostgresProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The delivery tests on PostgreSQL, where one is named (CI names this machine's); elsewhere skipped. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = "GREENHOUSE_TEST_PG_URL", matches = ".+",
        disabledReason = "no PostgreSQL: set GREENHOUSE_TEST_PG_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test")
class EventsDeliveryPostgresTest extends EventsDeliveryTest {
}
