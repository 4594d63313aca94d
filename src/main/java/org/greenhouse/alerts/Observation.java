package org.greenhouse.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.greenhouse.runs.RunEnded;

/**
 * One outcome of something that can fail and recover: a pipeline run that ended, or (later) a plant's last
 * readings checked against its limits.
 *
 * @param at when it was seen (a run: when it ended)
 * @param error what failed; null when it succeeded
 * @param details where to look, in order (e.g. {@code pipeline_run.run_id} = 42); empty when none
 */
public record Observation(boolean failed, Instant at, String error, Map<String, String> details) {

    public Observation {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Observation of(RunEnded run) {
        return new Observation(run.failed(), run.endedAt(), run.failed() ? run.error() : null, run.details());
    }
}
