package org.greenhouse.plant;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.greenhouse.runs.PipelineRun;

/** One cycle in progress: what was asked for and what came back. Lives in an exchange property. */
public final class PlantCycleState {

    private final PipelineRun run;
    /** The run's pipeline_run row, inserted while the first plants are fetched. */
    private final CompletableFuture<Long> opened;
    private final Instant deadline;
    private final PlantIdPlan plan;
    private final Set<Integer> requested = new LinkedHashSet<>();
    private final Map<Integer, PlantOutcome> outcomes = new LinkedHashMap<>();

    PlantCycleState(PipelineRun run, CompletableFuture<Long> opened, Instant deadline, PlantIdPlan plan) {
        this.run = run;
        this.opened = opened;
        this.deadline = deadline;
        this.plan = plan;
    }

    /** The cycle stops waiting for answers then. */
    Instant deadline() {
        return deadline;
    }

    List<Integer> requestFirst() {
        return request(plan.first());
    }

    /**
     * Records a window's outcomes and returns the next ids to ask for: none once past the deadline, nor once the
     * run could not be opened (nothing of the cycle can be stored then).
     */
    List<Integer> collect(Collection<PlantOutcome> received, Instant now) {
        received.forEach(outcome -> outcomes.put(outcome.plantId(), outcome));
        return now.isBefore(deadline) && !opened.isCompletedExceptionally() ? request(plan.next(outcomes)) : List.of();
    }

    private List<Integer> request(List<Integer> ids) {
        List<Integer> fresh = ids.stream().filter(requested::add).toList();
        return new ArrayList<>(fresh);
    }

    List<PlantObservation> readings() {
        return outcomes.values().stream().filter(PlantOutcome.Reading.class::isInstance)
                .map(o -> ((PlantOutcome.Reading) o).observation()).toList();
    }

    List<PlantOutcome.Rejected> rejects() {
        return outcomes.values().stream().filter(PlantOutcome.Rejected.class::isInstance)
                .map(PlantOutcome.Rejected.class::cast).toList();
    }

    Collection<PlantOutcome> outcomes() {
        return outcomes.values();
    }

    CycleCounts counts(int inserted, int duplicates) {
        int missed = (int) requested.stream().filter(id -> !outcomes.containsKey(id)).count();
        return new CycleCounts(requested.size(), inserted, duplicates, rejects().size(),
                count(PlantOutcome.NotFound.class), count(PlantOutcome.OnLoan.class), missed);
    }

    private int count(Class<? extends PlantOutcome> kind) {
        return (int) outcomes.values().stream().filter(kind::isInstance).count();
    }

    /** The run's id, once its row is inserted; how opening it failed, if it did. */
    long runId() throws SQLException {
        try {
            return opened.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException("the run could not be opened", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the run was opened", e);
        }
    }

    /** The run's id once opening it has ended, null when it could not be opened. */
    Long openedRunId() {
        try {
            return runId();
        } catch (SQLException | RuntimeException | Error e) {
            return null;
        }
    }

    PipelineRun run() {
        return run;
    }
}
