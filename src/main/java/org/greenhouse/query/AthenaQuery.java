package org.greenhouse.query;

import java.time.Instant;

/**
 * The query routes/query.yaml runs on Athena, in header {@code greenhouseQuery} from start to last row: what to run,
 * until when, where its rows go, and what the route has learned so far (execution id, state, polls).
 */
public final class AthenaQuery {

    public static final String HEADER = "greenhouseQuery";

    private final String sql;
    private final Instant deadline;
    private final RowSink sink;
    private final QueryProgress progress;
    private String executionId;
    private String state = "STARTING";
    private int polls;
    private boolean headerRowSkipped;
    private boolean sinkFull;

    public AthenaQuery(String sql, Instant deadline, RowSink sink, QueryProgress progress) {
        this.sql = sql;
        this.deadline = deadline;
        this.sink = sink;
        this.progress = progress;
    }

    public String getSql() {
        return sql;
    }

    /** JSON answers read typed pages of GetQueryResults; CSV answers the result file. */
    public boolean isPaged() {
        return sink.needsTypes();
    }

    public Instant deadline() {
        return deadline;
    }

    RowSink sink() {
        return sink;
    }

    QueryProgress progress() {
        return progress;
    }

    public String executionId() {
        return executionId;
    }

    void executionId(String id) {
        this.executionId = id;
    }

    public String state() {
        return state;
    }

    void state(String state) {
        this.state = state;
    }

    int polls() {
        return polls;
    }

    void polled() {
        polls++;
    }

    boolean headerRowSkipped() {
        return headerRowSkipped;
    }

    void headerRowSkipped(boolean skipped) {
        this.headerRowSkipped = skipped;
    }

    boolean sinkFull() {
        return sinkFull;
    }

    void sinkFull(boolean full) {
        this.sinkFull = full;
    }
}
