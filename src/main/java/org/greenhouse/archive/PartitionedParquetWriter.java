package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes a batch's readings, which arrive in time order, into one local Parquet file per hour partition
 * (split into parts of at most {@code maxRows}); only the file being written is open.
 */
final class PartitionedParquetWriter implements AutoCloseable {

    /** A finished file and the key it is to be stored under. */
    record Written(String key, Path file, long rows, long bytes) {
    }

    private final Path dir;
    private final String prefix;
    private final long batchRunId;
    private final int maxRows;
    private final List<Written> written = new ArrayList<>();
    private final Set<LocalDate> days = new TreeSet<>();
    private ParquetWriter<ArchivedReading> writer;
    private String partition;
    /** The hour being written, as hours since 1970 (readings arrive in time order: it changes rarely). */
    private long hour = Long.MIN_VALUE;
    private String key;
    private Path file;
    private int part;
    private long rowsInFile;

    PartitionedParquetWriter(Path dir, String prefix, long batchRunId, int maxRows) {
        this.dir = dir;
        this.prefix = prefix;
        this.batchRunId = batchRunId;
        this.maxRows = maxRows;
    }

    void write(ArchivedReading reading) throws IOException {
        long readingHour = Math.floorDiv(reading.recordingTaken().getEpochSecond(), 3_600L);
        if (readingHour != hour) {
            finishFile();
            hour = readingHour;
            partition = ArchiveKeys.hourPartition(reading.recordingTaken());
            part = 0;
            days.add(LocalDate.ofInstant(reading.recordingTaken(), ZoneOffset.UTC));
        } else if (rowsInFile == maxRows) {
            finishFile();
            part++;
        }
        if (writer == null) {
            key = ArchiveKeys.readingsObject(prefix, partition, batchRunId, part);
            file = dir.resolve("readings-" + written.size() + ".parquet");
            writer = ReadingWriteSupport.writer(file);
            rowsInFile = 0;
        }
        writer.write(reading);
        rowsInFile++;
    }

    private void finishFile() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
            written.add(new Written(key, file, rowsInFile, Files.size(file)));
        }
    }

    /** Every file, once {@link #close()} has finished the last one. */
    List<Written> written() {
        return written;
    }

    /** The UTC days the batch's readings fall on. */
    Set<LocalDate> days() {
        return days;
    }

    @Override
    public void close() throws IOException {
        finishFile();
    }
}
