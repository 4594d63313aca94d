package org.greenhouse.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** One run of a pipeline in this process, from {@link RunLifecycle#begin} to its one end. */
public final class PipelineRun {

    private final String pipeline;
    private final Instant startedAt;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Map<String, String> details = new LinkedHashMap<>();

    PipelineRun(String pipeline, Instant startedAt) {
        this.pipeline = pipeline;
        this.startedAt = startedAt;
    }

    public String pipeline() {
        return pipeline;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean hasEnded() {
        return ended.get();
    }

    /**
     * Attaches a detail that the run's {@link RunEnded} carries, for alerts to say where to look: where the run
     * is recorded ({@code run.detail("pipeline_run.run_id", id)}), an attempt count. A second value for the same
     * name replaces the first.
     */
    public synchronized PipelineRun detail(String name, Object value) {
        details.put(name, String.valueOf(value));
        return this;
    }

    synchronized Map<String, String> details() {
        return new LinkedHashMap<>(details);
    }

    /** True the first time only. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }
}
