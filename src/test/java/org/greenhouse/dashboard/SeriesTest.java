package org.greenhouse.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeriesTest {

    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void readingsAreAveragedPerBucketAndEmptyBucketsGiveNoPoint() {
        Series series = new Series(FROM, FROM.plusSeconds(400), 4); // buckets of 100 s
        series.add(FROM.minusSeconds(1), 99, 99); // before the range
        series.add(FROM, 10, 20);
        series.add(FROM.plusSeconds(99), 20, 22);
        series.add(FROM.plusSeconds(300), 30, 24);
        series.add(FROM.plusSeconds(400), 99, 99); // to is exclusive
        assertEquals(List.of(new Series.Point(FROM.getEpochSecond() + 50, 15, 21, 2),
                new Series.Point(FROM.getEpochSecond() + 300, 30, 24, 1)), series.points());
        assertEquals(3, series.readings());
    }

    @Test
    void readingsOutOfOrderAndEmptyRangesAreRefused() {
        Series series = new Series(FROM, FROM.plusSeconds(400), 4);
        series.add(FROM.plusSeconds(300), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> series.add(FROM.plusSeconds(100), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Series(FROM, FROM, 4));
    }
}
