package org.greenhouse.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.runs.PipelineRun;
import org.jboss.logging.Logger;

/**
 * The steps of process (routes/warehouse-process.yaml): every ingestion manifest newer than the newest
 * processed one, in run order, becomes star schema rows in the processed zone, then its processed manifest.
 * One manifest at a time across processes (store lock {@code warehouse-process}); a manifest whose processed
 * manifest exists is done. A run that fails leaves no processed manifest: the next run does it again, under
 * new object names (nothing stored is rewritten).
 */
@ApplicationScoped
@Named("warehouseProcess")
@RegisterForReflection
public class WarehouseProcess extends WarehouseSteps {

    public static final String PIPELINE = "warehouse-process";
    static final String STATE = "warehouseProcess";
    private static final Logger LOG = Logger.getLogger(WarehouseProcess.class);

    static final class Run extends WarehouseSteps.Run {
        final List<String> processed = new ArrayList<>();
        long rows;
        int rejects;

        Run(PipelineRun run, Path workDir) {
            super(run, workDir);
        }
    }

    @RegisterForReflection
    public record Report(List<String> manifests, long rows, int rejects, Duration duration) {
        @Override
        public String toString() {
            return manifests.size() + " manifest(s) processed " + manifests + ": " + rows + " star schema rows, "
                    + rejects + " rejects, in " + duration.toMillis() + " ms";
        }
    }

    /** Begins the run; returns the ingestion manifests to process, oldest first. */
    public List<String> begin(Exchange exchange) throws Exception {
        PipelineRun pipelineRun = lifecycle.begin(PIPELINE);
        Run run = new Run(pipelineRun, workDir(pipelineRun, "warehouse-process-"));
        exchange.setProperty(STATE, run);
        return pending(parts.ingestion(), config.ingestion().prefix(), parts.processed(), config.processed().prefix());
    }

    /**
     * Ingestion manifests newer than the newest processed one. An older one left unprocessed (its run ended after
     * a later one began) is covered: the later run read from the same watermarks, so it holds those rows too.
     */
    static List<String> pending(ArchiveStore ingestion, String ingestionPrefix, ArchiveStore processed,
            String processedPrefix) throws IOException {
        long newest = newest(processed.list(Manifests.manifests(processedPrefix)), Long.MAX_VALUE);
        return ingestion.list(Manifests.manifests(ingestionPrefix)).stream().filter(Manifests::isIngestionManifest)
                .filter(key -> Manifests.run(key).getAsLong() > newest).sorted().toList();
    }

