package org.greenhouse.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code query "SELECT ..." --out result.csv} (docs/query.md: from the packaged app's jars, or
 * {@code ./mvnw -q exec:java}): one query through the query service, on
 * the engine the settings name, the CSV streamed to the file (or standard output) with a progress line on
 * standard error while it runs. Without SQL it asks for plant readings ({@code --plant}, {@code --from},
 * {@code --to}). It runs without the app: no database, no HTTP server, no pipelines.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = {
        "Runs one read-only query over the lake tables (plant_reading, daily_summary) and writes the answer as CSV.",
        "Without SQL: the readings of --plant between --from (inclusive) and --to (exclusive)." })
public final class QueryCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "one SELECT or WITH statement")
    String sql;

    @Option(names = "--plant", description = "plant id (without SQL)")
    Long plant;

    @Option(names = "--from", description = "readings from this time: 2026-01-25 or 2026-01-25T10:00:00Z")
    String from;

    @Option(names = "--to", description = "readings before this time")
    String to;

    @Option(names = { "-o", "--out" }, description = "CSV file to write (default: standard output)")
    Path out;

    @Option(names = "--max-rows", description = "most rows to write (default: greenhouse.query.max-rows)")
    Long maxRows;

    @Option(names = "--time-limit", description = "stop the query after this long, e.g. 90s or 5m "
            + "(default: greenhouse.query.time-limit)")
    String timeLimit;

    @Option(names = "--engine", description = "duckdb or athena (default: greenhouse.query.engine)")
    String engine;

    @Option(names = "--profile", description = "settings profile: dev reads the local archive of quarkus:dev "
            + "(default: prod, or QUARKUS_PROFILE)")
    String profile;

    private final PrintStream err;

    public QueryCommand(PrintStream err) {
        this.err = err;
    }

    public static void main(String... args) {
        System.exit(run(System.err, args));
    }

    /** Runs the command line; the exit code: 0 done, 1 the query failed, 2 refused (the reason on stderr). */
    public static int run(PrintStream err, String... args) {
        CommandLine line = new CommandLine(new QueryCommand(err));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println();
            if (e instanceof QueryRefused || e instanceof IllegalArgumentException) {
                err.println("refused: " + e.getMessage());
                return 2;
            }
            err.println("failed: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        QueryRequest request = request();
        try (StandaloneQuery standalone = StandaloneQuery.open(profile, engine)) {
            QueryService service = standalone.service();
            QueryLimits limits = new QueryLimits(maxRows == null ? service.limits().maxRows() : maxRows,
                    timeLimit == null ? service.limits().timeLimit() : duration(timeLimit));
            QueryService.prepare(request);
            Progress progress = new Progress(service.engine());
            Path partial = out == null ? null : out.resolveSibling(out.getFileName() + ".partial");
            QueryOutcome outcome;
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(
                    partial == null ? System.out : Files.newOutputStream(partial), StandardCharsets.UTF_8))) {
                outcome = service.run(request, progress.counting(new CsvSink(writer)), progress, limits);
            } catch (IOException | RuntimeException e) {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
                throw e;
            }
            if (partial != null) {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            progress.done(outcome, out);
            return 0;
        }
    }

    private QueryRequest request() {
        if (sql != null) {
            if (plant != null || from != null || to != null) {
                throw new QueryRefused("give SQL, or --plant/--from/--to, not both");
            }
            return QueryRequest.sql(sql);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (plant != null) {
            parameters.put("plant", plant.toString());
        }
        if (from != null) {
            parameters.put("from", from);
        }
        if (to != null) {
            parameters.put("to", to);
        }
        return QueryRequest.named(NamedQueries.PLANT_READINGS, parameters);
    }

    static Duration duration(String text) {
        try {
            return new io.quarkus.runtime.configuration.DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw new QueryRefused("--time-limit must be a duration such as 90s or 5m, not '" + text + "'");
        }
    }

    /** The progress line on stderr: engine, state, time, bytes scanned, rows written; rewritten in place. */
    private final class Progress implements QueryProgress {
        private final String engine;
        private final Instant started = Instant.now();
        private volatile String state = "STARTING";
        private volatile long scanned;
        private volatile long rows;

        Progress(String engine) {
            this.engine = engine;
        }

        @Override
        public void report(String state, long bytesScanned) {
            this.state = state;
            this.scanned = bytesScanned;
            print();
        }

        RowSink counting(RowSink sink) {
            return new RowSink() {
                @Override
                public void columns(List<ResultColumn> columns) throws IOException {
                    state = "READING";
                    sink.columns(columns);
                }

                @Override
                public boolean needsTypes() {
                    return sink.needsTypes();
                }

                @Override
                public boolean row(List<String> values) throws IOException {
                    if (++rows % 10_000 == 0) {
                        print();
                    }
                    return sink.row(values);
                }
            };
        }

        private void print() {
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            err.print("\r" + engine + " " + state + " " + seconds + " s" + (scanned > 0 ? ", " + scanned / 1024
                    + " KiB scanned" : "") + ", " + rows + " rows   ");
            err.flush();
        }

        void done(QueryOutcome outcome, Path out) {
            print();
            err.println();
            err.println("wrote " + outcome.rows() + " rows to " + (out == null ? "standard output" : out) + " in "
                    + outcome.elapsed().toMillis() + " ms");
            outcome.limitHit().ifPresent(limit -> err.println("note: " + limit.message()
                    + (limit.kind() == QueryOutcome.Kind.ROWS ? " (--max-rows raises it)" : " (--time-limit)")));
        }
    }
}
