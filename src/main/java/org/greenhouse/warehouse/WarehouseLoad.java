package org.greenhouse.warehouse;

import static org.greenhouse.db.Sql.utc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.runs.PipelineRun;
import org.jboss.logging.Logger;

/**
 * The steps of load (routes/warehouse-load.yaml): every processed manifest newer than the newest loaded one,
 * in order, in one warehouse transaction each: dimensions upserted, facts appended unless their source row
 * version is there, facts whose foreign key names no dimension row held back as rejects, and the manifest
 * recorded in warehouse_load. Loading a manifest twice changes nothing.
 */
@ApplicationScoped
@Named("warehouseLoad")
@RegisterForReflection
public class WarehouseLoad extends WarehouseSteps {

    public static final String PIPELINE = "warehouse-load";
    static final String STATE = "warehouseLoad";
    private static final Logger LOG = Logger.getLogger(WarehouseLoad.class);

    static final class Run extends WarehouseSteps.Run {
        final List<String> loaded = new ArrayList<>();
        long facts;
        long dimensions;
        int rejects;

        Run(PipelineRun run, Path workDir) {
            super(run, workDir);
        }
    }

    @RegisterForReflection
    public record Report(List<String> manifests, long dimensionRows, long factRows, int rejects, Duration duration) {
        @Override
        public String toString() {
            return manifests.size() + " manifest(s) loaded " + manifests + ": " + dimensionRows + " dimension rows "
                    + "upserted, " + factRows + " fact rows appended, " + rejects + " rows held back, in "
                    + duration.toMillis() + " ms";
        }
    }

    /** What one manifest's load did. */
    record Loaded(long dimensions, long facts, Map<String, Long> counts, List<Reject> rejects) {
    }

    /** Begins the run; returns the processed manifests to load, oldest first. */
    public List<String> begin(Exchange exchange) throws Exception {
        PipelineRun pipelineRun = lifecycle.begin(PIPELINE);
        Run run = new Run(pipelineRun, workDir(pipelineRun, "warehouse-load-"));
        exchange.setProperty(STATE, run);
        long newest;
        try (Connection c = parts.target().connection();
                PreparedStatement query = c.prepareStatement("SELECT MAX(ingest_run) FROM warehouse_load");
                ResultSet row = query.executeQuery()) {
            row.next();
            newest = row.getLong(1);
        }
        return parts.processed().list(Manifests.manifests(config.processed().prefix())).stream()
                .filter(Manifests::isProcessedManifest).filter(key -> Manifests.run(key).getAsLong() > newest)
                .sorted().toList();
    }

    /** Loads one processed manifest in one warehouse transaction, unless it is loaded already. */
    public void loadManifest(@ExchangeProperty(STATE) Run run, String key) throws Exception {
        database.inLockedTransaction(PIPELINE, config.lockWait(), lock -> {
            long runId = runs.begin(PIPELINE, key, run.run);
            run.currentRunId = runId;
            run.run.detail("warehouse_run.run_id", runId);
            Path dir = Files.createDirectories(run.workDir.resolve("run-" + runId));
            try {
                Path file = dir.resolve("processed.json");
                parts.processed().get(key, file);
                Manifests.Processed manifest = Manifests.read(file, Manifests.Processed.class);
                Optional<Loaded> loaded = parts.target().inTransaction(c -> load(c, runId, key, manifest, dir));
                Loaded result = loaded.orElse(new Loaded(0, 0, Map.of(), List.of()));
                runs.succeeded(runId, key, result.dimensions() + result.facts(), result.counts(),
                        result.rejects().size());
                run.currentRunId = -1;
                if (loaded.isPresent()) {
                    run.loaded.add(key);
                    run.dimensions += result.dimensions();
                    run.facts += result.facts();
                    run.rejects += result.rejects().size();
                    count(PIPELINE, result.facts(), result.rejects().size());
                } else {
                    LOG.infof("warehouse-load: %s is loaded already", key);
                }
            } finally {
                deleteQuietly(dir);
            }
            return null;
        });
    }

