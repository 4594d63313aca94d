package org.greenhouse.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 in SQL Server mode with SQL Server's migrations and its default case-insensitive comparison
 * ({@code MODE=MSSQLServer;IGNORECASE=TRUE}): the nearest to SQL Server that runs here. It checks the SQL
 * Server dialect and the behaviour a case-insensitive collation causes, not every trait of SQL Server.
 */
public class H2SqlServerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return PipelineTestConfig.OVERRIDES;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2-sqlserver")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class));
    }
}
