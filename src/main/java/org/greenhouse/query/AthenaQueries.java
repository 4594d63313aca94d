package org.greenhouse.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.Header;
import org.apache.camel.Message;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * The steps of routes/query.yaml around the aws2-athena calls: the backoff between polls, reading each poll's
 * state (and stopping the query at the time limit), the reason of a failed or cancelled query, and handing the
 * rows of result pages or of the result file to the query's sink. Stopping is the one Athena call made here:
 * Camel 4.12's aws2-athena has no StopQueryExecution operation.
 */
public class AthenaQueries {

    public static final String NEXT_TOKEN = "CamelAwsAthenaNextToken";
    public static final String OUTPUT_LOCATION = "CamelAwsAthenaOutputLocation";
    public static final String RESULT_BUCKET = "athenaResultBucket";
    private static final Set<String> DONE = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    /** Athena's ErrorCategory 2: the query's own fault (syntax, a missing table or column). */
    private static final int USER_ERROR = 2;

    private final Supplier<AthenaClient> athena;
    private final QueryConfig.Athena config;

    /** The client is taken when a query is stopped: an app on DuckDB never builds one. */
    public AthenaQueries(Supplier<AthenaClient> athena, QueryConfig.Athena config) {
        this.athena = athena;
        this.config = config;
    }

    /** The headers StartQueryExecution reads: the SQL, and the database and result location where they are set. */
    public void start(@Header(AthenaQuery.HEADER) AthenaQuery query, Message message) {
        message.setHeader("CamelAwsAthenaQueryString", query.getSql());
        config.database().ifPresent(database -> message.setHeader("CamelAwsAthenaDatabase", database));
        config.outputLocation().ifPresent(location -> message.setHeader(OUTPUT_LOCATION, location));
        message.removeHeader(NEXT_TOKEN);
    }

    public void started(@Header(AthenaQuery.HEADER) AthenaQuery query,
            @Header("CamelAwsAthenaQueryExecutionId") String executionId) {
        query.executionId(executionId);
        query.state("QUEUED");
        query.progress().report("QUEUED", 0);
    }

    public boolean running(@Header(AthenaQuery.HEADER) AthenaQuery query) {
        return !DONE.contains(query.state());
    }

    /** The wait before the next poll: doubling from poll-initial-delay up to poll-max-delay, never past the deadline. */
    public long nextDelay(@Header(AthenaQuery.HEADER) AthenaQuery query) {
        return backoff(query.polls(), config.pollInitialDelay(), config.pollMaxDelay(),
                Duration.between(Instant.now(), query.deadline()));
    }

    static long backoff(int polls, Duration initial, Duration max, Duration left) {
        long delay = initial.toMillis() << Math.min(polls, 20);
        delay = Math.min(delay, max.toMillis());
        return Math.max(0, Math.min(delay, left.toMillis()));
    }

    /** Reads a poll's answer; a query still running at the deadline is stopped. */
    public void polled(@Header(AthenaQuery.HEADER) AthenaQuery query, GetQueryExecutionResponse response) {
        query.polled();
        var execution = response.queryExecution();
        query.state(execution.status().stateAsString());
        Long scanned = execution.statistics() == null ? null : execution.statistics().dataScannedInBytes();
        query.progress().report(query.state(), scanned == null ? 0 : scanned);
        if (running(query) && !Instant.now().isBefore(query.deadline())) {
            athena.get().stopQueryExecution(stop -> stop.queryExecutionId(query.executionId()));
            throw new QueryTimeLimitException("Athena query " + query.executionId() + " was " + query.state()
                    + " and has been stopped");
        }
    }

    /** A query that failed or was cancelled ends here, with Athena's reason. */
    public void succeeded(@Header(AthenaQuery.HEADER) AthenaQuery query, GetQueryExecutionResponse response) {
        QueryExecutionStatus status = response.queryExecution().status();
        String reason = status.stateChangeReason() == null ? "no reason given" : status.stateChangeReason();
        switch (query.state()) {
            case "SUCCEEDED" -> {
            }
            case "FAILED" -> {
                AthenaError error = status.athenaError();
                boolean userError = error != null && error.errorCategory() != null
                        && error.errorCategory() == USER_ERROR;
                throw new QueryFailedException("Athena failed query " + query.executionId() + ": " + reason,
                        userError, null);
            }
            case "CANCELLED" -> throw new QueryFailedException("Athena query " + query.executionId()
                    + " was cancelled: " + reason, false, null);
            default -> throw new QueryFailedException("Athena query " + query.executionId() + " ended in state "
                    + query.state(), false, null);
        }
    }

    /** Whether to fetch another page of results: the first, or the next while the sink takes more. */
    public boolean morePages(@Header(AthenaQuery.HEADER) AthenaQuery query, @Header(NEXT_TOKEN) String nextToken) {
        return !query.sinkFull() && (!query.headerRowSkipped() || nextToken != null);
    }

    /** A GetQueryResults page: its columns (first page, whose first row is the column labels) and rows. */
    public void page(@Header(AthenaQuery.HEADER) AthenaQuery query, GetQueryResultsResponse page) throws IOException {
        List<Row> rows = page.resultSet().rows();
        int first = 0;
        if (!query.headerRowSkipped()) {
            List<ResultColumn> columns = new ArrayList<>();
            for (ColumnInfo column : page.resultSet().resultSetMetadata().columnInfo()) {
                columns.add(new ResultColumn(column.label() != null ? column.label() : column.name(), column.type()));
            }
            query.sink().columns(columns);
            query.headerRowSkipped(true);
            first = 1;
        }
        for (int i = first; i < rows.size(); i++) {
            List<String> values = new ArrayList<>();
            for (Datum datum : rows.get(i).data()) {
                values.add(datum.varCharValue());
            }
            if (!query.sink().row(values)) {
                query.sinkFull(true);
                return;
            }
        }
        checkDeadline(query);
    }

    /** The result file's bucket and key, from the query's output location (s3://bucket/path/id.csv). */
    public void resultFile(@Header(OUTPUT_LOCATION) String location, Message message) {
        URI uri = URI.create(location);
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new QueryFailedException("Athena's result location is not s3://bucket/key: " + location, false,
                    null);
        }
        message.setHeader(RESULT_BUCKET, uri.getHost());
        message.setHeader("CamelAwsS3Key", uri.getPath().substring(1));
    }

    /** Streams the result file (CSV, a header row, then rows) into the sink, until it ends or the sink is full. */
    public void csv(@Header(AthenaQuery.HEADER) AthenaQuery query, InputStream file) throws IOException {
        try (Reader reader = new InputStreamReader(file, StandardCharsets.UTF_8)) {
            CsvReader csv = new CsvReader(reader);
            List<String> header = csv.next();
            List<ResultColumn> columns = new ArrayList<>();
            for (String name : header == null ? List.<String>of() : header) {
                columns.add(new ResultColumn(name, "varchar"));
            }
            query.sink().columns(columns);
            long rows = 0;
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (!query.sink().row(row)) {
                    query.sinkFull(true);
                    return;
                }
                if (++rows % 1000 == 0) {
                    checkDeadline(query);
                }
            }
        }
    }

    private static void checkDeadline(AthenaQuery query) {
        if (!Instant.now().isBefore(query.deadline())) {
            throw new QueryTimeLimitException("Athena query " + query.executionId()
                    + " succeeded, and its results were still being read");
        }
    }
}
