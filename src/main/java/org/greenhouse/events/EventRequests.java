package org.greenhouse.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
     * Media types match in any case ({@code APPLICATION/JSON}); the body is read in the charset the content type
     * names, UTF-8 unless it names one.
     *
     * @throws EventRejected 415 for another content type or a charset Java does not know, 400 for bytes that are
     *         not text in that charset, malformed JSON, no event or more than {@code maxEvents}
     */
    public static List<JsonNode> parse(byte[] body, String contentType, int maxEvents) {
        String[] parts = (contentType == null ? "" : contentType).split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON) && !mediaType.equals(NDJSON)) {
            throw new EventRejected(415, "Content-Type must be " + JSON + " or " + NDJSON + ", not '"
                    + (contentType == null ? "" : contentType) + "'");
        }
        String text = decode(body, charset(parts));
        List<JsonNode> events = mediaType.equals(JSON) ? json(text) : ndjson(text);
        if (events.isEmpty()) {
            throw new EventRejected(400, "the request holds no event");
        }
        if (events.size() > maxEvents) {
            throw new EventRejected(400, "the request holds " + events.size() + " events; at most " + maxEvents
                    + " are taken at once");
        }
        return events;
    }

    private static Charset charset(String[] contentTypeParts) {
        for (int i = 1; i < contentTypeParts.length; i++) {
            String[] parameter = contentTypeParts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String name = parameter[1].trim().replaceAll("^\"|\"$", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    throw new EventRejected(415, "charset '" + name + "' is unknown; send UTF-8, or name the charset "
                            + "the body is in");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The body as text; bytes that are not text in the charset are refused, never replaced. */
    private static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new EventRejected(400, "the body is not valid " + charset.name() + " text"
                    + (charset.equals(StandardCharsets.UTF_8) ? " (name its charset in Content-Type if it is in another)"
                            : ""));
        }
    }

    private static List<JsonNode> json(String body) {
        JsonNode root = read(body, "the body");
        if (root.isArray()) {
            List<JsonNode> events = new ArrayList<>();
            root.forEach(events::add);
            return events;
        }
        return List.of(root);
    }

    private static List<JsonNode> ndjson(String body) {
        List<JsonNode> events = new ArrayList<>();
        String[] lines = body.split("\r?\n");
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
