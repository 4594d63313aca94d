package org.greenhouse.leader;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.leader.*} setting: how replicas agree on one instance per singleton pipeline. */
@ConfigMapping(prefix = "greenhouse.leader")
public interface LeaderConfig {

    /** How long a lease lasts without renewal: how long a crashed leader's pipelines wait for a new one. */
    Duration leaseDuration();

    /** How often a leader renews its lease and the others try to take it over; at most half the duration. */
    Duration renewInterval();

    /** This instance's name in the lease table; unique per process unless set. */
    Optional<String> memberId();
}
