package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.avro.generic.GenericRecord;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunInProgressException;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;

/**
 * The steps of one archive run that the route calls: fix (or resume) the batch, write its Parquet files,
 * store and confirm each, recompute the daily summaries of the days it touched, and only then delete the
 * archived readings. Anything failing before the delete leaves the database as it was; the next run
 * completes the same batch under the same object names.
 */
@ApplicationScoped
@Named("plantArchive")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class PlantArchive {

    public static final String PIPELINE = "plant-archive";
    public static final String FROM = "archiveFrom";
    public static final String TO = "archiveTo";
    static final String STATE = "plantArchive";
    private static final Logger LOG = Logger.getLogger(PlantArchive.class);

    @Inject
    ArchiveConfig config;

    @Inject
    ArchiveRepository repository;

    @Inject
    ArchiveStore store;

    @Inject
    MeterRegistry metrics;

    @Inject
    RunLifecycle lifecycle;

    /** The readings a day's summary holds in memory at most; beyond, they are sorted on disk. */
    static final int SUMMARY_READINGS_IN_MEMORY = 200_000;

    /** Failed attempts at the batch being archived: 0 once it is completed ({@code greenhouse.archive.batch.failed.attempts}). */
    private final AtomicLong failedAttempts = new AtomicLong();

    @PostConstruct
    void registerMetrics() {
        metrics.gauge("greenhouse.archive.batch.failed.attempts", failedAttempts);
    }

    /** A run in progress; lives in an exchange property. */
    static final class Run {
        final PipelineRun run;
        final ArchiveBatch batch;
        final Instant startedAt;
        final Path workDir;
        final List<PartitionedParquetWriter.Written> objects = new ArrayList<>();
        final List<LocalDate> days = new ArrayList<>();
        final AtomicInteger stored = new AtomicInteger();
        final Set<String> unconfirmed = new TreeSet<>();
        /** The summaries of the batch's own readings, day by day, computed while writing them. */
        final Map<LocalDate, Path> batchSummaries = new HashMap<>();
        long rows;
        long bytes;
        private int uploading;
        private boolean failed;

        Run(PipelineRun run, ArchiveBatch batch, Path workDir) {
            this.run = run;
            this.batch = batch;
            this.startedAt = run.startedAt();
            this.workDir = workDir;
        }

        /** False once the run has failed: no upload starts then. */
        synchronized boolean uploadStarts() {
            if (failed) {
                return false;
            }
            uploading++;
            return true;
        }

        synchronized void uploadEnded() {
            uploading--;
            notifyAll();
        }

        /** Marks the run failed and waits until no upload of it is in flight. */
        synchronized void failedAndUploadsEnded() throws InterruptedException {
            failed = true;
            while (uploading > 0) {
                wait();
            }
        }

        ArchiveRepository.ArchiveRunFigures figures(Instant now) {
            return new ArchiveRepository.ArchiveRunFigures(rows, objects.size(), bytes,
                    Duration.between(startedAt, now));
        }
    }

    /** What a finished run reports to its caller and the log. */
    @RegisterForReflection // serialized by Jackson (Lambda, backfill answer), also in a native image
    public record Report(long runId, long batchRunId, Instant from, Instant to, long rows, int objects, long bytes,
            List<LocalDate> summarizedDays, Duration duration) {
        @Override
        public String toString() {
            return "run " + runId + (runId == batchRunId ? "" : " (completing batch " + batchRunId + ")") + ": "
                    + rows + " readings [" + from + ", " + to + ") in " + objects + " objects, " + bytes + " bytes, "
                    + summarizedDays.size() + " daily summaries, in " + duration.toMillis() + " ms";
        }
    }

    /**
     * Checks a backfill's query parameters {@code from} and {@code to} (ISO instants, both required: a
     * backfill never falls back to the retention) and sets them as the run's range.
     */
    public void checkBackfill(@Header("from") String from, @Header("to") String to, Exchange exchange) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a backfill needs both from and to, as ISO instants "
                    + "(from=2026-01-25T00:00:00Z&to=2026-01-26T00:00:00Z)");
        }
        range(from, to, Instant.now());
        if (lifecycle.isRunning(PIPELINE)) {
            throw new RunInProgressException(PIPELINE);
        }
        exchange.getMessage().setHeader(FROM, from);
        exchange.getMessage().setHeader(TO, to);
    }

    private Instant[] range(String from, String to, Instant now) {
        try {
            Instant rangeFrom = from == null ? ArchiveRepository.BEGINNING : Instant.parse(from);
            Instant rangeTo = to == null ? now.minus(config.retention()) : Instant.parse(to);
            if (!rangeFrom.isBefore(rangeTo)) {
                throw new IllegalArgumentException("archive range [" + rangeFrom + ", " + rangeTo + ") is empty");
            }
            return new Instant[] { rangeFrom, rangeTo };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + e.getParsedString() + "' is not an ISO instant like "
                    + "2026-01-25T00:00:00Z", e);
        }
    }

    /**
     * Fixes the batch: readings older than the retention, or, for a backfill, those in [{@value #FROM},
     * {@value #TO}) (ISO instants). A batch left unfinished by an earlier run is completed first.
     */
    public ArchiveBatch begin(@Header(FROM) String from, @Header(TO) String to, Exchange exchange) throws Exception {
        Instant[] range = range(from, to, Instant.now());
        PipelineRun run = lifecycle.begin(PIPELINE);
        try {
            ArchiveBatch batch = repository.begin(run, range[0], range[1]);
            run.detail("archive_run.run_id", batch.runId());
            run.detail("archive_run.batch_run_id", batch.batchRunId());
            run.detail("archive_run.attempt", batch.attempt());
            failedAttempts.set(batch.attempt() - 1);
            Path workDir = Files.createTempDirectory(config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"))),
                    "plant-archive-" + batch.runId() + "-");
            exchange.setProperty(STATE, new Run(run, batch, workDir));
            if (batch.isResumed()) {
                LOG.warnf("plant-archive run %d completes batch %d, left unfinished by an earlier run: attempt %d",
                        batch.runId(), batch.batchRunId(), batch.attempt());
            }
            return batch;
        } catch (Throwable e) {
            lifecycle.failed(run, e);
            throw e;
        }
    }

    /** Slices of a batch read and written at the same time, each on its own connection and thread. */
    static final int SLICES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** What one slice of the batch wrote. */
    private record Slice(List<PartitionedParquetWriter.Written> objects, List<LocalDate> days,
            Map<LocalDate, Path> summaries, long rows) {
    }

    /**
     * Streams the batch from the database into local Parquet files, one per hour partition (and part), and
     * the summaries of its readings of each day as they go by. A batch of several days is read in slices of
     * whole UTC days at the same time ({@link #SLICES}), so each day, and each hour, is one slice's alone.
     */
    public void writeParquet(@ExchangeProperty(STATE) Run run) throws Exception {
        List<Instant> bounds = sliceBounds(run.batch, repository.span(run.batch).orElse(null), SLICES);
        List<Callable<Slice>> slices = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            Instant from = bounds.get(i);
            Instant to = bounds.get(i + 1);
            Path dir = Files.createDirectory(run.workDir.resolve("slice-" + i));
            slices.add(() -> writeSlice(run.batch, from, to, dir));
        }
        List<Slice> written = new ArrayList<>();
        if (slices.size() == 1) {
            written.add(slices.get(0).call());
        } else {
            ExecutorService threads = Executors.newFixedThreadPool(slices.size(), work -> {
                Thread thread = new Thread(work, "plant-archive-run-" + run.batch.runId() + "-slice");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<Slice>> futures = new ArrayList<>();
                for (Callable<Slice> slice : slices) {
                    futures.add(threads.submit(slice));
                }
                for (Future<Slice> future : futures) {
                    try {
                        written.add(future.get());
                    } catch (ExecutionException e) {
                        futures.forEach(other -> other.cancel(true));
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            } finally {
                // the run ends (and its work files go) only once no slice is writing any more
                threads.shutdownNow();
                threads.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
        for (Slice slice : written) {
            run.rows += slice.rows();
            run.objects.addAll(slice.objects());
            run.days.addAll(slice.days());
            run.batchSummaries.putAll(slice.summaries());
        }
        run.bytes = run.objects.stream().mapToLong(PartitionedParquetWriter.Written::bytes).sum();
        run.unconfirmed.addAll(repository.recordObjects(run.batch,
                run.objects.stream().map(PartitionedParquetWriter.Written::key).toList()));
        LOG.infof("plant-archive run %d: %d readings written into %d Parquet files after %d ms", run.batch.runId(),
                run.rows, run.objects.size(), Duration.between(run.startedAt, Instant.now()).toMillis());
    }

    private Slice writeSlice(ArchiveBatch batch, Instant from, Instant to, Path dir) throws Exception {
        try (var writer = new PartitionedParquetWriter(dir, config.prefix(), batch.batchRunId(),
                config.maxRowsPerFile());
                var summaries = new BatchSummaries(dir, SUMMARY_READINGS_IN_MEMORY)) {
            long rows = repository.read(batch, from, to, reading -> {
                writer.write(reading);
                summaries.add(reading);
            });
            writer.close();
            summaries.finish();
            Map<LocalDate, Path> files = new HashMap<>();
            for (LocalDate day : writer.days()) {
                summaries.file(day).ifPresent(file -> files.put(day, file));
            }
            return new Slice(List.copyOf(writer.written()), List.copyOf(writer.days()), files, rows);
        }
    }

    /**
     * Where the slices of a batch begin and end: its bounds, and between them the starts of whole UTC days
     * that share the days from the first reading's to the last's out evenly among at most {@code slices}.
     */
    static List<Instant> sliceBounds(ArchiveBatch batch, Instant[] span, int slices) {
        List<Instant> bounds = new ArrayList<>(List.of(batch.from()));
        if (span != null) {
            long firstDay = Math.floorDiv(span[0].getEpochSecond(), 86_400L);
            long days = Math.floorDiv(span[1].getEpochSecond(), 86_400L) - firstDay + 1;
            long count = Math.min(slices, days);
            for (long i = 1; i < count; i++) {
                bounds.add(Instant.ofEpochSecond((firstDay + i * days / count) * 86_400L));
            }
        }
        bounds.add(batch.to());
        return bounds;
    }

    /** The batch's files, for the route to store them (in parallel). */
    public List<PartitionedParquetWriter.Written> objects(@ExchangeProperty(STATE) Run run) {
        return run.objects;
    }

    /** Stores one file and confirms it (see {@link ArchiveStore#putConfirmed}); none once the run has failed. */
    public void storeAndConfirm(@ExchangeProperty(STATE) Run run, PartitionedParquetWriter.Written object)
            throws IOException {
        if (!run.uploadStarts()) {
            throw new IllegalStateException("run " + run.batch.runId() + " failed already; " + object.key()
                    + " not stored");
        }
        try {
            store.putConfirmed(object.key(), object.file());
        } finally {
            run.uploadEnded();
        }
        LOG.infof("plant-archive run %d: stored and confirmed %d/%d %s/%s (%d readings)", run.batch.runId(),
                run.stored.incrementAndGet(), run.objects.size(), store.location(), object.key(), object.rows());
    }

    /**
     * Removes the objects that earlier attempts at the batch stored and this one did not write, so the batch's
     * objects are exactly those it confirmed; before the summaries, which count every object of a day.
     */
    public void removeUnconfirmed(@ExchangeProperty(STATE) Run run) throws IOException, SQLException {
        for (String key : run.unconfirmed) {
            store.delete(key);
            LOG.infof("plant-archive run %d: removed %s/%s, stored by an earlier attempt at batch %d and not "
                    + "written by this one", run.batch.runId(), store.location(), key, run.batch.batchRunId());
        }
        repository.forgetObjects(run.batch, run.unconfirmed);
    }

    /**
     * Stores the summary of each day the batch touched, of every archived reading of that day, in bounded
     * memory whatever the number of plants ({@link DailySummaries}): where the day's objects in the store are
     * exactly the batch's, the summary computed while writing them; else recomputed from all of the day's.
     */
    public void summarize(@ExchangeProperty(STATE) Run run) throws IOException {
        for (LocalDate day : run.days) {
            String dayPrefix = ArchiveKeys.readingsOfDay(config.prefix(), day);
            Set<String> written = run.objects.stream().map(PartitionedParquetWriter.Written::key)
                    .filter(key -> key.startsWith(dayPrefix)).collect(Collectors.toSet());
            Path file = run.batchSummaries.get(day);
            if (file == null || !written.equals(Set.copyOf(store.list(dayPrefix)))) {
                file = summarizeDay(store, config.prefix(), day, run.workDir);
            }
            store.putConfirmed(ArchiveKeys.summaryObject(config.prefix(), day), file);
        }
        LOG.infof("plant-archive run %d: %d daily summaries stored after %d ms", run.batch.runId(), run.days.size(),
                Duration.between(run.startedAt, Instant.now()).toMillis());
    }

    /** Writes the summaries of a day from every readings object of it in the store; returns the local file. */
    static Path summarizeDay(ArchiveStore store, String prefix, LocalDate day, Path workDir) throws IOException {
        Path download = workDir.resolve("download.parquet");
        Path file = workDir.resolve("summary-" + day + ".parquet");
        try (DailySummaries summaries = new DailySummaries(workDir, SUMMARY_READINGS_IN_MEMORY)) {
            for (String key : store.list(ArchiveKeys.readingsOfDay(prefix, day))) {
                if (!key.endsWith(".parquet")) {
                    continue;
                }
                store.get(key, download);
                try {
                    ParquetDatasets.readForSummaries(download, summaries::add);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("daily summary of " + day + ": " + store.location() + "/" + key
                            + " is not a readable readings object: " + e.getMessage(), e);
                }
            }
            try (ParquetWriter<GenericRecord> writer = ParquetDatasets.writer(file, ParquetDatasets.SUMMARY)) {
                summaries.finish(summary -> writer.write(ParquetDatasets.record(summary)));
            }
        }
        return file;
    }

    /** Deletes exactly the archived readings and closes the run, in one transaction. */
    public Report deleteArchived(@ExchangeProperty(STATE) Run run) throws SQLException, IOException {
        try {
            Instant now = Instant.now();
            var figures = run.figures(now);
            repository.deleteArchived(run.batch, figures, now);
            lifecycle.succeeded(run.run);
            failedAttempts.set(0);
            metrics.counter("greenhouse.archive.readings").increment(figures.rows());
            metrics.counter("greenhouse.archive.bytes").increment(figures.bytes());
            return new Report(run.batch.runId(), run.batch.batchRunId(), run.batch.from(), run.batch.to(), run.rows,
                    run.objects.size(), run.bytes, List.copyOf(run.days), figures.duration());
        } finally {
            end(run);
        }
    }

    /**
     * The run failed: nothing was deleted. Records it where the database still allows, once: a store failing
     * in the split reaches the route's error handler on the split's exchange, each failing store on its own,
     * while other uploads may still be in flight. So no further upload starts, and the run ends (and a new run
     * may begin and complete the batch) only once no upload of it is in flight and its failure is recorded;
     * the caller sees the failure after that.
     */
    public void fail(@ExchangeProperty(STATE) Run run, Exchange exchange) throws InterruptedException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = RunLifecycle.describe(cause);
        if (run == null) {
            LOG.errorf("plant-archive run could not start: %s", error);
            return;
        }
        // the first failing exchange records the failure; the others wait here until it has, and return
        synchronized (run) {
            run.failedAndUploadsEnded();
            if (run.run.hasEnded()) {
                return; // this run's end is recorded already
            }
            failedAttempts.set(run.batch.attempt());
            try {
                repository.fail(run.batch, run.figures(Instant.now()), error, Instant.now());
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("plant-archive run %d: failure not recorded yet (%s)", run.batch.runId(), e.getMessage());
            } finally {
                // only now may another run begin: the failure is in archive_run, no upload is in flight
                lifecycle.failed(run.run, cause);
                end(run);
            }
        }
        LOG.errorf("plant-archive run %d failed, nothing deleted: attempt %d at batch %d failed; the next run "
                + "completes the batch: %s", run.batch.runId(), run.batch.attempt(), run.batch.batchRunId(), error);
    }

    private void end(Run run) {
        try (Stream<Path> files = Files.walk(run.workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("plant-archive run %d: work files left in %s", run.batch.runId(), run.workDir);
        }
    }
}
