package org.greenhouse.warehouse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.WarehouseProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The warehouse pipeline on this machine's PostgreSQL: app database, totesys source with its schema, warehouse. */
@QuarkusTest
@TestProfile(WarehouseProfile.Postgres.class)
@EnabledIfEnvironmentVariable(named = "GREENHOUSE_TEST_PG_URL", matches = ".+")
class WarehousePostgresTest extends WarehouseContract {
}
