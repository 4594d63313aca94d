package org.greenhouse.query;

import java.util.List;
import java.util.Optional;

import org.greenhouse.archive.ArchiveKeys;
import org.greenhouse.archive.ParquetDatasets;
import org.greenhouse.events.process.EventFamilies;

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
                            new LakeTable.Partition("day_of_month", "day"))),
            event(EventFamilies.PRODUCT), event(EventFamilies.PURCHASE),
            event(EventFamilies.TABLES.get("events_batch_users")), event(EventFamilies.TABLES.get("events_batch_posts")),
            event(EventFamilies.TABLES.get("events_batch_comments")), event(EventFamilies.REJECT));

    /** The events' processed zone's tables (routes/events-process.yaml), in the family order. */
    public static final List<LakeTable> EVENTS = ALL.stream().filter(t -> t.name().startsWith("events_")
            && !t.name().equals(EventFamilies.REJECTS)).toList();

    private LakeTables() {
    }

    /** A table of the events' processed zone: its folder is its name, partitioned by day. */
    private static LakeTable event(org.apache.avro.Schema schema) {
        return LakeTable.of(schema.getName(), schema.getName(), schema, LakeTable.keys("year", "month", "day"));
    }

    public static Optional<LakeTable> named(String name) {
        return ALL.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
