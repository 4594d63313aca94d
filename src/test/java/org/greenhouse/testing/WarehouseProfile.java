package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The warehouse pipeline on H2 throughout (app database, totesys source, warehouse), with both zones in S3
 * (S3Proxy, one bucket, two prefixes) and GreenMail for the alerts. Steps run when the test calls them.
 */
public class WarehouseProfile implements QuarkusTestProfile {

    protected String vendor() {
        return "h2";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.warehouse.enabled", "true");
        config.put("greenhouse.warehouse.chain", "false");
        config.put("greenhouse.warehouse.fetch-size", "50");
        config.put("greenhouse.warehouse.load-batch-size", "40");
        config.put("greenhouse.warehouse.lock-wait", "10s");
        for (String zone : List.of("ingestion", "processed")) {
            config.put("greenhouse.warehouse." + zone + ".store", "s3");
            config.put("greenhouse.warehouse." + zone + ".bucket", S3Stub.BUCKET);
            config.put("greenhouse.warehouse." + zone + ".region", "us-east-1");
            config.put("greenhouse.warehouse." + zone + ".endpoint-override", "${greenhouse.archive.s3.endpoint-override}");
            config.put("greenhouse.warehouse." + zone + ".path-style", "true");
            config.put("greenhouse.warehouse." + zone + ".prefix", "warehouse/" + zone);
        }
        config.put("greenhouse.alerts.subject-prefix", "[greenhouse-test]");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        String database = "h2".equals(vendor()) ? "h2" : "postgresql";
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", database)),
                new TestResourceEntry(WarehouseDatabases.class, Map.of("vendor", database)),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(S3Stub.class),
                new TestResourceEntry(KinesisStub.class), new TestResourceEntry(MailStub.class));
    }

    /** The same on this machine's PostgreSQL: app database, totesys source with its schema, warehouse. */
    public static class Postgres extends WarehouseProfile {
        @Override
        protected String vendor() {
            return "postgresql";
        }
    }
}
