package org.greenhouse.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RangeParametersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void parametersReadOrRefusedWithTheirRule() {
        assertNull(RangeParameters.plant(null));
        assertEquals(7, RangeParameters.plant(" 7 "));
        assertEquals("plant must be a plant id (a whole number), not '-1'",
                assertThrows(RangeParameters.Refused.class, () -> RangeParameters.plant("-1")).getMessage());
        assertEquals(24, RangeParameters.hours(null));
        assertEquals(1, RangeParameters.hours("1"));
        assertEquals(24, RangeParameters.hours("24"));
        assertThrows(RangeParameters.Refused.class, () -> RangeParameters.hours("0"));
        assertThrows(RangeParameters.Refused.class, () -> RangeParameters.hours("25"));
    }

    @Test
    void rangesDefaultToTheLastWeekAndAreBounded() {
        assertEquals(new RangeParameters.Range(NOW.minus(Duration.ofDays(7)), NOW),
                RangeParameters.range(null, null, NOW, Duration.ofDays(92)));
        assertEquals(new RangeParameters.Range(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T06:00:00Z")),
                RangeParameters.range("2026-11-01", "2026-11-02T07:00:00+01:00", NOW, Duration.ofDays(92)));
        assertThrows(RangeParameters.Refused.class,
                () -> RangeParameters.range("2026-11-02", "2026-11-02", NOW, Duration.ofDays(92)));
        assertEquals("the range from 2026-01-01T00:00:00Z to 2026-12-01T12:00:00Z is longer than "
                + "greenhouse.dashboard.max-history (92 days)", assertThrows(RangeParameters.Refused.class,
                        () -> RangeParameters.range("2026-01-01", null, NOW, Duration.ofDays(92))).getMessage());
        assertThrows(RangeParameters.Refused.class, () -> RangeParameters.range("yesterday", null, NOW, Duration.ofDays(92)));
    }
}
