package org.greenhouse.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WateringTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void overOneDayIsAmberOverTwoIsRed() {
        assertEquals(Watering.OK, Watering.of(NOW.minus(Duration.ofDays(1)), NOW), "exactly a day is not over it");
        assertEquals(Watering.AMBER, Watering.of(NOW.minus(Duration.ofDays(1)).minusSeconds(1), NOW));
        assertEquals(Watering.AMBER, Watering.of(NOW.minus(Duration.ofDays(2)), NOW));
        assertEquals(Watering.RED, Watering.of(NOW.minus(Duration.ofDays(2)).minusSeconds(1), NOW));
        assertEquals(Watering.UNKNOWN, Watering.of(null, NOW));
        assertEquals("amber", Watering.AMBER.json());
    }
}
