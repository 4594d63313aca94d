package org.greenhouse.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Computes daily summaries from readings that arrive in any order, in memory bounded whatever the number of
 * plants: at most {@code limit} readings are held; each full load is sorted by day and plant and spilled to a
 * file, and the files are merged, one plant's day at a time (readings that never filled a load are summarized
 * from memory). A plant's day has at most 86,400 readings (they
 * are unique per plant and second), so that is the only other thing held.
 */
final class DailySummaries implements AutoCloseable {

    /** What a summary needs of a reading. */
    record Reading(int plantId, String plantName, long readingId, Instant recordingTaken, double temperature,
            double soilMoisture, Instant lastWatered) {

        static Reading of(ArchivedReading r) {
            return new Reading(r.plantId(), r.plantName(), r.readingId(), r.recordingTaken(), r.temperature(),
                    r.soilMoisture(), r.lastWatered());
        }

        /** The UTC day, as days since 1970-01-01. */
        long epochDay() {
            return Math.floorDiv(recordingTaken.getEpochSecond(), 86_400L);
        }
    }

    /** Receives the summaries, ordered by day and plant. */
    @FunctionalInterface
    interface Sink {
        void accept(DailySummary summary) throws IOException;
    }

    private static final Comparator<Reading> ORDER = Comparator.comparingLong(Reading::epochDay)
            .thenComparingInt(Reading::plantId);

    private final Path dir;
    private final int limit;
    private final List<Reading> held = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    private int mostHeld;

    /**
     * @param dir where the spilled files go (they are removed on close)
     * @param limit the most readings held in memory at once
     */
    DailySummaries(Path dir, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        this.dir = dir;
        this.limit = limit;
    }

    void add(Reading reading) throws IOException {
        held.add(reading);
        mostHeld = Math.max(mostHeld, held.size());
        if (held.size() == limit) {
            spill();
        }
    }

    /** The most readings held at once so far (the sorted loads; not the one plant's day being summarized). */
    int mostHeld() {
        return mostHeld;
    }

    /** Spilled files so far. */
    int spills() {
        return spilled.size();
    }

    private void spill() throws IOException {
        held.sort(ORDER);
        Path file = dir.resolve("summary-spill-" + spilled.size() + ".bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (Reading r : held) {
                out.writeInt(r.plantId());
                out.writeUTF(r.plantName());
                out.writeLong(r.readingId());
                out.writeLong(r.recordingTaken().toEpochMilli());
                out.writeDouble(r.temperature());
                out.writeDouble(r.soilMoisture());
                out.writeLong(r.lastWatered().toEpochMilli());
            }
        }
        spilled.add(file);
        held.clear();
    }

    /**
     * Hands every plant's summary of every day to the sink, ordered by day and plant: from the readings held
     * when none had to be spilled (they are within the limit), else from the spilled files merged.
     */
    void finish(Sink sink) throws IOException {
        if (spilled.isEmpty()) {
            held.sort(ORDER);
            var readings = held.iterator();
            summarize(() -> readings.hasNext() ? readings.next() : null, sink);
            held.clear();
            return;
        }
        if (!held.isEmpty()) {
            spill();
        }
        List<Spilled> open = new ArrayList<>();
        try {
            PriorityQueue<Spilled> next = new PriorityQueue<>(Comparator.comparing(Spilled::head, ORDER));
            for (Path file : spilled) {
                Spilled s = new Spilled(file);
                open.add(s);
                if (s.advance()) {
                    next.add(s);
                }
            }
            summarize(() -> {
                Spilled s = next.poll();
                if (s == null) {
                    return null;
                }
                Reading r = s.head();
                if (s.advance()) {
                    next.add(s);
                }
                return r;
            }, sink);
        } finally {
            for (Spilled s : open) {
                s.in.close();
            }
        }
    }

    /** The next reading in day and plant order; null after the last. */
    @FunctionalInterface
    private interface Ordered {
        Reading next() throws IOException;
    }

    private static void summarize(Ordered readings, Sink sink) throws IOException {
        PlantDay day = null;
        for (Reading r = readings.next(); r != null; r = readings.next()) {
            if (day != null && !day.holds(r)) {
                sink.accept(day.summary());
                day = null;
            }
            if (day == null) {
                day = new PlantDay(r);
            }
            day.add(r);
        }
        if (day != null) {
            sink.accept(day.summary());
        }
    }

    @Override
    public void close() throws IOException {
        held.clear();
        for (Path file : spilled) {
            Files.deleteIfExists(file);
        }
    }

    /** One spilled file, read one reading at a time. */
    private static final class Spilled {
        final DataInputStream in;
        Reading head;

        Spilled(Path file) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 14));
        }

        Reading head() {
            return head;
        }

        boolean advance() throws IOException {
            int plantId;
            try {
                plantId = in.readInt();
            } catch (EOFException end) {
                head = null;
                return false;
            }
            head = new Reading(plantId, in.readUTF(), in.readLong(), Instant.ofEpochMilli(in.readLong()),
                    in.readDouble(), in.readDouble(), Instant.ofEpochMilli(in.readLong()));
            return true;
        }
    }

    /** The readings of one plant on one day, as the numbers its summary needs. */
    private static final class PlantDay {
        final int plantId;
        final long epochDay;
        double[] temperatures = new double[64];
        double[] moistures = new double[64];
        int count;
        final Set<Instant> watered = new HashSet<>();
        Reading latest;

        PlantDay(Reading first) {
            plantId = first.plantId();
            epochDay = first.epochDay();
        }

        boolean holds(Reading r) {
            return r.plantId() == plantId && r.epochDay() == epochDay;
        }

        void add(Reading r) {
            if (count == temperatures.length) {
                temperatures = Arrays.copyOf(temperatures, count * 2);
                moistures = Arrays.copyOf(moistures, count * 2);
            }
            temperatures[count] = r.temperature();
            moistures[count] = r.soilMoisture();
            count++;
            watered.add(r.lastWatered());
            // the latest reading names the plant as it was at the end of the day
            if (latest == null || r.recordingTaken().isAfter(latest.recordingTaken())
                    || r.recordingTaken().equals(latest.recordingTaken()) && r.readingId() > latest.readingId()) {
                latest = r;
            }
        }

        DailySummary summary() {
            return new DailySummary(plantId, latest.plantName(), LocalDate.ofEpochDay(epochDay), count,
                    DailySummary.Stats.of(Arrays.copyOf(temperatures, count)),
                    DailySummary.Stats.of(Arrays.copyOf(moistures, count)), watered.size());
        }
    }
}