    /** The greatest run named by a manifest key below {@code below}; 0 when none. */
    static long newest(List<String> keys, long below) {
        return keys.stream().map(Manifests::run).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong)
                .filter(run -> run < below).max().orElse(0);
    }

    /** Processes one ingestion manifest, unless another process did meanwhile. */
    public void processManifest(@ExchangeProperty(STATE) Run run, String ingestionKey) throws Exception {
        long ingestRun = Manifests.run(ingestionKey).getAsLong();
        String processedKey = Manifests.processedManifest(config.processed().prefix(), ingestRun);
        database.inLockedTransaction(PIPELINE, config.lockWait(), c -> {
            if (parts.processed().size(processedKey).isPresent()) {
                LOG.infof("warehouse-process: %s is processed already", ingestionKey);
                return null;
            }
            process(run, ingestionKey, ingestRun, processedKey);
            return null;
        });
    }

    private void process(Run run, String ingestionKey, long ingestRun, String processedKey)
            throws IOException, SQLException {
        long runId = runs.begin(PIPELINE, ingestionKey, run.run);
        run.currentRunId = runId;
        run.run.detail("warehouse_run.run_id", runId);
        Path dir = Files.createDirectories(run.workDir.resolve("run-" + runId));
        ArchiveStore ingestion = parts.ingestion();
        ArchiveStore processed = parts.processed();
        String prefix = config.processed().prefix();

        Path manifestFile = dir.resolve("ingestion.json");
        ingestion.get(ingestionKey, manifestFile);
        Manifests.Ingestion manifest = Manifests.read(manifestFile, Manifests.Ingestion.class);

        DimensionJoins joins = new DimensionJoins();
        restoreJoins(joins, processed, prefix, ingestRun, dir);

        List<Reject> rejects = new ArrayList<>();
        Set<LocalDate> dates = new TreeSet<>();
        Map<String, Datasets.Writer> writers = new LinkedHashMap<>();
        try {
            for (Manifests.IngestedTable ingested : manifest.tables()) {
                if (ingested.rows() == 0) {
                    continue;
                }
                Table source = Totesys.table(ingested.table());
                Path file = dir.resolve("in-" + source.name() + ".parquet");
                ingestion.get(ingested.key(), file);
                Datasets.read(file, source, row -> transform(row, joins, rejects::add, dates, writers, dir));
                Files.delete(file);
            }
            try {
                joins.dimStaff(row -> write(writers, dir, row), rejects::add);
                joins.dimCounterparty(row -> write(writers, dir, row), rejects::add);
                for (LocalDate date : dates) {
                    write(writers, dir, StarSchema.dimDate(date));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Instant now = lifecycle.now();
            List<Manifests.StoredTable> tables = new ArrayList<>();
            for (Datasets.Writer writer : writers.values()) {
                long bytes = writer.finish();
                String table = writer.file().getFileName().toString().replace(".parquet", "");
                String key = Manifests.processedObject(prefix, table, runId, now);
                processed.putConfirmed(key, writer.file());
                tables.add(new Manifests.StoredTable(table, key, writer.rows(), bytes));
            }
            List<Manifests.StoredTable> kept = new ArrayList<>();
            for (Table table : DimensionJoins.KEPT) {
                Path file = dir.resolve("joins-" + table.name() + ".parquet");
                try (Datasets.Writer writer = new Datasets.Writer(table, file)) {
                    for (Row row : joins.latest(table)) {
                        writer.write(row);
                    }
                    long bytes = writer.finish();
                    String key = Manifests.joinsObject(prefix, table.name(), runId);
                    processed.putConfirmed(key, file);
                    kept.add(new Manifests.StoredTable(table.name(), key, writer.rows(), bytes));
                }
            }
            Map<String, Integer> rejectCounts = new TreeMap<>();
            rejects.forEach(r -> rejectCounts.merge(r.table(), 1, Integer::sum));
            runs.rejects(runId, PIPELINE, ingestionKey, rejects);
            Manifests.Processed result = new Manifests.Processed(ingestRun, ingestionKey, runId, lifecycle.now(),
                    tables, kept, rejectCounts);
            Path resultFile = dir.resolve("processed.json");
            Manifests.write(result, resultFile);
            processed.putConfirmed(processedKey, resultFile);
            Map<String, Long> counts = new LinkedHashMap<>();
            tables.forEach(t -> counts.put(t.table(), t.rows()));
            runs.succeeded(runId, processedKey, manifest.rows(), counts, rejects.size());
            run.currentRunId = -1;
            run.processed.add(processedKey);
            run.rows += result.rows();
            run.rejects += rejects.size();
            count(PIPELINE, result.rows(), rejects.size());
        } finally {
            for (Datasets.Writer writer : writers.values()) {
                writer.close();
            }
            deleteQuietly(dir);
        }
    }

    /** The latest rows for the joins, as the processed manifest before this one kept them; none at first. */
    private static void restoreJoins(DimensionJoins joins, ArchiveStore processed, String prefix, long ingestRun,
            Path dir) throws IOException {
        long previous = newest(processed.list(Manifests.manifests(prefix)), ingestRun);
        if (previous == 0) {
            return;
        }
        Path file = dir.resolve("previous.json");
        processed.get(Manifests.processedManifest(prefix, previous), file);
        for (Manifests.StoredTable kept : Manifests.read(file, Manifests.Processed.class).joins()) {
            Path rows = dir.resolve("joins-in-" + kept.table() + ".parquet");
            processed.get(kept.key(), rows);
            Datasets.read(rows, Totesys.table(kept.table()), joins::restore);
            Files.delete(rows);
        }
    }

    private static void transform(Row row, DimensionJoins joins, java.util.function.Consumer<Reject> rejects,
            Set<LocalDate> dates, Map<String, Datasets.Writer> writers, Path dir) throws IOException {
        Row out = switch (row.table().name()) {
            case "sales_order" -> StarSchema.factSalesOrder(row, rejects);
            case "purchase_order" -> StarSchema.factPurchaseOrder(row, rejects);
            case "payment" -> StarSchema.factPayment(row, rejects);
            case "address" -> StarSchema.dimLocation(row);
            case "currency" -> StarSchema.dimCurrency(row);
            case "design" -> StarSchema.dimDesign(row);
            case "payment_type" -> StarSchema.dimPaymentType(row);
            case "transaction" -> StarSchema.dimTransaction(row);
            default -> null;
        };
        if (DimensionJoins.keeps(row.table())) {
            joins.changed(row);
        }
        if (out != null) {
            if (StarSchema.isFact(out.table())) {
                StarSchema.datesOf(out, dates::add);
            }
            write(writers, dir, out);
        }
    }

    private static void write(Map<String, Datasets.Writer> writers, Path dir, Row row) {
        try {
            Datasets.Writer writer = writers.get(row.table().name());
            if (writer == null) {
                writer = new Datasets.Writer(row.table(), dir.resolve(row.table().name() + ".parquet"));
                writers.put(row.table().name(), writer);
            }
            writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Report end(@ExchangeProperty(STATE) Run run) {
        Duration duration = lifecycle.succeeded(run.run);
        deleteQuietly(run.workDir);
        return new Report(List.copyOf(run.processed), run.rows, run.rejects, duration == null ? Duration.ZERO : duration);
    }

    /** Whether this run processed anything, for the route to start load. */
    public boolean processedAny(@ExchangeProperty(STATE) Run run) {
        return run != null && !run.processed.isEmpty();
    }

    public void fail(@ExchangeProperty(STATE) Run run, Exchange exchange) {
        String error = failed(PIPELINE, run, exchange, LOG);
        if (error != null) {
            LOG.errorf("warehouse-process failed after %d manifest(s); the next run processes the rest: %s",
                    run.processed.size(), error);
        }
    }
}
