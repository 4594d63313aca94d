package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 with POST /api/query on DuckDB, over the archive in S3 (S3Proxy); small limits, so a test can hit
 * them.
 */
public class QueryProfile implements QuarkusTestProfile {

    public static final int MAX_ROWS = 20;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.query.enabled", "true");
        config.put("greenhouse.query.engine", "duckdb");
        config.put("greenhouse.query.max-rows", String.valueOf(MAX_ROWS));
        config.put("greenhouse.query.time-limit", "60s");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class));
    }
}
