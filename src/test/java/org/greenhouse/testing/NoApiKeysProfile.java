package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 with no API key configured. Its Kinesis endpoint refuses connections: a request let through
 * would be answered 503, not 401.
 */
public class NoApiKeysProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(PipelineTestConfig.OVERRIDES);
        overrides.put("greenhouse.events.kinesis.endpoint-override", "http://127.0.0.1:9");
        overrides.put("greenhouse.events.kinesis.emulator", "true");
        overrides.put("greenhouse.events.kinesis.region", "us-east-1");
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class));
    }
}
