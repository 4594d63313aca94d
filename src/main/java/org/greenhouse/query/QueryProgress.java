package org.greenhouse.query;

/** What a running query reports while it runs: the engine's state (QUEUED, RUNNING, ...) and bytes scanned so far. */
@FunctionalInterface
public interface QueryProgress {

    QueryProgress NONE = (state, bytesScanned) -> {
    };

    void report(String state, long bytesScanned);
}
