package org.greenhouse.runs;

import java.time.Duration;

/**
 * A pipeline run ended (a CDI event): alerts observe these to tell of failures and recoveries.
 *
 * @param result {@link RunLifecycle#SUCCEEDED} or {@link RunLifecycle#FAILED}
 * @param error what failed; null when it succeeded
 */
public record RunEnded(String pipeline, String result, String error, Duration duration) {

    public boolean failed() {
        return RunLifecycle.FAILED.equals(result);
    }
}
