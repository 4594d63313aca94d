package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The wait between polls of a running Athena query: doubling, capped, never past the deadline. */
class AthenaBackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(5);
    private static final Duration PLENTY = Duration.ofMinutes(1);

    @Test
    void eachWaitDoublesUpToTheMost() {
        assertEquals(200, AthenaQueries.backoff(0, INITIAL, MAX, PLENTY));
        assertEquals(400, AthenaQueries.backoff(1, INITIAL, MAX, PLENTY));
        assertEquals(3200, AthenaQueries.backoff(4, INITIAL, MAX, PLENTY));
        assertEquals(5000, AthenaQueries.backoff(5, INITIAL, MAX, PLENTY));
        assertEquals(5000, AthenaQueries.backoff(500, INITIAL, MAX, PLENTY));
    }

    @Test
    void noWaitGoesPastTheDeadline() {
        assertEquals(1200, AthenaQueries.backoff(5, INITIAL, MAX, Duration.ofMillis(1200)));
        assertEquals(0, AthenaQueries.backoff(5, INITIAL, MAX, Duration.ofMillis(-30)));
    }
}
