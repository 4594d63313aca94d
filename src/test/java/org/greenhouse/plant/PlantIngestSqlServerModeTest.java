package org.greenhouse.plant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.H2SqlServerProfile;

/** The plant pipeline on SQL Server's dialect and its case-insensitive comparison (H2 in SQL Server mode). */
@QuarkusTest
@TestProfile(H2SqlServerProfile.class)
class PlantIngestSqlServerModeTest extends PlantIngestContract {

    @Override
    protected boolean comparesTextIgnoringCase() {
        return true;
    }
}
