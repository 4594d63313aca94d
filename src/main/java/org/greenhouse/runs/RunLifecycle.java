package org.greenhouse.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;

/**
 * How every pipeline's run begins and ends, whatever starts it (timer, cron, direct:, HTTP, Lambda): one run
 * of a pipeline at a time in this process, exactly one end per run (a failure that reaches a route's error
 * handler twice is recorded once), the metrics {@code greenhouse.runs{pipeline,result}} and
 * {@code greenhouse.run.duration{pipeline,result}}, and a {@link RunEnded} event that alerts observe.
 * Each pipeline keeps its own run table; this class keeps what they have in common.
 */
@ApplicationScoped
public class RunLifecycle {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final ConcurrentMap<String, PipelineRun> active = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Event<RunEnded> ended;
    private final Clock clock;

    @Inject
    public RunLifecycle(MeterRegistry metrics, Event<RunEnded> ended) {
        this(metrics, ended, Clock.systemUTC());
    }

    RunLifecycle(MeterRegistry metrics, Event<RunEnded> ended, Clock clock) {
        this.metrics = metrics;
        this.ended = ended;
        this.clock = clock;
    }

    /**
     * Begins a run of the pipeline.
     *
     * @throws RunInProgressException when one of the same pipeline is running in this process
     */
    public PipelineRun begin(String pipeline) {
        PipelineRun run = new PipelineRun(pipeline, clock.instant());
        if (active.putIfAbsent(pipeline, run) != null) {
            throw new RunInProgressException(pipeline);
        }
        return run;
    }

    /** Whether a run of the pipeline is in progress in this process. */
    public boolean isRunning(String pipeline) {
        return active.containsKey(pipeline);
    }

    /** Ends the run as succeeded; returns how long it took. */
    public Duration succeeded(PipelineRun run) {
        return end(run, SUCCEEDED, null);
    }

    /**
     * Ends the run as failed, once: a second call for the same run changes nothing and returns null, so the
     * caller records the failure only when this returns its duration.
     */
    public Duration failed(PipelineRun run, Throwable cause) {
        return end(run, FAILED, describe(cause));
    }

    /** A run that could not even begin (its state is unknown): counted and announced, nothing else. */
    public void couldNotBegin(String pipeline, Throwable cause) {
        metrics.counter("greenhouse.runs", "pipeline", pipeline, "result", FAILED).increment();
        ended.fire(new RunEnded(pipeline, FAILED, describe(cause), Duration.ZERO, clock.instant(), Map.of()));
    }

    private Duration end(PipelineRun run, String result, String error) {
        if (!run.end()) {
            return null;
        }
        active.remove(run.pipeline(), run);
        Instant endedAt = clock.instant();
        Duration duration = Duration.between(run.startedAt(), endedAt);
        metrics.counter("greenhouse.runs", "pipeline", run.pipeline(), "result", result).increment();
        metrics.timer("greenhouse.run.duration", "pipeline", run.pipeline(), "result", result).record(duration);
        ended.fire(new RunEnded(run.pipeline(), result, error, duration, endedAt, run.details()));
        return duration;
    }

    /**
     * What failed, for run tables, logs and alerts: the failure itself, not Camel's wrapper around it (Camel
     * wraps an {@link Error} a step throws, OutOfMemoryError say, in a CamelExecutionException).
     */
    public static String describe(Throwable cause) {
        while ((cause instanceof CamelExchangeException || cause instanceof CamelExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The clock runs are timed by. */
    public Instant now() {
        return clock.instant();
    }
}
