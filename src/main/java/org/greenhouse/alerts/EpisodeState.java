package org.greenhouse.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an alert key stands: OK or failing, since when, and the failures of the current episode (when failing)
 * or of the last one (when OK again), which the recovery note tells.
 *
 * @param since when the current state began: the episode's first failure, or the success that ended it; null
 *        for a key that never failed
 * @param details what the episode's first failure named to look at
 */
public record EpisodeState(boolean failing, Instant since, int failures, String firstError, String lastError,
        Instant lastFailureAt, Map<String, String> details) {

    /** A key that never failed. */
    public static final EpisodeState NEVER_FAILED = new EpisodeState(false, null, 0, null, null, null, Map.of());

    public EpisodeState {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
