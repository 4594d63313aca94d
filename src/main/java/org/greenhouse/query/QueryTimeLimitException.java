package org.greenhouse.query;

/** The engine stopped the query at its time limit (Athena: StopQueryExecution; DuckDB: interrupted). */
public class QueryTimeLimitException extends RuntimeException {

    public QueryTimeLimitException(String message) {
        super(message);
    }
}
