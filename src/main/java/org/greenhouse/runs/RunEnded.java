package org.greenhouse.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A pipeline run ended (a CDI event): alerts observe these to tell of failures and recoveries.
 *
 * @param result {@link RunLifecycle#SUCCEEDED} or {@link RunLifecycle#FAILED}
 * @param error what failed; null when it succeeded
 * @param endedAt when the run ended, by the clock runs are timed by
 * @param details what the pipeline attached to its run ({@link PipelineRun#detail}), in the order attached:
 *        where the run is recorded (e.g. {@code pipeline_run.run_id}), an attempt count; empty when none
 */
@RegisterForReflection // read by routes/alerts.yaml's simple expressions, also in a native image
public record RunEnded(String pipeline, String result, String error, Duration duration, Instant endedAt,
        Map<String, String> details) {

    public RunEnded {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A run end without details, ending now. */
    public RunEnded(String pipeline, String result, String error, Duration duration) {
        this(pipeline, result, error, duration, Instant.now(), Map.of());
    }

    public boolean failed() {
        return RunLifecycle.FAILED.equals(result);
    }
}
