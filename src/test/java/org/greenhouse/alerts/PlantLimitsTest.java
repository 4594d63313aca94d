package org.greenhouse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlantLimitsTest {

    private static final PlantLimits LIMITS = new PlantLimits(20, 5, 35, 3);

    private static PlantLimits.Reading reading(int minute, double moisture, double temperature) {
        return new PlantLimits.Reading(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * minute), moisture,
                temperature);
    }

    @Test
    void outOfRangeOnlyWhenEachOfTheLastThreeReadingsIs() {
        var verdict = LIMITS.judge(List.of(reading(3, 12, 20), reading(2, 19.9, 20), reading(1, 5, 40), reading(0, 50, 20)));
        assertTrue(verdict.outOfRange());
        assertEquals("soil moisture 12.0 % below 20.0 % (the last 3 readings all out of range)", verdict.problem());
        assertEquals(reading(3, 12, 20), verdict.latest());

        var oneInRange = LIMITS.judge(List.of(reading(3, 12, 20), reading(2, 20, 20), reading(1, 5, 20)));
        assertFalse(oneInRange.outOfRange(), "20 % is not below 20 %");
        assertNull(oneInRange.problem());
        assertFalse(LIMITS.judge(List.of(reading(1, 1, 1), reading(0, 1, 1))).outOfRange(), "two readings are not three");
        assertFalse(LIMITS.judge(List.of()).outOfRange());
    }

    @Test
    void temperatureOutsideEitherLimitAndBothProblemsNamed() {
        assertEquals(List.of("temperature 4.9 °C below 5.0 °C"), LIMITS.problems(reading(0, 50, 4.9)));
        assertEquals(List.of("temperature 35.1 °C above 35.0 °C"), LIMITS.problems(reading(0, 50, 35.1)));
        assertEquals(List.of(), LIMITS.problems(reading(0, 20, 35)), "the limits themselves are in range");
        assertEquals(List.of(), LIMITS.problems(reading(0, 20, 5)));
        assertEquals(List.of("soil moisture 3.0 % below 20.0 %", "temperature 40.0 °C above 35.0 °C"),
                LIMITS.problems(reading(0, 3, 40)));
        assertEquals("temperature 2.0 °C below 5.0 °C in the latest reading",
                new PlantLimits(20, 5, 35, 1).judge(List.of(reading(0, 50, 2))).problem());
    }

    @Test
    void badLimitsStopTheStartNamed() {
        assertEquals("greenhouse.alerts.plant.readings=0: must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> new PlantLimits(20, 5, 35, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PlantLimits(20, 35, 35, 3)).getMessage()
                .startsWith("greenhouse.alerts.plant.min-temperature=35.0: must be below"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PlantLimits(101, 5, 35, 3)).getMessage()
                .startsWith("greenhouse.alerts.plant.min-soil-moisture=101.0"));
    }
}
