package org.greenhouse.dashboard;

import java.time.Instant;

/**
 * One pipeline's health on the dashboard: its last run (from the pipeline's own run table; null for a pipeline that
 * keeps none, such as events-deliver), its failures in the last 24 hours, and its alert episode (alert_episode:
 * failing since when, how many failures).
 */
public record PipelineHealth(String pipeline, String lastStatus, Instant lastStartedAt, Instant lastFinishedAt,
        String lastError, Integer failuresLast24h, boolean failing, Instant failingSince, int episodeFailures) {

    /** ok, failing, running or unknown (never ran, or ran before alerts were kept). */
    public String state() {
        if (failing || "FAILED".equals(lastStatus)) {
            return "failing";
        }
        if ("RUNNING".equals(lastStatus)) {
            return "running";
        }
        return lastStatus == null && failingSince == null ? "unknown" : "ok";
    }
}
