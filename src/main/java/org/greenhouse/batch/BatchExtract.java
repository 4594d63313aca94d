package org.greenhouse.batch;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.greenhouse.db.Database;
import org.greenhouse.db.Sql;
import org.greenhouse.events.StreamPut;
import org.greenhouse.events.StreamRecord;
import org.greenhouse.runs.PipelineRun;
import org.greenhouse.runs.RunLifecycle;
import org.jboss.logging.Logger;

/**
 * The steps of one batch extraction (seed 002) that the route calls: each item of each collection becomes
 * a stream event of type {@code batch.<collection>}, and each collection's outcome is recorded in batch_run,
 * for a failed run too.
 */
@ApplicationScoped
@Named("batchExtract")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class BatchExtract {

    public static final String PIPELINE = "batch-extract";
    public static final String COLLECTION = "batchCollection";
    static final String RUN = "batchRun";
    /** The size of batch_run.error. */
    private static final int MAX_ERROR = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(BatchExtract.class);

    @Inject
    BatchConfig config;

    @Inject
    Database database;

    /** One run at a time, whatever triggers it (cron, Lambda, direct:), with the metrics every pipeline has. */
    @Inject
    RunLifecycle lifecycle;

    /** Starts a run; the body becomes the collections to fetch, in order. */
    public List<String> begin(Exchange exchange) {
        PipelineRun run = lifecycle.begin(PIPELINE);
        exchange.setProperty(RUN, new BatchRun(run, config.collections()));
        return config.collections();
    }

    /**
     * One collection's answer as the records to put. The event id is derived from the collection and the
     * item's id, so a re-run's events are recognisable downstream as the same items.
     *
     * @throws IllegalArgumentException when the answer is not a JSON array of objects with an id, or an item
     *                                  is more than Kinesis takes in a record
     */
    public StreamPut toRecords(@Header(COLLECTION) String collection, @ExchangeProperty(RUN) BatchRun run,
            String body) throws Exception {
        JsonNode items = JSON.readTree(body);
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException("/" + collection + " did not answer with a JSON array");
        }
        String type = "batch." + collection;
        String extractedAt = Instant.now().toString();
        List<StreamRecord> records = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject() || !item.hasNonNull("id")) {
                throw new IllegalArgumentException("/" + collection + " has an item without an id: " + item);
            }
            String eventId = type + "." + item.get("id").asText();
            ObjectNode event = JSON.createObjectNode().put("event_id", eventId).put("type", type)
                    .put("received_at", extractedAt);
            event.set("item", item);
            StreamRecord record = new StreamRecord(eventId, eventId, event.toString().getBytes(StandardCharsets.UTF_8));
            record.overKinesisLimits().ifPresent(problem -> {
                throw new IllegalArgumentException("/" + collection + " item " + eventId + ": " + problem);
            });
            records.add(record);
        }
        StreamPut put = new StreamPut(records, null);
        run.putting(collection, put);
        return put;
    }

    /** The collection's items are all in the stream. */
    public void stored(@Header(COLLECTION) String collection, @ExchangeProperty(RUN) BatchRun run, StreamPut put) {
        run.stored(collection, put.records().size());
    }

    /** Records the run's counts, one row per collection, ends the run, and returns the counts for the log. */
    public Map<String, Integer> finish(@ExchangeProperty(RUN) BatchRun run) throws SQLException {
        record(run, run.succeeded());
        Duration duration = lifecycle.succeeded(run.pipelineRun());
        LOG.infof("batch-extract: %s into the stream in %d ms", run.counts(), duration.toMillis());
        return run.counts();
    }

    /** The run failed: records how far each collection got, and why, where the database still allows. */
    public void fail(@ExchangeProperty(RUN) BatchRun run, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = RunLifecycle.describe(cause);
        if (run == null) {
            LOG.errorf("batch-extract run could not start: %s", error);
            return;
        }
        if (lifecycle.failed(run.pipelineRun(), cause) == null) {
            return; // this run's failure is recorded already
        }
        try {
            record(run, run.failed(Sql.truncate(error, MAX_ERROR)));
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("batch-extract run of %s: failure not recorded (%s)", run.pipelineRun().startedAt(),
                    e.getMessage());
        }
        LOG.errorf("batch-extract run failed: %s (all items in the stream: %s)", error, run.counts());
    }

    private void record(BatchRun run, List<BatchRun.Outcome> outcomes) throws SQLException {
        Instant finished = Instant.now();
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_run (run_started, "
                    + "collection, items, status, error, finished_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (BatchRun.Outcome outcome : outcomes) {
                    insert.setObject(1, Sql.utc(run.pipelineRun().startedAt()));
                    insert.setString(2, outcome.collection());
                    insert.setInt(3, outcome.items());
                    insert.setString(4, outcome.status());
                    insert.setString(5, outcome.error());
                    insert.setObject(6, Sql.utc(finished));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}
