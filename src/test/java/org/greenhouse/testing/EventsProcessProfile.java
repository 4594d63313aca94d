package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 with the events' way into the lake: POST /api/events into Kinesis (kinesalite), events-deliver into
 * S3 (S3Proxy), events-process into the zone's tables, read through POST /api/query (DuckDB) and the dashboard.
 */
public class EventsProcessProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.query.enabled", "true");
        config.put("greenhouse.query.engine", "duckdb");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class));
    }
}
