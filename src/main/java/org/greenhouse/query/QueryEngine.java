package org.greenhouse.query;

import java.io.IOException;
import java.time.Instant;

/** Runs a checked, read-only query: DuckDB over the archive's Parquet, or Athena (routes/query.yaml). */
public interface QueryEngine {

    /** duckdb or athena, as answers name it. */
    String name();

    /**
     * Hands the columns and then each row to the sink until the result ends or the sink takes no more.
     *
     * @throws QueryTimeLimitException when the query was still running at the deadline (it is stopped)
     * @throws QueryFailedException    when the engine refused or failed the query, saying why
     */
    void run(SqlQuery query, Instant deadline, RowSink sink, QueryProgress progress) throws IOException;
}
