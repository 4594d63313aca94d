package org.greenhouse.alerts;

/**
 * When to alert: at most once per failure episode. The first failure after a success (or ever) opens an
 * episode and alerts; further failures of the episode are counted and send nothing; the first success after
 * it closes the episode with one recovery note. An outcome seen after the state it would change was already
 * changed by a later one (a failure that ended before the success that closed the episode, a success that
 * ended before the episode's first failure: runs on other replicas report late) changes nothing.
 */
public final class EpisodePolicy {

    /** What an outcome does to the episode. */
    public enum Decision {
        /** The first failure: the episode opens; alert. */
        OPENED,
        /** Another failure of the open episode: counted, no alert. */
        CONTINUED,
        /** The first success after the episode: it closes; recovery note. */
        RECOVERED,
        /** A success while OK: nothing changes. */
        HEALTHY,
        /** Older than the state it would change: nothing changes. */
        STALE;

        /** Whether this decision sends something. */
        public boolean notifies() {
            return this == OPENED || this == RECOVERED;
        }

        /** Whether this decision changes the stored state. */
        public boolean changes() {
            return this == OPENED || this == CONTINUED || this == RECOVERED;
        }
    }

    /** The decision and the state after it (the same state when nothing changes). */
    public record Outcome(Decision decision, EpisodeState next) {
    }

    private EpisodePolicy() {
    }

    public static Outcome decide(EpisodeState current, Observation seen) {
        if (seen.failed()) {
            if (current.failing()) {
                return new Outcome(Decision.CONTINUED, new EpisodeState(true, current.since(), current.failures() + 1,
                        current.firstError(), seen.error(), seen.at(), current.details()));
            }
            if (current.since() != null && seen.at().isBefore(current.since())) {
                return new Outcome(Decision.STALE, current);
            }
            return new Outcome(Decision.OPENED,
                    new EpisodeState(true, seen.at(), 1, seen.error(), seen.error(), seen.at(), seen.details()));
        }
        if (!current.failing()) {
            return new Outcome(Decision.HEALTHY, current);
        }
        if (seen.at().isBefore(current.since())) {
            return new Outcome(Decision.STALE, current);
        }
        return new Outcome(Decision.RECOVERED, new EpisodeState(false, seen.at(), current.failures(),
                current.firstError(), current.lastError(), current.lastFailureAt(), current.details()));
    }
}
