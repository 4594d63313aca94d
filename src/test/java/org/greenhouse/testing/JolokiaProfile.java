package org.greenhouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** {@link H2Profile} with the Jolokia agent started, on a free port (JolokiaAgent.address()), as production has it. */
public class JolokiaProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(PipelineTestConfig.OVERRIDES);
        overrides.put("greenhouse.jolokia.enabled", "true");
        overrides.put("greenhouse.jolokia.port", "0");
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return new H2Profile().testResources();
    }
}
