package org.greenhouse.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Checks events against {@code schemas/event.schema.json}; says, per event index, what is wrong. */
public final class EventValidator {

    public static final String SCHEMA = "schemas/event.schema.json";

    private final JsonSchema schema;

    public EventValidator() {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException("the event schema " + SCHEMA + " is unreadable", e);
        }
    }

    /** The problems of each invalid event, by its index in the request; empty when all are valid. */
    public Map<Integer, List<String>> problems(List<JsonNode> events) {
        Map<Integer, List<String>> problems = new TreeMap<>();
        for (int index = 0; index < events.size(); index++) {
            List<String> messages = new ArrayList<>();
            for (ValidationMessage message : schema.validate(events.get(index))) {
                messages.add(message.getMessage());
            }
            if (!messages.isEmpty()) {
                messages.sort(null);
                problems.put(index, messages);
            }
        }
        return problems;
    }
}
