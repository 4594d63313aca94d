package org.greenhouse.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The app on the real PostgreSQL server named by GREENHOUSE_TEST_PG_URL, with the plant API stub, S3 and Kinesis. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return PipelineTestConfig.OVERRIDES;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "postgresql")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class));
    }
}
