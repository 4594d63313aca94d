package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The app on H2 with both alert sinks: GreenMail for mail, a fake SNS; a small alert queue to overfill. */
public class AlertsProfile implements QuarkusTestProfile {

    public static final int QUEUE_SIZE = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.alerts.subject-prefix", "[greenhouse-test]");
        config.put("greenhouse.alerts.queue-size", String.valueOf(QUEUE_SIZE));
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class), new TestResourceEntry(MailStub.class),
                new TestResourceEntry(SnsStub.class));
    }
}
