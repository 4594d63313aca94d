package org.greenhouse.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the body of {@code POST /api/events} into its events: one JSON object or a JSON array
 * ({@code application/json}), or one object per line ({@code application/x-ndjson}). No I/O.
 */
public final class EventRequests {

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EventRequests() {
    }

    /**
     * @throws EventRejected 415 for another content type, 400 for malformed JSON, no event or more than
     *         {@code maxEvents}
     */
    public static List<JsonNode> parse(byte[] body, String contentType, int maxEvents) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        List<JsonNode> events = switch (mediaType) {
            case JSON -> json(body);
            case NDJSON -> ndjson(body);
            default -> throw new EventRejected(415, "Content-Type must be " + JSON + " or " + NDJSON + ", not '"
                    + (contentType == null ? "" : contentType) + "'");
        };
        if (events.isEmpty()) {
            throw new EventRejected(400, "the request holds no event");
        }
        if (events.size() > maxEvents) {
            throw new EventRejected(400, "the request holds " + events.size() + " events; at most " + maxEvents
                    + " are taken at once");
        }
        return events;
    }

    private static List<JsonNode> json(byte[] body) {
        JsonNode root = read(new String(body, StandardCharsets.UTF_8), "the body");
        if (root.isArray()) {
            List<JsonNode> events = new ArrayList<>();
            root.forEach(events::add);
            return events;
        }
        return List.of(root);
    }

    private static List<JsonNode> ndjson(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        for (int line = 0; line < lines.length; line++) {
            if (!lines[line].isBlank()) {
                events.add(read(lines[line], "line " + (line + 1)));
            }
        }
        return events;
    }

    private static JsonNode read(String text, String where) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new EventRejected(400, where + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new EventRejected(400, where + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
