package org.greenhouse.dashboard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.dashboard.*} setting (docs/dashboard.md); checked when the app starts. */
@ConfigMapping(prefix = "greenhouse.dashboard")
public interface DashboardConfig {

    /** Whether GET /api/dashboard and /api/dashboard/history answer (no authentication yet, issue [8]). */
    boolean enabled();

    /** How often the page asks for a new snapshot (one request each time). */
    Duration refreshInterval();

    /** Points per chart series at most: readings are averaged into this many time buckets. */
    int chartPoints();

    /** Archived readings a history request reads at most through the query service. */
    long archiveMaxRows();

    /** The longest range a history request may ask for. */
    Duration maxHistory();
}
