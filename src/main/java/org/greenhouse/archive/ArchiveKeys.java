package org.greenhouse.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The archive's key layout, Hive-partitioned so Athena's partition projection finds every object:
 * {@code {prefix}/plant_reading/year=YYYY/month=MM/day=DD/hour=HH/batch-{run}-{part}.parquet} and
 * {@code {prefix}/daily_summary/year=YYYY/month=MM/day=DD/daily_summary.parquet}. Names depend only on
 * the batch, so re-running a batch overwrites its objects instead of adding copies.
 */
public final class ArchiveKeys {

    public static final String READINGS = "plant_reading";
    public static final String SUMMARIES = "daily_summary";

    private ArchiveKeys() {
    }

    /** The hour partition of a reading, e.g. {@code year=2026/month=01/day=26/hour=15}. */
    public static String hourPartition(Instant recordingTaken) {
        ZonedDateTime utc = recordingTaken.atZone(ZoneOffset.UTC);
        return dayPartition(utc.toLocalDate()) + "/hour=%02d".formatted(utc.getHour());
    }

    public static String dayPartition(LocalDate day) {
        return "year=%04d/month=%02d/day=%02d".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    public static String readingsObject(String prefix, String hourPartition, long runId, int part) {
        return join(prefix, READINGS + "/" + hourPartition + "/batch-%d-%d.parquet".formatted(runId, part));
    }

    public static String readingsOfDay(String prefix, LocalDate day) {
        return join(prefix, READINGS + "/" + dayPartition(day) + "/");
    }

    public static String summaryObject(String prefix, LocalDate day) {
        return join(prefix, SUMMARIES + "/" + dayPartition(day) + "/daily_summary.parquet");
    }

    private static String join(String prefix, String key) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? key : trimmed + "/" + key;
    }
}
