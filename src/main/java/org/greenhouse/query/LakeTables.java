package org.greenhouse.query;

import java.util.List;
import java.util.Optional;

import org.greenhouse.archive.ArchiveKeys;
import org.greenhouse.archive.ParquetDatasets;

/**
 * Every table a query can name, on every engine: the same names, columns and partition columns as the Athena DDL
 * in {@code athena/} (LakeTablesTest holds them together). A new dataset gets its DDL and an entry here.
 */
public final class LakeTables {

    public static final List<LakeTable> ALL = List.of(
            LakeTable.of("plant_reading", ArchiveKeys.READINGS, ParquetDatasets.READING,
                    LakeTable.keys("year", "month", "day", "hour")),
            LakeTable.of("daily_summary", ArchiveKeys.SUMMARIES, ParquetDatasets.SUMMARY,
                    List.of(new LakeTable.Partition("year", "year"), new LakeTable.Partition("month", "month"),
                            new LakeTable.Partition("day_of_month", "day"))));

    private LakeTables() {
    }

    public static Optional<LakeTable> named(String name) {
        return ALL.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
