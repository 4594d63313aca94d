package org.greenhouse.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.walk.JsonSchemaWalkListener;
import com.networknt.schema.walk.WalkEvent;
import com.networknt.schema.walk.WalkFlow;

/**
 * Checks events against {@code schemas/event.schema.json}; says, per event index, what is wrong. Two things
 * the schema language lets through are refused too, because they change what a value means on its way to
 * consumers: a number beyond a 64-bit float ({@code 1e309} would be stored as {@code "Infinity"}), and an
 * integer written with a fraction or exponent ({@code "user_id": 1.0} is an integer to JSON Schema, but its
 * partition key and its text downstream would be {@code 1.0}, another user than {@code 1}).
 */
public final class EventValidator {

    public static final String SCHEMA = "schemas/event.schema.json";
    /** Where the walk of one event collects its numbers that change meaning. */
    private static final String NUMBER_PROBLEMS = "greenhouse.number-problems";

    private final JsonSchema schema;

    public EventValidator() {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                    // $.cart.products[0].productId, as validate() says it (a walk says /cart/products/0/...)
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.LEGACY)
                            .keywordWalkListener("type", new IntegersWrittenAsIntegers()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("the event schema " + SCHEMA + " is unreadable", e);
        }
    }

    /** The problems of each invalid event, by its index in the request; empty when all are valid. */
    public Map<Integer, List<String>> problems(List<JsonNode> events) {
        Map<Integer, List<String>> problems = new TreeMap<>();
        for (int index = 0; index < events.size(); index++) {
            List<String> messages = new ArrayList<>();
            ExecutionContext context = schema.createExecutionContext();
            context.getCollectorContext().add(NUMBER_PROBLEMS, messages);
            for (ValidationMessage message : schema.walk(context, events.get(index), true).getValidationMessages()) {
                messages.add(message.getMessage());
            }
            nonFinite(events.get(index), "$", messages);
            if (!messages.isEmpty()) {
                messages.sort(null);
                problems.put(index, messages);
            }
        }
        return problems;
    }

    private static void nonFinite(JsonNode node, String path, List<String> messages) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            messages.add(path + ": the number is beyond the range of a 64-bit float (about 1.8e308)");
        } else if (node.isObject()) {
            node.properties().forEach(field -> nonFinite(field.getValue(), path + "." + field.getKey(), messages));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFinite(node.get(i), path + "[" + i + "]", messages);
            }
        }
    }

    /** Where the schema says {@code "type": "integer"}, a value written as {@code 1.0} or {@code 1e0} is refused. */
    private static final class IntegersWrittenAsIntegers implements JsonSchemaWalkListener {

        @Override
        @SuppressWarnings("unchecked")
        public WalkFlow onWalkStart(WalkEvent event) {
            JsonNode instance = event.getInstanceNode();
            JsonNode type = event.getSchema().getSchemaNode().get("type");
            // a fraction the schema refuses itself ("number found, integer expected")
            if (instance != null && instance.isFloatingPointNumber() && instance.canConvertToExactIntegral()
                    && type != null && "integer".equals(type.asText())) {
                ((List<String>) event.getExecutionContext().getCollectorContext().get(NUMBER_PROBLEMS))
                        .add(event.getInstanceLocation() + ": an integer is written without a fraction or exponent ("
                                + instance.asText() + " is not)");
            }
            return WalkFlow.CONTINUE;
        }

        @Override
        public void onWalkEnd(WalkEvent event, Set<ValidationMessage> messages) {
        }
    }
}
