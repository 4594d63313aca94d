package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API's timestamps read as they always were: the current shape by a direct reading, everything else (and
 * out-of-range fields, which the formatters resolve) by the formatters.
 */
class ApiTimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-01-26T15:16:04.703006 | 2026-01-26T15:16:04.703006Z",
            "2026-01-26 15:16:04        | 2026-01-26T15:16:04Z",
            "' 2026-01-26T15:16:04.5 '  | 2026-01-26T15:16:04.500Z",
            "2026-01-26T15:16:04.123456789 | 2026-01-26T15:16:04.123456789Z",
            "2026-01-26t15:16:04        | 2026-01-26T15:16:04Z",
            "2026-01-26T15:16           | 2026-01-26T15:16:00Z",
            "2026-01-26T15:16:04.       | 2026-01-26T15:16:04Z",
            "2026-02-30T10:00:00        | 2026-02-28T10:00:00Z",
            "2026-01-26T24:00:00        | 2026-01-27T00:00:00Z",
            "2026-01-26T15:16:04Z       | 2026-01-26T15:16:04Z",
            "2026-01-26T15:16:04.5+01:00 | 2026-01-26T14:16:04.500Z",
            "'Sun, 17 Dec 2023 14:56:18 GMT' | 2023-12-17T14:56:18Z" })
    void readsEveryShapeTheApiHasUsed(String text, String expected) {
        assertEquals(Instant.parse(expected), ApiTimestamps.parse(text, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-01-26T15:16:60", "2026-13-01T00:00:00", "+2026-01-26T15:16:04",
            "2026-01-26T15:16:04.1234567890", "2026-01-26X15:16:04", "2026-01-26T15:16:0x", "" })
    void refusesWhatIsNoTimestamp(String text) {
        assertThrows(DateTimeParseException.class, () -> ApiTimestamps.parse(text, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-07-01T12:00:00", "2026-07-01 12:00:00.000" })
    void localTimesAreInTheApiZone(String text) {
        assertEquals(Instant.parse("2026-07-01T11:00:00Z"), ApiTimestamps.parse(text, ZoneId.of("Europe/London")));
    }
}
