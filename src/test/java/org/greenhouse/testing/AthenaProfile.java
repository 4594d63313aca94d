package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** POST /api/query on the Athena engine: a fake Athena API (WireMock), result files in S3 (S3Proxy). */
public class AthenaProfile implements QuarkusTestProfile {

    public static final int MAX_ROWS = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.query.enabled", "true");
        config.put("greenhouse.query.engine", "athena");
        config.put("greenhouse.query.max-rows", String.valueOf(MAX_ROWS));
        config.put("greenhouse.query.time-limit", "60s");
        config.put("greenhouse.query.athena.database", "greenhouse");
        config.put("greenhouse.query.athena.workgroup", "greenhouse-wg");
        config.put("greenhouse.query.athena.output-location", "s3://" + S3Stub.BUCKET + "/athena-results/");
        config.put("greenhouse.query.athena.poll-initial-delay", "10ms");
        config.put("greenhouse.query.athena.poll-max-delay", "100ms");
        config.put("greenhouse.query.athena.page-size", "2");
        config.put("greenhouse.query.athena.s3-path-style", "true");
        // the result files are in the S3Proxy of S3Stub
        config.put("greenhouse.query.athena.s3-endpoint-override", "${greenhouse.archive.s3.endpoint-override}");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(AthenaStub.class));
    }
}
