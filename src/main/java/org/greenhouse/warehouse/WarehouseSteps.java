package org.greenhouse.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/** What the three steps do alike when a run ends. */
final class WarehouseSteps {

    private WarehouseSteps() {
    }

    static void recordFailure(WarehouseRuns runs, long runId, String error, Logger log, String step) {
        try {
            runs.failed(runId, error);
        } catch (SQLException | RuntimeException e) {
            // the next run of the step closes the row as cut off
            log.warnf("%s run %d: failure not recorded yet (%s)", step, runId, e.getMessage());
        }
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
