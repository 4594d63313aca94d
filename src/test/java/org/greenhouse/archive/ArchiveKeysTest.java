package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Hive-partitioned key layout of the archive. */
class ArchiveKeysTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-05");

    @Test
    void hourPartitionIsZeroPadded() {
        assertEquals("year=2026/month=03/day=05/hour=07",
                ArchiveKeys.hourPartition(Instant.parse("2026-03-05T07:08:09Z")));
    }

    @Test
    void hourPartitionAtMidnightAndLastHour() {
        assertEquals("year=2026/month=01/day=01/hour=00",
                ArchiveKeys.hourPartition(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals("year=2025/month=12/day=31/hour=23",
                ArchiveKeys.hourPartition(Instant.parse("2025-12-31T23:59:59.999Z")));
    }

    @Test
    void hourPartitionIsTheUtcHour() {
        // 01:30 at +02:00 is 23:30 UTC the day before
        Instant taken = OffsetDateTime.parse("2026-03-05T01:30:00+02:00").toInstant();

        assertEquals("year=2026/month=03/day=04/hour=23", ArchiveKeys.hourPartition(taken));
    }

    @Test
    void dayPartitionIsZeroPadded() {
        assertEquals("year=2026/month=03/day=05", ArchiveKeys.dayPartition(DAY));
        assertEquals("year=0999/month=11/day=30", ArchiveKeys.dayPartition(LocalDate.parse("0999-11-30")));
    }

    @Test
    void readingsObjectWithoutPrefix() {
        assertEquals("plant_reading/year=2026/month=03/day=05/hour=07/batch-42-3.parquet",
                ArchiveKeys.readingsObject("", "year=2026/month=03/day=05/hour=07", 42, 3));
    }

    @Test
    void readingsObjectWithNullPrefix() {
        assertEquals("plant_reading/year=2026/month=03/day=05/hour=07/batch-42-0.parquet",
                ArchiveKeys.readingsObject(null, "year=2026/month=03/day=05/hour=07", 42, 0));
    }

    @Test
    void readingsObjectWithPrefix() {
        assertEquals("greenhouse/plant_reading/year=2026/month=03/day=05/hour=07/batch-42-3.parquet",
                ArchiveKeys.readingsObject("greenhouse", "year=2026/month=03/day=05/hour=07", 42, 3));
    }

    @Test
    void readingsObjectTrimsSlashesAroundThePrefix() {
        assertEquals("a/b/plant_reading/year=2026/month=03/day=05/hour=07/batch-42-3.parquet",
                ArchiveKeys.readingsObject("/a/b/", "year=2026/month=03/day=05/hour=07", 42, 3));
    }

    @Test
    void summaryObjectWithoutPrefix() {
        assertEquals("daily_summary/year=2026/month=03/day=05/daily_summary.parquet",
                ArchiveKeys.summaryObject("", DAY));
    }

    @Test
    void summaryObjectWithPrefix() {
        assertEquals("greenhouse/daily_summary/year=2026/month=03/day=05/daily_summary.parquet",
                ArchiveKeys.summaryObject("greenhouse", DAY));
    }

    @Test
    void summaryObjectTrimsSlashesAroundThePrefix() {
        assertEquals("a/b/daily_summary/year=2026/month=03/day=05/daily_summary.parquet",
                ArchiveKeys.summaryObject("/a/b/", DAY));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "greenhouse", "/a/b/" })
    void readingsOfDayIsADirectoryPrefixOfThatDaysObjects(String prefix) {
        String dayPrefix = ArchiveKeys.readingsOfDay(prefix, DAY);
        String object = ArchiveKeys.readingsObject(prefix,
                ArchiveKeys.hourPartition(Instant.parse("2026-03-05T13:00:00Z")), 1, 0);

        assertTrue(dayPrefix.endsWith("/"), dayPrefix);
        assertTrue(object.startsWith(dayPrefix), object + " is not under " + dayPrefix);
    }

    @Test
    void readingsOfDayKeys() {
        assertEquals("plant_reading/year=2026/month=03/day=05/", ArchiveKeys.readingsOfDay("", DAY));
        assertEquals("greenhouse/plant_reading/year=2026/month=03/day=05/",
                ArchiveKeys.readingsOfDay("greenhouse", DAY));
        assertEquals("a/b/plant_reading/year=2026/month=03/day=05/", ArchiveKeys.readingsOfDay("/a/b/", DAY));
    }
}
