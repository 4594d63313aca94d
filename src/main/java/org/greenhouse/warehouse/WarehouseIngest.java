package org.greenhouse.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.runs.PipelineRun;
import org.jboss.logging.Logger;

/**
 * The steps of one ingest run (routes/warehouse-ingest.yaml): fix the watermarks, read each totesys table's
 * changed rows from one snapshot of the source into one Parquet object per table, store and confirm each,
 * then the manifest, and only then move the watermarks. A run that fails anywhere leaves the watermarks
 * where they were: the next run reads the same rows again (and downstream drops the versions it has).
 */
@ApplicationScoped
@Named("warehouseIngest")
@RegisterForReflection
public class WarehouseIngest extends WarehouseSteps {

    public static final String PIPELINE = "warehouse-ingest";
    static final String STATE = "warehouseIngest";
    private static final Logger LOG = Logger.getLogger(WarehouseIngest.class);

    static final class Run extends WarehouseSteps.Run {
        final long runId;
        final List<Manifests.IngestedTable> tables = new ArrayList<>();
        Map<String, LocalDateTime> watermarks;
        Connection source;
        String manifestKey;
        Manifests.Ingestion manifest;

        Run(PipelineRun run, long runId, Path workDir) {
            super(run, workDir);
            this.runId = runId;
            this.currentRunId = runId;
        }
    }

    /** What a finished run reports to its caller and the log. */
    @RegisterForReflection
    public record Report(long run, String manifest, long rows, Map<String, Long> tables, Duration duration) {
        @Override
        public String toString() {
            return "run " + run + ": " + rows + " rows " + tables + " in " + manifest + ", in " + duration.toMillis()
                    + " ms";
        }
    }

    /**
     * Begins the run: its row, the watermarks, and one read-only snapshot of the source that every table is read
     * from (a fact never names a dimension row the same run did not see). Returns the tables to read.
     */
    public List<String> begin(Exchange exchange) throws Exception {
        PipelineRun pipelineRun = lifecycle.begin(PIPELINE);
        long runId;
        try {
            parts.ingestion();
            runId = runs.begin(PIPELINE, null, pipelineRun);
        } catch (Throwable e) {
            lifecycle.failed(pipelineRun, e);
            throw e;
        }
        pipelineRun.detail("warehouse_run.run_id", runId);
        Run run = new Run(pipelineRun, runId, workDir(pipelineRun, "warehouse-ingest-" + runId + "-"));
        exchange.setProperty(STATE, run);
        run.watermarks = runs.watermarks();
        run.source = parts.source().connection();
        run.source.setAutoCommit(false);
        run.source.setReadOnly(true);
        run.source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return Totesys.TABLES.stream().map(Table::name).toList();
    }

    /** Reads one table's rows since its watermark less the re-read window into an object, stored and confirmed. */
    public Manifests.IngestedTable ingestTable(@ExchangeProperty(STATE) Run run, String tableName)
            throws SQLException, IOException {
        Table table = Totesys.table(tableName);
        LocalDateTime mark = run.watermarks.get(tableName);
        LocalDateTime from = mark == null ? null : mark.minus(config.rereadWindow());
        Path file = run.workDir.resolve(tableName + ".parquet");
        LocalDateTime[] max = { null };
        long rows;
        long bytes;
        int lastUpdated = table.index(Totesys.LAST_UPDATED);
        try (Datasets.Writer writer = new Datasets.Writer(table, file)) {
            rows = SourceReader.read(run.source, table, from, config.fetchSize(), row -> {
                writer.write(row);
                LocalDateTime updated = (LocalDateTime) row.get(lastUpdated);
                if (max[0] == null || updated.isAfter(max[0])) {
                    max[0] = updated;
                }
            });
            bytes = writer.finish();
        }
        String key = null;
        if (rows > 0) {
            key = Manifests.ingestionObject(config.ingestion().prefix(), tableName, run.runId, run.run.startedAt());
            parts.ingestion().putConfirmed(key, file);
        }
        Files.deleteIfExists(file);
        var ingested = new Manifests.IngestedTable(tableName, key, rows, rows > 0 ? bytes : 0, from, max[0]);
        run.tables.add(ingested);
        LOG.debugf("warehouse-ingest run %d: %s %d rows since %s", run.runId, tableName, rows, from);
        return ingested;
    }

    /** Writes the manifest last, naming every object (all confirmed), and confirms it. */
    public void writeManifest(@ExchangeProperty(STATE) Run run) throws IOException, SQLException {
        closeSource(run);
        List<Manifests.IngestedTable> tables = new ArrayList<>(run.tables);
        tables.sort(Comparator.comparingInt(t -> Totesys.TABLES.indexOf(Totesys.table(t.table()))));
        run.manifest = new Manifests.Ingestion(run.runId, run.run.startedAt(), lifecycle.now(), tables);
        run.manifestKey = Manifests.ingestionManifest(config.ingestion().prefix(), run.runId);
        Path file = run.workDir.resolve("manifest.json");
        Manifests.write(run.manifest, file);
        parts.ingestion().putConfirmed(run.manifestKey, file);
    }

    /** The manifest is confirmed: the watermarks move and the run closes, in one transaction. */
    public Report commit(@ExchangeProperty(STATE) Run run) throws SQLException {
        try {
            runs.ingestSucceeded(run.runId, run.manifest, run.manifestKey);
            Duration duration = lifecycle.succeeded(run.run);
            count(PIPELINE, run.manifest.rows(), 0);
            Map<String, Long> counts = new LinkedHashMap<>();
            run.manifest.tables().forEach(t -> counts.put(t.table(), t.rows()));
            return new Report(run.runId, run.manifestKey, run.manifest.rows(), counts,
                    duration == null ? Duration.ZERO : duration);
        } finally {
            deleteQuietly(run.workDir);
        }
    }

    /** The run failed: the watermarks stay; records it where the database still allows. */
    public void fail(@ExchangeProperty(STATE) Run run, Exchange exchange) {
        if (run != null) {
            try {
                closeSource(run);
            } catch (SQLException | RuntimeException e) {
                LOG.debugf("warehouse-ingest run %d: source connection not closed cleanly (%s)", run.runId,
                        e.getMessage());
            }
        }
        String error = failed(PIPELINE, run, exchange, LOG);
        if (error != null) {
            LOG.errorf("warehouse-ingest run %d failed, watermarks unchanged; the next run reads the same rows: %s",
                    run.runId, error);
        }
    }

    private static void closeSource(Run run) throws SQLException {
        Connection source = run.source;
        run.source = null;
        if (source != null) {
            try (source) {
                source.rollback();
            }
        }
    }
}
