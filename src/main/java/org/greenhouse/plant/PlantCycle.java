package org.greenhouse.plant;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;

/**
 * The steps of one plant-ingest cycle that the route calls: open the run, gather outcomes window by window,
 * store them, and record how it ended (pipeline_run, metrics).
 */
@ApplicationScoped
@Named("plantCycle")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class PlantCycle {

    public static final String PIPELINE = "plant-ingest";
    public static final String PLANT_IDS = "plantIds";
    static final String STATE = "plantCycle";
    private static final Logger LOG = Logger.getLogger(PlantCycle.class);

    @Inject
    PlantConfig config;

    @Inject
    PipelineRunRepository runs;

    @Inject
    PlantRepository plants;

    @Inject
    MeterRegistry metrics;

    @Inject
    CamelContext camel;

    /** Opens the run while the first plants are fetched, so its statements add no round trip to the cycle. */
    private ExecutorService runOpener;

    /** One cycle at a time, whatever triggers it (timer, JMX, Lambda): runs must not overlap. */
    @Inject
    RunLifecycle lifecycle;

    @PostConstruct
    void startRunOpener() {
        // Camel owns the thread and ends it with the context
        runOpener = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "plant-run");
    }

    /** What a finished cycle reports to its caller (the route's log line, a Lambda, a test). */
    @RegisterForReflection // serialized by Jackson (Lambda, JSON answers), also in a native image
    public record Report(long runId, CycleCounts counts, Duration duration, Duration storing) {
        @Override
        public String toString() {
            return "run " + runId + ": " + counts + " in " + duration.toMillis() + " ms (storing "
                    + storing.toMillis() + " ms)";
        }
    }

    /**
     * Begins the run and returns the first plant ids to fetch: those of the {@value #PLANT_IDS} header when the
     * caller names some ("3,9-12"), else the configured ones. Its pipeline_run row is inserted meanwhile (after
     * closing runs that were cut off); nothing is stored before it is there.
     */
    public List<Integer> begin(@Header(PLANT_IDS) String plantIds, Exchange exchange) {
        PlantIdPlan plan = plantIds == null ? config.idPlan() : PlantIdPlan.fixed(PlantIdPlan.parseIds(plantIds));
        PipelineRun run = lifecycle.begin(PIPELINE);
        try {
            CompletableFuture<Long> opened = CompletableFuture.supplyAsync(() -> open(run), runOpener);
            var state = new PlantCycleState(run, opened, run.startedAt().plus(config.cycleDeadline()), plan);
            exchange.setProperty(STATE, state);
            return state.requestFirst();
        } catch (Throwable e) {
            lifecycle.failed(run, e);
            throw e;
        }
    }

    private long open(PipelineRun run) {
        try {
            long runId = runs.start(run);
            run.detail("pipeline_run.run_id", runId);
            return runId;
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /** Takes a window's outcomes (those that came back before the deadline) and returns the next ids. */
    public List<Integer> collect(@ExchangeProperty(STATE) PlantCycleState state, Exchange exchange) {
        List<?> received = exchange.getIn().getBody(List.class);
        List<PlantOutcome> outcomes = received == null ? List.of()
                : received.stream().filter(PlantOutcome.class::isInstance).map(PlantOutcome.class::cast).toList();
        return state.collect(outcomes, Instant.now());
    }

    /** Stores the cycle and closes its run, in one transaction. */
    public Report store(@ExchangeProperty(STATE) PlantCycleState state) throws SQLException {
        long runId = state.runId();
        Instant storing = Instant.now();
        PlantRepository.Stored stored = plants.store(runId, state.readings(), state.rejects(), storing,
                (connection, done) -> runs.succeed(connection, runId,
                        state.counts(done.inserted(), done.duplicates()), Instant.now()));
        Instant finished = Instant.now();
        CycleCounts counts = state.counts(stored.inserted(), stored.duplicates());
        Duration duration = lifecycle.succeeded(state.run());
        record(counts, true);
        state.rejects().forEach(reject -> metrics.counter("greenhouse.plant.rejects", "reason",
                reject.reason().metricName()).increment());
        return new Report(runId, counts, duration, Duration.between(storing, finished));
    }

    /** The cycle failed: nothing of it was stored. Records the failure where the database still allows. */
    public void fail(@ExchangeProperty(STATE) PlantCycleState state, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = RunLifecycle.describe(cause);
        Instant finished = Instant.now();
        if (state == null) {
            LOG.errorf("plant-ingest cycle could not start: %s", error);
            return;
        }
        if (lifecycle.failed(state.run(), cause) == null) {
            return; // this run's failure is recorded already
        }
        Long runId = state.openedRunId();
        if (runId == null) {
            LOG.errorf("plant-ingest cycle could not start: %s", error);
            return;
        }
        CycleCounts counts = state.counts(0, 0);
        record(counts, false);
        try {
            runs.fail(runId, counts, error, finished);
        } catch (SQLException | RuntimeException e) {
            // the next cycle closes this run as FAILED when the database is back
            LOG.warnf("plant-ingest run %d: failure not recorded yet (%s)", runId, e.getMessage());
        }
        LOG.errorf("plant-ingest run %d failed, nothing stored: %s (%s)", runId, error, counts);
    }

    private void record(CycleCounts counts, boolean stored) {
        if (stored) {
            count("inserted", counts.inserted());
            count("duplicate", counts.duplicates());
        }
        count("not_found", counts.notFound());
        count("on_loan", counts.onLoan());
        count("missed_deadline", counts.missedDeadline());
        count("rejected", counts.rejected());
    }

    private void count(String outcome, int amount) {
        metrics.counter("greenhouse.plant.outcomes", "outcome", outcome).increment(amount);
    }
}