    private Optional<Loaded> load(Connection c, long runId, String key, Manifests.Processed manifest, Path dir)
            throws SQLException, IOException {
        try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM warehouse_load WHERE manifest = ?")) {
            seen.setString(1, key);
            try (ResultSet row = seen.executeQuery()) {
                if (row.next()) {
                    return Optional.empty();
                }
            }
        }
        var vendor = parts.target().vendor();
        ArchiveStore processed = parts.processed();
        Map<String, Manifests.StoredTable> stored = new HashMap<>();
        manifest.tables().forEach(t -> stored.put(t.table(), t));
        Map<String, Long> counts = new LinkedHashMap<>();
        long dimensions = 0;
        for (Table dimension : StarSchema.DIMENSIONS) {
            Manifests.StoredTable table = stored.get(dimension.name());
            if (table == null) {
                continue;
            }
            long rows = write(c, vendor, dimension, fetch(processed, table, dir), null, null);
            counts.put(dimension.name(), rows);
            dimensions += rows;
        }
        List<Reject> rejects = new ArrayList<>();
        Map<Table, BitSet> ids = new HashMap<>();
        long facts = 0;
        for (Table fact : StarSchema.FACTS) {
            Manifests.StoredTable table = stored.get(fact.name());
            if (table == null) {
                continue;
            }
            for (StarSchema.Reference reference : StarSchema.REFERENCES.get(fact)) {
                if (!ids.containsKey(reference.dimension())) {
                    ids.put(reference.dimension(), WarehouseTarget.ids(c, reference.dimension(), config.fetchSize()));
                }
            }
            long appended = write(c, vendor, fact, fetch(processed, table, dir), ids, rejects);
            counts.put(fact.name(), appended);
            facts += appended;
        }
        // recorded before the commit: a load that fails after this records them again, replacing these
        runs.rejects(runId, PIPELINE, key, rejects);
        try (PreparedStatement done = c.prepareStatement("INSERT INTO warehouse_load (manifest, ingest_run, loaded_at, "
                + "dimension_rows, fact_rows) VALUES (?, ?, ?, ?, ?)")) {
            done.setString(1, key);
            done.setLong(2, manifest.ingestRun());
            done.setObject(3, utc(lifecycle.now()));
            done.setLong(4, dimensions);
            done.setLong(5, facts);
            done.executeUpdate();
        }
        return Optional.of(new Loaded(dimensions, facts, counts, rejects));
    }

    private static Path fetch(ArchiveStore store, Manifests.StoredTable table, Path dir) throws IOException {
        Path file = dir.resolve(table.table() + ".parquet");
        store.get(table.key(), file);
        return file;
    }

    /**
     * Writes a file's rows through the vendor's loader; with {@code ids}, a fact row whose reference names no
     * dimension row is held back as a reject. Returns the rows written (for facts, those whose version was not
     * there).
     */
    private long write(Connection c, org.greenhouse.db.Vendor vendor, Table table, Path file, Map<Table, BitSet> ids,
            List<Reject> rejects) throws SQLException, IOException {
        List<StarSchema.Reference> references = ids == null ? List.of() : StarSchema.REFERENCES.get(table);
        long written;
        try (WarehouseTarget.Loader loader = WarehouseTarget.loader(c, vendor, table, config.loadBatchSize())) {
            Datasets.read(file, table, row -> {
                for (StarSchema.Reference reference : references) {
                    Integer id = row.integer(reference.column());
                    if (id != null && (id < 0 || !ids.get(reference.dimension()).get(id))) {
                        rejects.add(new Reject(sourceOf(table), row.id(), reference.column(), String.valueOf(id),
                                "no " + reference.dimension().name() + " row with this id: the row is not loaded"));
                        return;
                    }
                }
                try {
                    loader.add(row);
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            });
            written = loader.finish();
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        Files.delete(file);
        return written;
    }

    /** The source table a fact comes from, as rejects name it. */
    private static String sourceOf(Table fact) {
        return fact.name().substring("fact_".length());
    }

    public Report end(@ExchangeProperty(STATE) Run run) {
        Duration duration = lifecycle.succeeded(run.run);
        deleteQuietly(run.workDir);
        return new Report(List.copyOf(run.loaded), run.dimensions, run.facts, run.rejects,
                duration == null ? Duration.ZERO : duration);
    }

    public void fail(@ExchangeProperty(STATE) Run run, Exchange exchange) {
        String error = failed(PIPELINE, run, exchange, LOG);
        if (error != null) {
            LOG.errorf("warehouse-load failed after %d manifest(s), the failing one rolled back; the next run loads it: "
                    + "%s", run.loaded.size(), error);
        }
    }
}
