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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
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

    /** A run in progress; lives in an exchange property. */
    static final class Run {
        final PipelineRun run;
        final ArchiveBatch batch;
        final Instant startedAt;
        final Path workDir;
        final List<PartitionedParquetWriter.Written> objects = new ArrayList<>();
        final List<LocalDate> days = new ArrayList<>();
        final AtomicInteger stored = new AtomicInteger();
        long rows;
        long bytes;

        Run(PipelineRun run, ArchiveBatch batch, Path workDir) {
            this.run = run;
            this.batch = batch;
            this.startedAt = run.startedAt();
            this.workDir = workDir;
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
            Path workDir = Files.createTempDirectory(config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"))),
                    "plant-archive-" + batch.runId() + "-");
            exchange.setProperty(STATE, new Run(run, batch, workDir));
            if (batch.isResumed()) {
                LOG.warnf("plant-archive run %d completes batch %d, left unfinished by an earlier run", batch.runId(),
                        batch.batchRunId());
            }
            return batch;
        } catch (Throwable e) {
            lifecycle.failed(run, e);
            throw e;
        }
    }

    /** Streams the batch from the database into local Parquet files, one per hour partition (and part). */
    public void writeParquet(@ExchangeProperty(STATE) Run run) throws Exception {
        try (var writer = new PartitionedParquetWriter(run.workDir, config.prefix(), run.batch.batchRunId(),
                config.maxRowsPerFile())) {
            run.rows = repository.read(run.batch, writer::write);
            writer.close();
            run.objects.addAll(writer.written());
            run.days.addAll(writer.days());
        }
        run.bytes = run.objects.stream().mapToLong(PartitionedParquetWriter.Written::bytes).sum();
        LOG.infof("plant-archive run %d: %d readings written into %d Parquet files after %d ms", run.batch.runId(),
                run.rows, run.objects.size(), Duration.between(run.startedAt, Instant.now()).toMillis());
    }

    /** The batch's files, for the route to store them (in parallel). */
    public List<PartitionedParquetWriter.Written> objects(@ExchangeProperty(STATE) Run run) {
        return run.objects;
    }

    /** Stores one file and confirms it (see {@link ArchiveStore#putConfirmed}). */
    public void storeAndConfirm(@ExchangeProperty(STATE) Run run, PartitionedParquetWriter.Written object)
            throws IOException {
        store.putConfirmed(object.key(), object.file());
        LOG.infof("plant-archive run %d: stored and confirmed %d/%d %s/%s (%d readings)", run.batch.runId(),
                run.stored.incrementAndGet(), run.objects.size(), store.location(), object.key(), object.rows());
    }

    /** Recomputes the summary of each day the batch touched, from every archived reading of that day. */
    public void summarize(@ExchangeProperty(STATE) Run run) throws IOException {
        for (LocalDate day : run.days) {
            List<ArchivedReading> readings = new ArrayList<>();
            Path download = run.workDir.resolve("download.parquet");
            for (String key : store.list(ArchiveKeys.readingsOfDay(config.prefix(), day))) {
                if (!key.endsWith(".parquet")) {
                    continue;
                }
                store.get(key, download);
                readings.addAll(ParquetDatasets.readReadings(download));
            }
            Path file = run.workDir.resolve("summary-" + day + ".parquet");
            try (ParquetWriter<GenericRecord> writer = ParquetDatasets.writer(file, ParquetDatasets.SUMMARY)) {
                for (DailySummary summary : DailySummary.of(readings)) {
                    writer.write(ParquetDatasets.record(summary));
                }
            }
            store.putConfirmed(ArchiveKeys.summaryObject(config.prefix(), day), file);
        }
        LOG.infof("plant-archive run %d: %d daily summaries stored after %d ms", run.batch.runId(), run.days.size(),
                Duration.between(run.startedAt, Instant.now()).toMillis());
    }

    /** Deletes exactly the archived readings and closes the run, in one transaction. */
    public Report deleteArchived(@ExchangeProperty(STATE) Run run) throws SQLException, IOException {
        try {
            Instant now = Instant.now();
            var figures = run.figures(now);
            repository.deleteArchived(run.batch, figures, now);
            lifecycle.succeeded(run.run);
            metrics.counter("greenhouse.archive.readings").increment(figures.rows());
            metrics.counter("greenhouse.archive.bytes").increment(figures.bytes());
            return new Report(run.batch.runId(), run.batch.batchRunId(), run.batch.from(), run.batch.to(), run.rows,
                    run.objects.size(), run.bytes, List.copyOf(run.days), figures.duration());
        } finally {
            end(run);
        }
    }

    /** The run failed: nothing was deleted. Records it where the database still allows. */
    public void fail(@ExchangeProperty(STATE) Run run, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = RunLifecycle.describe(cause);
        if (run == null) {
            LOG.errorf("plant-archive run could not start: %s", error);
            return;
        }
        if (lifecycle.failed(run.run, cause) == null) {
            return; // this run's failure is recorded already
        }
        var figures = run.figures(Instant.now());
        try {
            repository.fail(run.batch, figures, error, Instant.now());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("plant-archive run %d: failure not recorded yet (%s)", run.batch.runId(), e.getMessage());
        } finally {
            end(run);
        }
        LOG.errorf("plant-archive run %d failed, nothing deleted; the next run completes batch %d: %s",
                run.batch.runId(), run.batch.batchRunId(), error);
    }

    private void end(Run run) {
        try (Stream<Path> files = Files.walk(run.workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("plant-archive run %d: work files left in %s", run.batch.runId(), run.workDir);
        }
    }
}
