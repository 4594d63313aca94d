package org.greenhouse.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The app on H2 (always run), with the plant API stub, S3 and Kinesis. */
public class H2Profile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return PipelineTestConfig.OVERRIDES;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class));
    }
}
