package org.greenhouse.testing;

import static java.util.Map.entry;

import java.util.Map;

/**
 * Settings every database profile shares: discovery on (a cycle without named ids discovers), short waits,
 * a simulator without random faults (tests that want faults make them), event delivery writing whatever is
 * waiting.
 */
final class PipelineTestConfig {

    static final Map<String, String> OVERRIDES = Map.ofEntries(
            entry("greenhouse.plant.discovery.enabled", "true"),
            entry("greenhouse.plant.discovery.start", "1"),
            entry("greenhouse.plant.discovery.stop-after-missing", "5"),
            entry("greenhouse.db.acquisition-timeout", "2s"),
            entry("greenhouse.simulator.enabled", "true"),
            entry("greenhouse.simulator.latency", "0ms"),
            entry("greenhouse.simulator.rates.not-found", "0"),
            entry("greenhouse.simulator.rates.sensor-fault", "0"),
            entry("greenhouse.simulator.rates.on-loan", "0"),
            entry("greenhouse.simulator.rates.slow", "0"),
            entry("greenhouse.simulator.rates.malformed", "0"),
            entry("greenhouse.events.delivery.max-age", "0s"));

    private PipelineTestConfig() {
    }
}
