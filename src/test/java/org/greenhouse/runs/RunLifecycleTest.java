package org.greenhouse.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {

    /** What CDI would deliver to observers, kept in order. */
    static final class Fired implements Event<RunEnded> {
        final List<RunEnded> events = new ArrayList<>();

        @Override
        public void fire(RunEnded event) {
            events.add(event);
        }

        @Override
        public <U extends RunEnded> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends RunEnded> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<RunEnded> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends RunEnded> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends RunEnded> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Fired fired = new Fired();
    private final RunLifecycle lifecycle = new RunLifecycle(metrics, fired,
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    private double count(String pipeline, String result) {
        var counter = metrics.find("greenhouse.runs").tag("pipeline", pipeline).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void oneRunOfAPipelineAtATime() {
        PipelineRun first = lifecycle.begin("plant-ingest");
        assertThrows(RunInProgressException.class, () -> lifecycle.begin("plant-ingest"));
        PipelineRun other = lifecycle.begin("plant-archive");
        assertTrue(lifecycle.isRunning("plant-ingest"));

        assertEquals(Duration.ZERO, lifecycle.succeeded(first));
        assertFalse(lifecycle.isRunning("plant-ingest"));
        assertNotNull(lifecycle.begin("plant-ingest"), "a new run may begin once the last has ended");
        assertTrue(lifecycle.isRunning("plant-archive"));
        lifecycle.failed(other, new IllegalStateException("x"));
    }

    @Test
    void aRunEndsOnceHoweverOftenItsFailureIsReported() {
        PipelineRun run = lifecycle.begin("plant-archive");
        assertNotNull(lifecycle.failed(run, new IllegalStateException("store down")));
        assertNull(lifecycle.failed(run, new IllegalStateException("store down")), "the second report is ignored");
        assertNull(lifecycle.succeeded(run));

        assertEquals(1, count("plant-archive", "failed"));
        assertEquals(0, count("plant-archive", "succeeded"));
        assertEquals(List.of(new RunEnded("plant-archive", "failed", "IllegalStateException: store down",
                Duration.ZERO, Instant.parse("2026-12-01T10:00:00Z"), Map.of())), fired.events);
    }

    @Test
    void aRunEndCarriesTheDetailsItsPipelineAttachedInOrder() {
        PipelineRun run = lifecycle.begin("plant-archive").detail("archive_run.run_id", 42).detail("attempt", 3);
        lifecycle.failed(run, new IllegalStateException("store down"));
        lifecycle.couldNotBegin("plant-ingest", new IllegalStateException("database down"));

        assertEquals(List.of("archive_run.run_id=42", "attempt=3"), fired.events.get(0).details().entrySet().stream()
                .map(Object::toString).toList());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), fired.events.get(0).endedAt());
        assertEquals(Map.of(), fired.events.get(1).details());
    }

    @Test
    void aRunThatCouldNotBeginCountsAsFailed() {
        lifecycle.couldNotBegin("plant-ingest", new IllegalStateException("database down"));

        assertEquals(1, count("plant-ingest", "failed"));
        assertEquals("IllegalStateException: database down", fired.events.get(0).error());
    }

    @Test
    void eachEndedRunIsTimedByTheLifecyclesClock() {
        lifecycle.succeeded(lifecycle.begin("plant-ingest"));

        var timer = metrics.find("greenhouse.run.duration").tag("pipeline", "plant-ingest").tag("result", "succeeded")
                .timer();
        assertNotNull(timer);
        assertEquals(1, timer.count());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), lifecycle.now());
    }

    @Test
    void aStaleRunEndingDoesNotFreeTheNextRun() {
        PipelineRun first = lifecycle.begin("plant-ingest");
        lifecycle.failed(first, null);
        PipelineRun second = lifecycle.begin("plant-ingest");
        lifecycle.failed(first, null);
        assertTrue(lifecycle.isRunning("plant-ingest"), "the first run's late report leaves the second running");
        lifecycle.succeeded(second);
    }

    @Test
    void failuresAreDescribedByWhatFailedNotCamelsWrapper() {
        var wrapped = new CamelExchangeException("Parallel processing failed", null,
                new java.io.IOException("upload refused"));
        assertEquals("IOException: upload refused", RunLifecycle.describe(wrapped));
        // an Error a step throws reaches the route's error handler wrapped by Camel (Exchange.setException)
        var error = CamelExecutionException.wrapCamelExecutionException(null, new OutOfMemoryError("Java heap space"));
        assertEquals("OutOfMemoryError: Java heap space", RunLifecycle.describe(error));
        assertEquals("unknown error", RunLifecycle.describe(null));
    }
}
