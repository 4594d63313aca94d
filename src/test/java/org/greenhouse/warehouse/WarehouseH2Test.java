package org.greenhouse.warehouse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.WarehouseProfile;

/** The warehouse pipeline with H2 as app database, totesys source and warehouse. */
@QuarkusTest
@TestProfile(WarehouseProfile.class)
class WarehouseH2Test extends WarehouseContract {
}
