package org.greenhouse.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.greenhouse.db.Database;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;

/**
 * What the three step beans (ingest, process, load) share: their parts, bookkeeping and meters, a run with its
 * work directory, and how a run that fails is closed.
 */
abstract class WarehouseSteps {

    @Inject
    WarehouseConfig config;

    @Inject
    WarehouseParts parts;

    @Inject
    WarehouseRuns runs;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    Database database;

    @Inject
    MeterRegistry metrics;

    /** A run in progress; lives in an exchange property of its route. */
    static class Run {
        final PipelineRun run;
        final Path workDir;
        /** The warehouse_run row being written, -1 between manifests. */
        long currentRunId = -1;

        Run(PipelineRun run, Path workDir) {
            this.run = run;
            this.workDir = workDir;
        }
    }

    /** A new work directory for the run (files before they are stored); a run that cannot have one failed. */
    Path workDir(PipelineRun run, String prefix) throws IOException {
        try {
            return Files.createTempDirectory(config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"))),
                    prefix);
        } catch (IOException | RuntimeException e) {
            lifecycle.failed(run, e);
            throw e;
        }
    }

    /** The rows and rejects a step wrote, as metrics. */
    void count(String pipeline, long rows, long rejects) {
        metrics.counter("greenhouse.warehouse.rows", "step", pipeline).increment(rows);
        metrics.counter("greenhouse.warehouse.rejects", "step", pipeline).increment(rejects);
    }

    /**
     * The run failed: closes it (the alert hook), records its warehouse_run row where the database still allows,
     * removes its files. Returns the error to log, or null when nothing is left to say (no run, or closed
     * already).
     */
    String failed(String pipeline, Run run, Exchange exchange, Logger log) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = RunLifecycle.describe(cause);
        if (run == null) {
            log.errorf("%s run could not start: %s", pipeline, error);
            return null;
        }
        if (lifecycle.failed(run.run, cause) == null) {
            return null;
        }
        if (run.currentRunId > 0) {
            try {
                runs.failed(run.currentRunId, error);
            } catch (SQLException | RuntimeException e) {
                // the next run of the step closes the row as cut off
                log.warnf("%s run %d: failure not recorded yet (%s)", pipeline, run.currentRunId, e.getMessage());
            }
        }
        deleteQuietly(run.workDir);
        return error;
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is all that happens
        }
    }
}
