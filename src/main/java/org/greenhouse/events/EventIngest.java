package org.greenhouse.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.apache.camel.Message;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The steps of {@code POST /api/events} that the route calls: check the key, read and validate every event
 * (all or nothing), give each an id and a receipt time, put them into the stream, answer.
 */
@ApplicationScoped
@Named("eventIngest")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class EventIngest {

    public static final String API_KEY = "X-Api-Key";
    /** The records still to be put; the put step (and its retry) sends these. */
    public static final String PENDING = "eventsPending";
    static final String ACCEPTED = "eventsAccepted";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final EventsConfig config;
    private final KinesisClient kinesis;
    private final ApiKeys keys;
    private final EventValidator validator = new EventValidator();

    @Inject
    public EventIngest(EventsConfig config, KinesisClient kinesis) {
        this.config = config;
        this.kinesis = kinesis;
        this.keys = new ApiKeys(config.apiKeys().orElse(List.of()));
    }

    /**
     * Turns the request into stream records, or refuses it whole: 401 without a valid key, 415 for another
     * content type, 400 for malformed JSON, too many events or any event the schema refuses (each named by
     * its index). Nothing of a refused request reaches the stream.
     */
    public void read(@Header(API_KEY) String apiKey, @Header(Exchange.CONTENT_TYPE) String contentType, byte[] body,
            Exchange exchange) {
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
        for (JsonNode event : events) {
            ObjectNode stamped = (ObjectNode) event;
            if (!stamped.hasNonNull("event_id")) {
                stamped.put("event_id", UUID.randomUUID().toString());
            }
            stamped.put("received_at", receivedAt);
            records.add(new StreamRecord(stamped.get("event_id").asText(), partitionKey(stamped),
                    stamped.toString().getBytes(StandardCharsets.UTF_8)));
        }
        exchange.setProperty(PENDING, records);
        exchange.setProperty(ACCEPTED, records.stream().map(StreamRecord::eventId).toList());
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

    /**
     * Puts the records still pending, in PutRecords calls within Kinesis's limits. Records Kinesis did not
     * accept stay pending and fail the step, so the route's retry sends exactly those again.
     */
    public void put(@ExchangeProperty(PENDING) List<StreamRecord> pending, Exchange exchange) {
        List<StreamRecord> failed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (List<StreamRecord> batch : RecordBatches.of(pending)) {
            PutRecordsResponse response = kinesis.putRecords(put -> put.streamName(config.kinesis().stream())
                    .records(batch.stream().map(r -> PutRecordsRequestEntry.builder().partitionKey(r.partitionKey())
                            .data(SdkBytes.fromByteArray(r.data())).build()).toList()));
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    failed.add(batch.get(i));
                    errors.add(results.get(i).errorCode());
                }
            }
        }
        exchange.setProperty(PENDING, failed);
        if (!failed.isEmpty()) {
            throw new PartialPutException(failed.size() + " of " + pending.size() + " records not accepted: "
                    + errors.stream().distinct().toList());
        }
    }

    /** 202 with the ids of the events, now all in the stream. */
    public void accepted(@ExchangeProperty(ACCEPTED) List<String> eventIds, Exchange exchange) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accepted", eventIds.size());
        eventIds.forEach(body.putArray("event_ids")::add);
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

    /** Kinesis stayed unavailable through every retry: 503, and when to try again. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warnf("events not put into %s: %s", config.kinesis().stream(), cause.getMessage());
        Message message = exchange.getMessage();
        message.setHeader("Retry-After", config.kinesis().retryAfter().toSeconds());
        answer(message, 503, JSON.createObjectNode().put("error", "the event stream is unavailable; "
                + "nothing of this request may be assumed stored, send it again (with its event_ids) later"));
    }

    private static void answer(Message message, int status, ObjectNode body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }

    /** Some events break the schema: 400, naming each by its index. */
    static final class InvalidEvents extends EventRejected {
        final Map<Integer, List<String>> problems;

        InvalidEvents(int events, Map<Integer, List<String>> problems) {
            super(400, problems.size() + " of " + events + " events are invalid; none was put into the stream");
            this.problems = problems;
        }
    }
}
