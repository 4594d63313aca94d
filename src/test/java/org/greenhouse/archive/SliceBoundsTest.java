package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A batch is read in slices of whole UTC days: no hour or day is split between two slices. */
class SliceBoundsTest {

    private static final ArchiveBatch BATCH = new ArchiveBatch(7, 7, Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2026-11-01T00:00:00Z"), 1_000, 1);

    private static List<Instant> bounds(String first, String last, int slices) {
        return PlantArchive.sliceBounds(BATCH, new Instant[] { Instant.parse(first), Instant.parse(last) }, slices);
    }

    @Test
    void aBatchWithinOneDayIsOneSlice() {
        assertEquals(List.of(BATCH.from(), BATCH.to()), bounds("2026-10-01T00:00:00Z", "2026-10-01T23:59:59Z", 2));
    }

    @Test
    void anEmptyBatchIsOneSlice() {
        assertEquals(List.of(BATCH.from(), BATCH.to()), PlantArchive.sliceBounds(BATCH, null, 4));
    }

    @Test
    void daysAreSharedOutEvenlyAtMidnightUtc() {
        // 14 days, 2026-10-01 to 2026-10-14
        assertEquals(List.of(BATCH.from(), Instant.parse("2026-10-08T00:00:00Z"), BATCH.to()),
                bounds("2026-10-01T00:01:00Z", "2026-10-14T21:19:00Z", 2));
        assertEquals(List.of(BATCH.from(), Instant.parse("2026-10-04T00:00:00Z"), Instant.parse("2026-10-08T00:00:00Z"),
                Instant.parse("2026-10-11T00:00:00Z"), BATCH.to()), bounds("2026-10-01T00:01:00Z", "2026-10-14T21:19:00Z", 4));
    }

    @Test
    void neverMoreSlicesThanDays() {
        assertEquals(List.of(BATCH.from(), Instant.parse("2026-01-26T00:00:00Z"), BATCH.to()),
                bounds("2026-01-25T23:59:59Z", "2026-01-26T00:00:00Z", 4));
    }
}
