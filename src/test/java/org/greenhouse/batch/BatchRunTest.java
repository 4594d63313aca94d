package org.greenhouse.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.greenhouse.events.StreamPut;
import org.greenhouse.events.StreamRecord;
import org.greenhouse.runs.RunLifecycle;
import org.junit.jupiter.api.Test;

/** What a batch-extraction run records of each collection, when it succeeds and wherever it fails. */
class BatchRunTest {

    private final RunLifecycle lifecycle = new RunLifecycle(new SimpleMeterRegistry(), null);

    private BatchRun run() {
        return new BatchRun(lifecycle.begin("batch-run-test-" + System.nanoTime()), List.of("users", "posts", "comments"));
    }

    private static StreamPut put(int records) {
        return new StreamPut(IntStream.range(0, records).mapToObj(i -> new StreamRecord("e" + i, "k" + i,
                "{}".getBytes(StandardCharsets.UTF_8))).toList(), null);
    }

    @Test
    void aRunThatSucceededHasEveryCollectionWithItsItems() {
        BatchRun run = run();
        for (var collection : List.of(Map.entry("users", 2), Map.entry("posts", 3), Map.entry("comments", 0))) {
            run.putting(collection.getKey(), put(collection.getValue()));
            run.stored(collection.getKey(), collection.getValue());
        }
        assertEquals(List.of(new BatchRun.Outcome("users", 2, "SUCCEEDED", null),
                new BatchRun.Outcome("posts", 3, "SUCCEEDED", null),
                new BatchRun.Outcome("comments", 0, "SUCCEEDED", null)), run.succeeded());
        assertEquals(List.of("users", "posts", "comments"), List.copyOf(run.counts().keySet()));
    }

    @Test
    void aRunThatFailedFetchingHasTheCollectionsBeforeAndTheOneItFailedOn() {
        BatchRun run = run();
        run.putting("users", put(2));
        run.stored("users", 2);

        assertEquals(List.of(new BatchRun.Outcome("users", 2, "SUCCEEDED", null),
                new BatchRun.Outcome("posts", 0, "FAILED", "SocketTimeoutException: Read timed out")),
                run.failed("SocketTimeoutException: Read timed out"));
    }

    @Test
    void aRunThatFailedPuttingHasTheCollectionItFailedOn() {
        BatchRun run = run();
        run.putting("users", put(2));
        run.stored("users", 2);
        run.putting("posts", put(3));
        run.stored("posts", 3);
        StreamPut comments = put(1200);
        run.putting("comments", comments);

        assertEquals(List.of(new BatchRun.Outcome("users", 2, "SUCCEEDED", null),
                new BatchRun.Outcome("posts", 3, "SUCCEEDED", null),
                new BatchRun.Outcome("comments", 0, "FAILED", "PartialPutException: 700 of 1200 ...")),
                run.failed("PartialPutException: 700 of 1200 ..."));
    }

    @Test
    void aRunThatFailedOnItsFirstCollectionHasThatOneOnly() {
        assertEquals(List.of(new BatchRun.Outcome("users", 0, "FAILED", "IllegalArgumentException: no array")),
                run().failed("IllegalArgumentException: no array"));
    }
}
