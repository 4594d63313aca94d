package org.greenhouse.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.greenhouse.events.StreamPut;
import org.greenhouse.runs.PipelineRun;

/**
 * One batch-extraction run in progress (an exchange property of the batch-extract route, read by its own
 * steps only): the collections in the order the run takes them, and how far it got with each.
 */
final class BatchRun {

    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    /** One row of batch_run: a collection's items in the stream, and whether all of them went in. */
    record Outcome(String collection, int items, String status, String error) {
    }

    private final PipelineRun run;
    private final List<String> collections;
    private final Map<String, Integer> stored = new LinkedHashMap<>();
    private String putting;
    private StreamPut put;

    BatchRun(PipelineRun run, List<String> collections) {
        this.run = run;
        this.collections = List.copyOf(collections);
    }

    PipelineRun pipelineRun() {
        return run;
    }

    /** The collection's items are being put into the stream. */
    synchronized void putting(String collection, StreamPut put) {
        this.putting = collection;
        this.put = put;
    }

    /** All items of the collection are in the stream. */
    synchronized void stored(String collection, int items) {
        stored.put(collection, items);
    }

    /** The counts of the collections whose items are all in the stream, in order. */
    synchronized Map<String, Integer> counts() {
        return new LinkedHashMap<>(stored);
    }

    /** A run that succeeded: every collection with its items. */
    synchronized List<Outcome> succeeded() {
        List<Outcome> outcomes = new ArrayList<>();
        stored.forEach((collection, items) -> outcomes.add(new Outcome(collection, items, SUCCEEDED, null)));
        return outcomes;
    }

    /**
     * A run that failed: the collections before the failure with their items, then the one it failed on (the
     * first not stored whole: the run takes them in order) with how many of its items are in the stream for
     * certain. Collections after it were not reached and have no outcome.
     */
    synchronized List<Outcome> failed(String error) {
        List<Outcome> outcomes = succeeded();
        collections.stream().filter(collection -> !stored.containsKey(collection)).findFirst().ifPresent(failing ->
                outcomes.add(new Outcome(failing, failing.equals(putting) ? put.stored() : 0, FAILED, error)));
        return outcomes;
    }
}
