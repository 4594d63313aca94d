package org.greenhouse.dashboard;

import java.time.Duration;
import java.time.Instant;

/** How long ago a plant was watered, as the dashboard colours it: over 1 day amber, over 2 days red. */
public enum Watering {
    OK, AMBER, RED, UNKNOWN;

    static final Duration AMBER_AFTER = Duration.ofDays(1);
    static final Duration RED_AFTER = Duration.ofDays(2);

    public static Watering of(Instant lastWatered, Instant now) {
        if (lastWatered == null) {
            return UNKNOWN;
        }
        Duration since = Duration.between(lastWatered, now);
        if (since.compareTo(RED_AFTER) > 0) {
            return RED;
        }
        return since.compareTo(AMBER_AFTER) > 0 ? AMBER : OK;
    }

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
