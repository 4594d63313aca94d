package org.greenhouse.batch;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.greenhouse.events.EventIngest;
import org.greenhouse.events.StreamRecord;
import org.jboss.logging.Logger;

/**
 * The steps of one batch extraction (seed 002) that the route calls: each item of each collection becomes
 * a stream event of type {@code batch.<collection>}, and each collection's count is recorded.
 */
@ApplicationScoped
@Named("batchExtract")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class BatchExtract {

    public static final String COLLECTION = "batchCollection";
    static final String COUNTS = "batchCounts";
    static final String STARTED = "batchStarted";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(BatchExtract.class);

    @Inject
    BatchConfig config;

    @Inject
    Database database;

    /** Starts a run; the body becomes the collections to fetch. */
    public List<String> begin(Exchange exchange) {
        exchange.setProperty(STARTED, Instant.now());
        exchange.setProperty(COUNTS, new LinkedHashMap<String, Integer>());
        return config.collections();
    }

    /**
     * One collection's answer as stream records. The event id is derived from the collection and the item's
     * id, so a re-run's events are recognisable downstream as the same items.
     *
     * @throws IllegalArgumentException when the answer is not a JSON array of objects with an id
     */
    public void toRecords(@Header(COLLECTION) String collection, String body, Exchange exchange) throws Exception {
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
            records.add(new StreamRecord(eventId, eventId, event.toString().getBytes(StandardCharsets.UTF_8)));
        }
        exchange.setProperty(EventIngest.PENDING, records);
        exchange.getProperty(COUNTS, Map.class).put(collection, records.size());
    }

    /** Records the run's counts, one row per collection, and returns them for the log. */
    public Map<String, Integer> finish(@ExchangeProperty(STARTED) Instant started,
            @ExchangeProperty(COUNTS) Map<String, Integer> counts) throws SQLException {
        Instant finished = Instant.now();
        try (Connection connection = database.connection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_run (run_started, collection, items, finished_at) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Integer> count : counts.entrySet()) {
                insert.setObject(1, Sql.utc(started));
                insert.setString(2, count.getKey());
                insert.setInt(3, count.getValue());
                insert.setObject(4, Sql.utc(finished));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        LOG.infof("batch-extract: %s into the stream in %d ms", counts,
                java.time.Duration.between(started, finished).toMillis());
        return counts;
    }
}
