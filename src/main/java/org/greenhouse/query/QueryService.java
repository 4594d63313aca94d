package org.greenhouse.query;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one query service of the HTTP endpoint, the command and the dashboard: a request becomes a checked read-only
 * statement (SQL through {@link ReadOnlySql}, or a named query), runs on the configured engine, and its rows go to
 * the caller's sink up to the row limit and within the time limit; the outcome says which limit, if any, was hit.
 */
public final class QueryService {

    private final QueryEngine engine;
    private final QueryLimits limits;

    public QueryService(QueryEngine engine, QueryLimits limits) {
        this.engine = engine;
        this.limits = limits;
    }

    public QueryLimits limits() {
        return limits;
    }

    public String engine() {
        return engine.name();
    }

    public QueryOutcome run(QueryRequest request, RowSink out, QueryProgress progress) throws IOException {
        return run(request, out, progress, limits);
    }

    /**
     * @throws QueryRefused         before the engine sees anything, for a request that is not one read-only query
     * @throws QueryFailedException when the engine failed the query
     */
    public QueryOutcome run(QueryRequest request, RowSink out, QueryProgress progress, QueryLimits limits)
            throws IOException {
        SqlQuery query = prepare(request);
        Instant started = Instant.now();
        Counting counting = new Counting(out, limits.maxRows());
        Optional<QueryOutcome.Limit> hit = Optional.empty();
        try {
            engine.run(query, started.plus(limits.timeLimit()), counting, progress);
            if (counting.cut) {
                hit = Optional.of(new QueryOutcome.Limit(QueryOutcome.Kind.ROWS, "rows=" + limits.maxRows(),
                        "the row limit of " + limits.maxRows() + " was hit: the answer has the first "
                                + limits.maxRows() + " rows, and there are more"));
            }
        } catch (QueryTimeLimitException e) {
            hit = Optional.of(new QueryOutcome.Limit(QueryOutcome.Kind.TIME, "time=" + limits.timeLimit().toSeconds()
                    + "s", "the time limit of " + limits.timeLimit().toSeconds() + " s was hit: the query was stopped"
                            + " after " + counting.rows + " rows (" + e.getMessage() + ")"));
        }
        if (counting.columns == null) {
            counting.columns(List.of());
        }
        return new QueryOutcome(engine.name(), counting.columns, counting.rows, hit,
                Duration.between(started, Instant.now()));
    }

    /** The statement a request asks for, checked; nothing is run. */
    public static SqlQuery prepare(QueryRequest request) {
        boolean sql = request.sql() != null;
        boolean named = request.name() != null;
        if (sql == named) {
            throw new QueryRefused("send either sql or query (the name of a query, with parameters), not "
                    + (sql ? "both" : "neither"));
        }
        if (named) {
            SqlQuery query = NamedQueries.build(request.name(), request.parameters());
            ReadOnlySql.check(query.sql());
            return query;
        }
        if (!request.parameters().isEmpty()) {
            throw new QueryRefused("parameters go with a named query; SQL carries its values itself");
        }
        ReadOnlySql.Statement statement = ReadOnlySql.check(request.sql());
        Set<LakeTable> tables = new java.util.HashSet<>();
        for (String word : statement.words()) {
            LakeTables.named(word).ifPresent(tables::add);
        }
        return new SqlQuery(statement.sql(), List.of(), tables);
    }

    /** Passes rows on up to the limit; the row after it is not passed, and says the limit cut the answer. */
    private static final class Counting implements RowSink {
        private final RowSink out;
        private final long maxRows;
        private List<ResultColumn> columns;
        private long rows;
        private boolean cut;

        Counting(RowSink out, long maxRows) {
            this.out = out;
            this.maxRows = maxRows;
        }

        @Override
        public void columns(List<ResultColumn> columns) throws IOException {
            this.columns = new ArrayList<>(columns);
            out.columns(columns);
        }

        @Override
        public boolean needsTypes() {
            return out.needsTypes();
        }

        @Override
        public boolean row(List<String> values) throws IOException {
            if (rows == maxRows) {
                cut = true;
                return false;
            }
            rows++;
            return out.row(values);
        }
    }
}
