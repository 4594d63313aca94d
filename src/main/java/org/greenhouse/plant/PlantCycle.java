package org.greenhouse.plant;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
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

    /** One cycle at a time, whatever triggers it (timer, JMX, Lambda): runs must not overlap. */
    private final AtomicBoolean running = new AtomicBoolean();

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
     * Opens the run and returns the first plant ids to fetch: those of the {@value #PLANT_IDS} header when the
     * caller names some ("3,9-12"), else the configured ones.
     */
    public List<Integer> begin(@Header(PLANT_IDS) String plantIds, Exchange exchange) throws SQLException {
        PlantIdPlan plan = plantIds == null ? config.idPlan() : PlantIdPlan.fixed(PlantIdPlan.parseIds(plantIds));
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a plant-ingest cycle is running already; try again when it has ended");
        }
        try {
            Instant now = Instant.now();
            long runId = runs.start(PIPELINE, now);
            var state = new PlantCycleState(runId, now, now.plus(config.cycleDeadline()), plan);
            exchange.setProperty(STATE, state);
            return state.requestFirst();
        } catch (SQLException | RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    /** Takes a window's outcomes (those that came back before the deadline) and returns the next ids. */
    public List<Integer> collect(@ExchangeProperty(STATE) PlantCycleState state, Exchange exchange) {
        List<?> received = exchange.getIn().getBody(List.class);
        List<PlantOutcome> outcomes = received == null ? List.of()
                : received.stream().filter(PlantOutcome.class::isInstance).map(PlantOutcome.class::cast).toList();
        return state.collect(outcomes, Instant.now());
    }

    /** Stores the cycle in one transaction and closes the run. */
    public Report store(@ExchangeProperty(STATE) PlantCycleState state) throws SQLException {
        Instant storing = Instant.now();
        try {
            return store(state, storing);
        } finally {
            running.set(false);
        }
    }

    private Report store(PlantCycleState state, Instant storing) throws SQLException {
        PlantRepository.Stored stored = plants.store(state.runId(), state.readings(), state.rejects(), storing);
        CycleCounts counts = state.counts(stored.inserted(), stored.duplicates());
        Instant finished = Instant.now();
        runs.succeed(state.runId(), counts, finished);
        record(counts, "succeeded", state.startedAt(), finished);
        state.rejects().forEach(reject -> metrics.counter("greenhouse.plant.rejects", "reason",
                reject.reason().metricName()).increment());
        return new Report(state.runId(), counts, Duration.between(state.startedAt(), finished),
                Duration.between(storing, finished));
    }

    /** The cycle failed: nothing of it was stored. Records the failure where the database still allows. */
    public void fail(@ExchangeProperty(STATE) PlantCycleState state, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Instant finished = Instant.now();
        if (state == null) {
            metrics.counter("greenhouse.plant.cycles", "result", "failed").increment();
            LOG.errorf("plant-ingest cycle could not start: %s", error);
            return;
        }
        running.set(false);
        CycleCounts counts = state.counts(0, 0);
        record(counts, "failed", state.startedAt(), finished);
        try {
            runs.fail(state.runId(), counts, error, finished);
        } catch (SQLException | RuntimeException e) {
            // the next cycle closes this run as FAILED when the database is back
            LOG.warnf("plant-ingest run %d: failure not recorded yet (%s)", state.runId(), e.getMessage());
        }
        LOG.errorf("plant-ingest run %d failed, nothing stored: %s (%s)", state.runId(), error, counts);
    }

    private void record(CycleCounts counts, String result, Instant started, Instant finished) {
        metrics.counter("greenhouse.plant.cycles", "result", result).increment();
        metrics.timer("greenhouse.plant.cycle.duration", "result", result).record(Duration.between(started, finished));
        if ("succeeded".equals(result)) {
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
