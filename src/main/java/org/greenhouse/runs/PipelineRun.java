package org.greenhouse.runs;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One run of a pipeline in this process, from {@link RunLifecycle#begin} to its one end. */
public final class PipelineRun {

    private final String pipeline;
    private final Instant startedAt;
    private final AtomicBoolean ended = new AtomicBoolean();

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

    /** True the first time only. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }
}
