package org.greenhouse.testing;

import java.util.Map;

/**
 * Settings every database profile shares: discovery on (a cycle without named ids discovers), short waits,
 * event delivery writing whatever is waiting.
 */
final class PipelineTestConfig {

    static final Map<String, String> OVERRIDES = Map.of(
            "greenhouse.plant.discovery.enabled", "true",
            "greenhouse.plant.discovery.start", "1",
            "greenhouse.plant.discovery.stop-after-missing", "5",
            "greenhouse.db.acquisition-timeout", "2s",
            "greenhouse.simulator.enabled", "true",
            "greenhouse.simulator.latency", "0ms",
            "greenhouse.events.delivery.max-age", "0s");

    private PipelineTestConfig() {
    }
}
