package org.greenhouse.alerts;

import static org.greenhouse.alerts.EpisodePolicy.Decision.CONTINUED;
import static org.greenhouse.alerts.EpisodePolicy.Decision.HEALTHY;
import static org.greenhouse.alerts.EpisodePolicy.Decision.OPENED;
import static org.greenhouse.alerts.EpisodePolicy.Decision.RECOVERED;
import static org.greenhouse.alerts.EpisodePolicy.Decision.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.greenhouse.alerts.EpisodePolicy.Decision;
import org.greenhouse.alerts.EpisodePolicy.Outcome;
import org.junit.jupiter.api.Test;

class EpisodePolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Observation failure(int minute, String error) {
        return new Observation(true, T0.plusSeconds(60L * minute), error, Map.of("pipeline_run.run_id", "" + minute));
    }

    private static Observation success(int minute) {
        return new Observation(false, T0.plusSeconds(60L * minute), null, Map.of());
    }

    /** The decisions of a sequence of outcomes, from a key that never failed. */
    private static List<Decision> decisions(Observation... seen) {
        EpisodeState state = EpisodeState.NEVER_FAILED;
        List<Decision> decisions = new ArrayList<>();
        for (Observation observation : seen) {
            Outcome outcome = EpisodePolicy.decide(state, observation);
            decisions.add(outcome.decision());
            state = outcome.next();
        }
        return decisions;
    }

    @Test
    void oneAlertPerEpisodeAndOneRecovery() {
        assertEquals(List.of(HEALTHY, OPENED, CONTINUED, CONTINUED, RECOVERED, HEALTHY, OPENED, RECOVERED),
                decisions(success(0), failure(1, "a"), failure(2, "b"), failure(3, "c"), success(4), success(5),
                        failure(6, "d"), success(7)));
    }

    @Test
    void onlyTheOpeningAndTheRecoveryNotify() {
        assertTrue(OPENED.notifies());
        assertTrue(RECOVERED.notifies());
        assertFalse(CONTINUED.notifies());
        assertFalse(HEALTHY.notifies());
        assertFalse(STALE.notifies());
        assertFalse(HEALTHY.changes());
        assertFalse(STALE.changes());
    }

    @Test
    void theFirstFailureEverOpensAnEpisode() {
        assertEquals(List.of(OPENED), decisions(failure(0, "a")));
    }

    @Test
    void anEpisodeCountsItsFailuresAndKeepsTheFirstAndLastError() {
        EpisodeState state = EpisodeState.NEVER_FAILED;
        for (Observation seen : List.of(failure(1, "first"), failure(2, "middle"), failure(3, "last"))) {
            state = EpisodePolicy.decide(state, seen).next();
        }
        assertTrue(state.failing());
        assertEquals(3, state.failures());
        assertEquals(T0.plusSeconds(60), state.since());
        assertEquals("first", state.firstError());
        assertEquals("last", state.lastError());
        assertEquals(T0.plusSeconds(180), state.lastFailureAt());
        assertEquals(Map.of("pipeline_run.run_id", "1"), state.details(), "where the first failure is recorded");

        Outcome recovered = EpisodePolicy.decide(state, success(10));
        assertEquals(RECOVERED, recovered.decision());
        assertFalse(recovered.next().failing());
        assertEquals(T0.plusSeconds(600), recovered.next().since());
        assertEquals(3, recovered.next().failures(), "the closed episode's count stays for the note");
    }

    @Test
    void aFailureThatEndedBeforeTheRecoveryOpensNothing() {
        // replica B's failure at minute 3 is reported after replica A's success at minute 4 closed the episode
        assertEquals(List.of(OPENED, RECOVERED, STALE), decisions(failure(1, "a"), success(4), failure(3, "b")));
    }

    @Test
    void aSuccessThatEndedBeforeTheEpisodeClosesNothing() {
        assertEquals(List.of(OPENED, STALE, CONTINUED, RECOVERED),
                decisions(failure(5, "a"), success(4), failure(6, "b"), success(7)));
    }

    @Test
    void anOutcomeAtTheSameInstantAsTheChangeIsNotStale() {
        assertEquals(List.of(OPENED, RECOVERED, OPENED), decisions(failure(1, "a"), success(1), failure(1, "b")));
    }
}
