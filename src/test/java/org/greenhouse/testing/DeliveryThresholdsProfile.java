package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 with event delivery that waits: an object once {@value #MAX_BYTES} bytes wait in a shard
 * or the oldest record is {@value #MAX_AGE} old (tests move the delivery's clock instead of waiting).
 */
public class DeliveryThresholdsProfile implements QuarkusTestProfile {

    public static final int MAX_BYTES = 2000;
    public static final String MAX_AGE = "1h";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(PipelineTestConfig.OVERRIDES);
        overrides.put("greenhouse.events.delivery.max-bytes", String.valueOf(MAX_BYTES));
        overrides.put("greenhouse.events.delivery.max-age", MAX_AGE);
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class));
    }
}
