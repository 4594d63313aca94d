package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The daily summaries of the readings a batch writes, computed as they go by (they arrive in time order, so
 * one day at a time, in the bounded memory of {@link DailySummaries}), each day's into a local summary file.
 * Such a file is the day's summary only where the batch's objects are all the day holds in the archive;
 * otherwise the day is summarized from the store ({@link PlantArchive#summarizeDay}).
 */
final class BatchSummaries implements AutoCloseable {

    private final Path dir;
    private final int limit;
    private final Map<LocalDate, Path> files = new TreeMap<>();
    private long epochDay = Long.MIN_VALUE;
    private DailySummaries day;

    /**
     * @param dir where the summary files (and the spilled readings) go
     * @param limit the most readings held in memory at once
     */
    BatchSummaries(Path dir, int limit) {
        this.dir = dir;
        this.limit = limit;
    }

    void add(ArchivedReading reading) throws IOException {
        long readingDay = Math.floorDiv(reading.recordingTaken().getEpochSecond(), 86_400L);
        if (readingDay != epochDay) {
            finishDay();
            epochDay = readingDay;
            day = new DailySummaries(dir, limit);
        }
        day.add(DailySummaries.Reading.of(reading));
    }

    /** The summary file of the batch's readings of that day, once {@link #finish()} has run. */
    Optional<Path> file(LocalDate date) {
        return Optional.ofNullable(files.get(date));
    }

    /** Writes the last day's file. */
    void finish() throws IOException {
        finishDay();
    }

    private void finishDay() throws IOException {
        if (day == null) {
            return;
        }
        try (DailySummaries summaries = day) {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            Path file = dir.resolve("batch-summary-" + date + ".parquet");
            try (ParquetWriter<GenericRecord> writer = ParquetDatasets.writer(file, ParquetDatasets.SUMMARY)) {
                summaries.finish(summary -> writer.write(ParquetDatasets.record(summary)));
            }
            files.put(date, file);
        } finally {
            day = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (day != null) {
            day.close();
            day = null;
        }
    }
}
