package org.greenhouse.plant.simulator;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code greenhouse.simulator.*}: the built-in plant API for laptops, demos and benchmarks. */
@ConfigMapping(prefix = "greenhouse.simulator")
public interface SimulatorConfig {

    /** Serves {@code GET /simulator/plants/{id}}; never on in production. */
    boolean enabled();

    /** Plants 1..N exist; other ids answer "plant not found". */
    int plants();

    /** Added to every answer. */
    Duration latency();

    /** Added on top of {@link #latency()} to a "slow" answer. */
    Duration slowLatency();

    Rates rates();

    /** Chances (0..1) per request of each fault. */
    interface Rates {
        double notFound();

        double sensorFault();

        double onLoan();

        double slow();

        double malformed();
    }
}
