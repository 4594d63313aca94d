package org.greenhouse.archive;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * For bench/summary-bench.sh (not a test): one day of readings of many plants as the archive stores them,
 * then that day's summaries under the heap the script gives the JVM. Usage:
 * {@code generate <archiveDir> <plants>}: one reading per plant and minute of 2026-10-01, written by the
 * archive's own writer into a local store ({@code max-rows-per-file} 500,000, the default);
 * {@code bounded <archiveDir> <workDir>}: the day's summaries as the archive computes them;
 * {@code in-memory <archiveDir>}: every reading of the day held at once, as summaries were computed before
 * (in this compact form; they were held whole then).
 * Prints one JSON line.
 */
public final class DailySummaryBench {

    private static final String PREFIX = "greenhouse";
    private static final LocalDate DAY = LocalDate.parse("2026-10-01");

    public static void main(String[] args) throws Exception {
        // outside the app nothing configures logging, every logger is at DEBUG, and Parquet then logs each value
        // it writes: the archive's INFO, as in the app
        org.jboss.logmanager.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]));
            case "bounded" -> bounded(Path.of(args[1]), Path.of(args[2]));
            case "in-memory" -> inMemory(Path.of(args[1]));
            default -> throw new IllegalArgumentException("generate | bounded | in-memory");
        }
    }

    /**
     * The day's hours are written in parallel, each by a writer of its own (the archive's writer, which names
     * an hour's parts from 0 whatever else it writes, so the objects are those one writer of the whole day
     * would write); each plant's attributes are one set of strings, as the repository hands them.
     */
    private static void generate(Path archive, int plants) throws Exception {
        LocalArchiveStore store = new LocalArchiveStore(archive);
        Path work = Files.createTempDirectory("summary-bench-generate");
        Instant start = DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
        String[] names = new String[plants + 1];
        String[] scientific = new String[plants + 1];
        for (int plant = 1; plant <= plants; plant++) {
            names[plant] = "Plant " + plant;
            scientific[plant] = "Plantae " + plant;
        }
        long started = System.nanoTime();
        AtomicLong objects = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> hours = new ArrayList<>();
            for (int hour = 0; hour < 24; hour++) {
                int h = hour;
                hours.add(pool.submit(() -> {
                    Path dir = Files.createDirectory(work.resolve("hour-" + h));
                    try (var writer = new PartitionedParquetWriter(dir, PREFIX, 1, 500_000)) {
                        for (int minute = 60 * h; minute < 60 * (h + 1); minute++) {
                            Instant taken = start.plusSeconds(60L * minute);
                            for (int plant = 1; plant <= plants; plant++) {
                                long id = (long) minute * plants + plant;
                                writer.write(new ArchivedReading(id, plant, names[plant], scientific[plant],
                                        "Botanist", "botanist@example.com", null, "City", "Country", "CC", 1.0, 2.0,
                                        taken, 20 + (id % 600) / 10.0, 10 + (id % 250) / 10.0,
                                        start.minusSeconds(3600L * (plant % 5))));
                            }
                        }
                        writer.close();
                        for (var written : writer.written()) {
                            store.put(written.key(), written.file());
                            Files.delete(written.file());
                            objects.incrementAndGet();
                        }
                    }
                    Files.delete(dir);
                    return null;
                }));
            }
            for (Future<?> hour : hours) {
                hour.get();
            }
        } finally {
            pool.shutdown();
            Files.deleteIfExists(work);
        }
        System.out.printf(Locale.ROOT, "{\"generated_readings\": %d, \"plants\": %d, \"objects\": %d, "
                + "\"seconds\": %.1f}%n", 24L * 60 * plants, plants, objects.get(), (System.nanoTime() - started) / 1e9);
    }

    private static void bounded(Path archive, Path work) throws Exception {
        LocalArchiveStore store = new LocalArchiveStore(archive);
        HeapPeak peak = HeapPeak.start();
        long started = System.nanoTime();
        Path file = PlantArchive.summarizeDay(store, PREFIX, DAY, work);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long summaries;
        try (var reader = ParquetFileReader.open(new LocalInputFile(file))) {
            summaries = reader.getRecordCount();
        }
        System.out.printf(Locale.ROOT, "{\"mode\": \"bounded\", \"summaries\": %d, \"seconds\": %.1f, "
                + "\"heap_limit_mb\": %d, \"peak_heap_used_mb\": %d, \"readings_held_at_most\": %d}%n", summaries,
                took.toMillis() / 1000.0, Runtime.getRuntime().maxMemory() >> 20, peak.stop() >> 20,
                PlantArchive.SUMMARY_READINGS_IN_MEMORY);
    }

    private static void inMemory(Path archive) throws Exception {
        LocalArchiveStore store = new LocalArchiveStore(archive);
        List<DailySummaries.Reading> all = new ArrayList<>();
        HeapPeak peak = HeapPeak.start();
        long started = System.nanoTime();
        try {
            for (String key : store.list(ArchiveKeys.readingsOfDay(PREFIX, DAY))) {
                ParquetDatasets.readForSummaries(archive.resolve(key), all::add);
            }
            System.out.printf(Locale.ROOT, "{\"mode\": \"in-memory\", \"readings_held\": %d, \"seconds\": %.1f, "
                    + "\"heap_limit_mb\": %d, \"peak_heap_used_mb\": %d}%n", all.size(),
                    (System.nanoTime() - started) / 1e9, Runtime.getRuntime().maxMemory() >> 20, peak.stop() >> 20);
        } catch (OutOfMemoryError e) {
            int held = all.size();
            all = null;
            System.out.printf(Locale.ROOT, "{\"mode\": \"in-memory\", \"result\": \"OutOfMemoryError\", "
                    + "\"readings_held_when_it_ran_out\": %d, \"heap_limit_mb\": %d}%n", held,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** The most heap in use, sampled every 20 ms. */
    private static final class HeapPeak {
        final AtomicLong peak = new AtomicLong();
        final Thread sampler;

        private HeapPeak() {
            var memory = ManagementFactory.getMemoryMXBean();
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
        }

        static HeapPeak start() {
            HeapPeak peak = new HeapPeak();
            peak.sampler.start();
            return peak;
        }

        long stop() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
            return peak.get();
        }
    }
}
