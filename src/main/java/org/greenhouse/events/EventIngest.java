package org.greenhouse.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The steps of {@code POST /api/events} that the route calls: check the key, read and validate every event
 * (all or nothing), give each an id and a receipt time, and answer once the stream-writing step
 * ({@link StreamWriter}) has put them, or could not.
 */
@ApplicationScoped
@Named("eventIngest")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class EventIngest {

    public static final String API_KEY = "X-Api-Key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final EventsConfig config;
    private final ApiKeys keys;
    private final EventValidator validator = new EventValidator();

    @Inject
    public EventIngest(EventsConfig config) {
        this.config = config;
        this.keys = new ApiKeys(config.apiKeys().orElse(List.of()));
    }

    /**
     * Turns the request into the records to put, or refuses it whole: 401 without a valid key, 415 for another
     * content type, 400 for malformed JSON, too many events, any event the schema refuses or any Kinesis could
     * not take (each named by its index). Nothing of a refused request reaches the stream.
     *
     * @return the records, to be put within {@code greenhouse.events.kinesis.put-budget}
     */
    public StreamPut read(@Header(API_KEY) String apiKey, @Header(Exchange.CONTENT_TYPE) String contentType,
            byte[] body) {
        if (!keys.accepts(apiKey)) {
            throw new EventRejected(401, "a valid " + API_KEY + " header is required");
        }
        List<JsonNode> events = EventRequests.parse(body == null ? new byte[0] : body, contentType, config.maxEvents());
        Map<Integer, List<String>> problems = validator.problems(events);
        if (!problems.isEmpty()) {
            throw new InvalidEvents(events.size(), problems);
        }
        String receivedAt = Instant.now().toString();
        List<StreamRecord> records = new ArrayList<>();
        Map<Integer, List<String>> overLimits = new TreeMap<>();
        for (JsonNode event : events) {
            ObjectNode stamped = (ObjectNode) event;
            if (!stamped.hasNonNull("event_id")) {
                stamped.put("event_id", UUID.randomUUID().toString());
            }
            stamped.put("received_at", receivedAt);
            StreamRecord record = new StreamRecord(stamped.get("event_id").asText(), partitionKey(stamped),
                    stamped.toString().getBytes(StandardCharsets.UTF_8));
            record.overKinesisLimits().ifPresent(problem -> overLimits.put(records.size(), List.of(problem)));
            records.add(record);
        }
        if (!overLimits.isEmpty()) {
            throw new InvalidEvents(events.size(), overLimits);
        }
        return new StreamPut(records, Instant.now().plus(config.kinesis().putBudget()));
    }

    private String partitionKey(ObjectNode event) {
        for (String field : config.partitionKey()) {
            JsonNode value = event.get(field);
            if (value != null && !value.isNull() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return event.get("event_id").asText();
    }

    /** 202 with the ids of the events, now all in the stream. */
    public void accepted(StreamPut put, Exchange exchange) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accepted", put.records().size());
        put.eventIds().forEach(body.putArray("event_ids")::add);
        answer(exchange.getMessage(), 202, body);
    }

    /** The request was refused: its status and a body that says why. */
    public void refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ObjectNode body = JSON.createObjectNode().put("error", cause.getMessage());
        if (cause instanceof InvalidEvents invalid) {
            var events = body.putArray("events");
            invalid.problems.forEach((index, problems) -> {
                ObjectNode event = events.addObject().put("index", index);
                problems.forEach(event.putArray("problems")::add);
            });
        }
        answer(exchange.getMessage(), ((EventRejected) cause).status(), body);
    }

    /**
     * Not all events are known to be in the stream (Kinesis unavailable, a call that timed out, the put's time
     * spent, or too many requests putting at once): 503, when to try again, and the event ids to send again.
     */
    public void unavailable(StreamPut put, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error;
        if (cause instanceof ThrottlerRejectedExecutionException) {
            // under load this is every refused request: not each worth a warning
            LOG.debugf("events refused: %d requests are putting into %s already", config.kinesis().maxPutsInFlight(),
                    config.kinesis().stream());
            error = "too many requests are putting into the event stream; nothing of this one was put: send it "
                    + "again with these event_ids after Retry-After seconds";
        } else {
            LOG.warnf("events not put into %s: %s", config.kinesis().stream(), cause.getMessage());
            error = "the event stream is unavailable; events of this request may be in the stream or not: send it "
                    + "again with these event_ids after Retry-After seconds (an event sent twice is in the stream "
                    + "twice under the same event_id)";
        }
        Message message = exchange.getMessage();
        message.setHeader("Retry-After", config.kinesis().retryAfter().toSeconds());
        ObjectNode body = JSON.createObjectNode().put("error", error);
        put.eventIds().forEach(body.putArray("event_ids")::add);
        answer(message, 503, body);
    }

    private static void answer(Message message, int status, ObjectNode body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }

    /** Some events break the schema, or Kinesis's limits: 400, naming each by its index. */
    static final class InvalidEvents extends EventRejected {
        final Map<Integer, List<String>> problems;

        InvalidEvents(int events, Map<Integer, List<String>> problems) {
            super(400, problems.size() + " of " + events + " events are invalid; none was put into the stream");
            this.problems = problems;
        }
    }
}
