package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 for the tests of the put path under faults: requests of more events than one PutRecords call
 * takes, and fewer HTTP worker threads, so that more hung requests than workers are cheap to make.
 */
public class KinesisFaultsProfile implements QuarkusTestProfile {

    /** HTTP worker threads of this profile's app ... */
    public static final int WORKER_THREADS = 32;
    /** ... and requests that may put into the stream at once. */
    public static final int MAX_PUTS_IN_FLIGHT = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(PipelineTestConfig.OVERRIDES);
        overrides.put("greenhouse.events.max-events", "1500");
        overrides.put("quarkus.thread-pool.max-threads", String.valueOf(WORKER_THREADS));
        overrides.put("greenhouse.events.kinesis.max-puts-in-flight", String.valueOf(MAX_PUTS_IN_FLIGHT));
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return new H2Profile().testResources();
    }
}
