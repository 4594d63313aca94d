package org.greenhouse.runs;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** {@code greenhouse.runs.*}: how a run that is alive on some replica is told from one that was cut off. */
@ConfigMapping(prefix = "greenhouse.runs")
public interface RunsConfig {

    /** How often a running run renews its heartbeat in its row. */
    Duration heartbeatInterval();

    /** A RUNNING row whose heartbeat is older than this was cut off, and the next run closes it as FAILED. */
    Duration deadAfter();
}
