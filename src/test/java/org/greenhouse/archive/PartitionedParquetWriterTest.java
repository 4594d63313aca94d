package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Parquet file per hour partition (split at maxRows), named by ArchiveKeys, readable back unchanged. */
class PartitionedParquetWriterTest {

    private static final String PREFIX = "greenhouse";
    private static final long RUN = 17;

    @TempDir
    Path dir;

    @Test
    void oneFilePerHourPartitionAcrossHoursAndDays() throws IOException {
        List<ArchivedReading> hour1 = List.of(
                reading(1, "2026-01-26T22:00:00.125Z"),
                reading(2, "2026-01-26T22:59:59.999Z"));
        List<ArchivedReading> hour2 = List.of(
                reading(3, "2026-01-26T23:00:00Z"),
                reading(4, "2026-01-26T23:30:00.001Z"),
                reading(5, "2026-01-26T23:59:59Z"));
        List<ArchivedReading> hour3 = List.of(
                reading(6, "2026-01-27T00:00:00Z"));

        List<PartitionedParquetWriter.Written> written = write(100, hour1, hour2, hour3);

        assertEquals(List.of(
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=22/batch-17-0.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=23/batch-17-0.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=27/hour=00/batch-17-0.parquet"),
                written.stream().map(PartitionedParquetWriter.Written::key).toList());
        assertEquals(ArchiveKeys.readingsObject(PREFIX, ArchiveKeys.hourPartition(hour2.get(0).recordingTaken()), RUN,
                0), written.get(1).key());
        assertEquals(List.of(2L, 3L, 1L), written.stream().map(PartitionedParquetWriter.Written::rows).toList());
        assertEquals(hour1, ParquetDatasets.readReadings(written.get(0).file()));
        assertEquals(hour2, ParquetDatasets.readReadings(written.get(1).file()));
        assertEquals(hour3, ParquetDatasets.readReadings(written.get(2).file()));
        for (PartitionedParquetWriter.Written file : written) {
            assertEquals(Files.size(file.file()), file.bytes(), file.key());
            assertTrue(file.file().startsWith(dir), file.file() + " is not in the work directory");
        }
        assertEquals(3, written.stream().map(PartitionedParquetWriter.Written::file).distinct().count());
    }

    @Test
    void daysAreTheUtcDaysOfTheReadings() throws IOException {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(dir, PREFIX, RUN, 100)) {
            writer.write(reading(1, "2026-01-26T22:00:00Z"));
            writer.write(reading(2, "2026-01-26T23:59:59Z"));
            writer.write(reading(3, "2026-01-27T00:00:00Z"));
            writer.write(reading(4, "2026-01-27T01:00:00Z"));
            writer.close();

            assertEquals(List.of(LocalDate.parse("2026-01-26"), LocalDate.parse("2026-01-27")),
                    new ArrayList<>(writer.days()));
        }
    }

    @Test
    void anHourIsSplitIntoPartsOfAtMostMaxRows() throws IOException {
        List<ArchivedReading> readings = List.of(
                reading(1, "2026-01-26T15:00:00Z"),
                reading(2, "2026-01-26T15:10:00Z"),
                reading(3, "2026-01-26T15:20:00Z"),
                reading(4, "2026-01-26T15:30:00Z"),
                reading(5, "2026-01-26T15:40:00Z"));

        List<PartitionedParquetWriter.Written> written = write(2, readings);

        String hour = "greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/";
        assertEquals(List.of(hour + "batch-17-0.parquet", hour + "batch-17-1.parquet", hour + "batch-17-2.parquet"),
                written.stream().map(PartitionedParquetWriter.Written::key).toList());
        assertEquals(List.of(2L, 2L, 1L), written.stream().map(PartitionedParquetWriter.Written::rows).toList());
        assertEquals(readings.subList(0, 2), ParquetDatasets.readReadings(written.get(0).file()));
        assertEquals(readings.subList(2, 4), ParquetDatasets.readReadings(written.get(1).file()));
        assertEquals(readings.subList(4, 5), ParquetDatasets.readReadings(written.get(2).file()));
    }

    @Test
    void partNumbersStartAgainInEachHour() throws IOException {
        List<PartitionedParquetWriter.Written> written = write(1, List.of(
                reading(1, "2026-01-26T15:00:00Z"),
                reading(2, "2026-01-26T15:10:00Z"),
                reading(3, "2026-01-26T16:00:00Z")));

        assertEquals(List.of(
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-17-0.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-17-1.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=16/batch-17-0.parquet"),
                written.stream().map(PartitionedParquetWriter.Written::key).toList());
    }

    @Test
    void everyFieldSurvivesTheRoundTripIncludingNullOptionalFields() throws IOException {
        ArchivedReading full = new ArchivedReading(9_000_000_001L, 42, "Venus flytrap", "Dionaea muscipula",
                "Gertrude Jekyll", "gertrude.jekyll@lnhm.co.uk", "+44 20 7946 0958", "Stratford-upon-Avon",
                "United Kingdom", "GB", 52.1917, -1.7083, Instant.parse("2026-01-26T15:04:05.678Z"), 33.125,
                -4.75, Instant.parse("2026-01-26T13:00:00.001Z"));
        ArchivedReading sparse = new ArchivedReading(9_000_000_002L, 43, "Unnamed", null, "Carl Linnaeus",
                "carl@example.com", null, "Råshult", "Sverige", null, 0.0, 0.0,
                Instant.parse("2026-01-26T15:59:59.999Z"), 0.0, 0.0, Instant.parse("1970-01-01T00:00:00Z"));

        List<PartitionedParquetWriter.Written> written = write(100, List.of(full, sparse));

        assertEquals(1, written.size());
        List<ArchivedReading> back = ParquetDatasets.readReadings(written.get(0).file());
        assertEquals(List.of(full, sparse), back);
        assertEquals(null, back.get(1).scientificName());
        assertEquals(null, back.get(1).botanistPhone());
        assertEquals(null, back.get(1).countryCode());
        assertEquals(full.recordingTaken(), back.get(0).recordingTaken());
        assertEquals(678_000_000, back.get(0).recordingTaken().getNano());
    }

    @Test
    void anEmptyWriterWritesNoFile() throws IOException {
        PartitionedParquetWriter writer = new PartitionedParquetWriter(dir, PREFIX, RUN, 100);
        writer.close();

        assertEquals(List.of(), writer.written());
        assertTrue(writer.days().isEmpty());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @SafeVarargs
    private List<PartitionedParquetWriter.Written> write(int maxRows, List<ArchivedReading>... hours)
            throws IOException {
        PartitionedParquetWriter writer = new PartitionedParquetWriter(dir, PREFIX, RUN, maxRows);
        try (writer) {
            for (List<ArchivedReading> hour : hours) {
                for (ArchivedReading reading : hour) {
                    writer.write(reading);
                }
            }
        }
        return writer.written();
    }

    private static ArchivedReading reading(long id, String taken) {
        int plant = (int) (id % 3) + 1;
        return new ArchivedReading(id, plant, "Plant " + plant, id % 2 == 0 ? null : "Planta " + plant,
                "Botanist " + plant, "botanist" + plant + "@example.com", id % 2 == 0 ? "+1 555 0100" : null,
                "City", "Country", id % 2 == 0 ? null : "CC", 10.5 + id, -20.25 - id, Instant.parse(taken),
                30 + id * 0.5, 18 + id * 0.25, Instant.parse(taken).minusSeconds(3600 * id));
    }
}
