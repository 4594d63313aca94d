package org.greenhouse.events.process;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The event families of the processed zone and how one raw event (a line of events-deliver's NDJSON) becomes a
 * row of its family's table, or a reject with its reason. The families follow the event types of
 * {@code schemas/event.schema.json} and batch-extract's {@code batch.<collection>} events:
 * {@code product_*} events are {@code events_product}, {@code purchase} is {@code events_purchase},
 * {@code batch.users|posts|comments} are {@code events_batch_users|posts|comments}. Every table is partitioned by
 * the UTC day of {@code occurred_at} (for a batch item: when it was extracted). The Athena DDL in {@code athena/}
 * declares these schemas (LakeTablesTest holds them together).
 */
public final class EventFamilies {

    private static final Schema TIMESTAMP = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema OPTIONAL_TIMESTAMP = Schema.createUnion(Schema.create(Schema.Type.NULL), TIMESTAMP);
    private static final String NAMESPACE = "org.greenhouse.events.process";

    public static final Schema PRODUCT = SchemaBuilder.record("events_product").namespace(NAMESPACE).fields()
            .requiredString("event_id")
            .requiredString("type")
            .name("occurred_at").type(TIMESTAMP).noDefault()
            .name("received_at").type(OPTIONAL_TIMESTAMP).withDefault(null)
            .optionalLong("user_id")
            .optionalString("session_id")
            .requiredLong("product_id")
            .requiredString("product_title")
            .requiredDouble("product_price")
            .requiredString("product_category")
            .optionalString("product_description")
            .optionalString("product_image")
            .optionalInt("quantity")
            .endRecord();

    public static final Schema PURCHASE = SchemaBuilder.record("events_purchase").namespace(NAMESPACE).fields()
            .requiredString("event_id")
            .requiredString("type")
            .name("occurred_at").type(TIMESTAMP).noDefault()
            .name("received_at").type(OPTIONAL_TIMESTAMP).withDefault(null)
            .optionalLong("user_id")
            .optionalString("session_id")
            .optionalLong("cart_id")
            .requiredLong("cart_user_id")
            .name("cart_date").type(TIMESTAMP).noDefault()
            .requiredInt("product_count")
            .requiredLong("quantity_total")
            // the cart's lines as the event gave them, a JSON array of {productId, quantity}
            .requiredString("cart_products")
            .endRecord();

    /** The table of rejected lines: the raw object, the line (1-based), why, and the line itself. */
    public static final Schema REJECT = SchemaBuilder.record("events_reject").namespace(NAMESPACE).fields()
            .requiredString("raw_key")
            .requiredLong("line")
            .requiredString("reason")
            .requiredString("raw_line")
            .endRecord();

    public static final String REJECTS = "events_reject";

    private static final java.util.Set<String> PRODUCT_TYPES = java.util.Set.of("product_viewed",
            "product_added_to_cart", "product_removed_from_cart");

    /** The batch collections batch-extract reads by default; another collection's events are rejected. */
    static final List<String> BATCH_COLLECTIONS = List.of("users", "posts", "comments");

    private static final Map<String, Schema> BATCH = Map.of(
            "users", batchSchema("users"), "posts", batchSchema("posts"), "comments", batchSchema("comments"));

    /** Every family table's name and schema, in a fixed order; the reject table is not a family. */
    public static final Map<String, Schema> TABLES = tables();

    private EventFamilies() {
    }

    private static Map<String, Schema> tables() {
        var tables = new java.util.LinkedHashMap<String, Schema>();
        tables.put(PRODUCT.getName(), PRODUCT);
        tables.put(PURCHASE.getName(), PURCHASE);
        BATCH_COLLECTIONS.forEach(c -> tables.put(BATCH.get(c).getName(), BATCH.get(c)));
        return java.util.Collections.unmodifiableMap(tables);
    }

    private static Schema batchSchema(String collection) {
        return SchemaBuilder.record("events_batch_" + collection).namespace(NAMESPACE).fields()
                .requiredString("event_id")
                .requiredString("type")
                // the extraction time: a batch item has no time of its own
                .name("occurred_at").type(TIMESTAMP).noDefault()
                .name("received_at").type(OPTIONAL_TIMESTAMP).withDefault(null)
                .requiredLong("item_id")
                // the item as the JSON API answered it
                .requiredString("item")
                .endRecord();
    }

    /** One raw event as a row of its family, partitioned by its day. */
    public record Row(String table, LocalDate day, GenericRecord record) {
    }

    /** A raw event that fits no family's table, and why. */
    public static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The row of a parsed event.
     *
     * @throws Rejected when it has no known type or lacks what its family's table requires
     */
    public static Row row(JsonNode event) throws Rejected {
        if (!event.isObject()) {
            throw new Rejected("not a JSON object");
        }
        String type = text(event, "type").orElseThrow(() -> new Rejected("no type"));
        String eventId = text(event, "event_id").orElseThrow(() -> new Rejected("no event_id"));
        Optional<Instant> receivedAt = optionalTime(event, "received_at");
        if (PRODUCT_TYPES.contains(type)) {
            return product(event, eventId, type, receivedAt);
        }
        if (type.equals("purchase")) {
            return purchase(event, eventId, type, receivedAt);
        }
        if (type.startsWith("batch.") && BATCH.containsKey(type.substring("batch.".length()))) {
            return batch(event, eventId, type, receivedAt);
        }
        throw new Rejected("type '" + type + "' is of no known event family");
    }

    private static Row product(JsonNode event, String eventId, String type, Optional<Instant> receivedAt)
            throws Rejected {
        Instant occurredAt = time(event, "occurred_at");
        JsonNode product = object(event, "product");
        GenericRecord record = common(PRODUCT, eventId, type, occurredAt, receivedAt, event);
        record.put("product_id", whole(product, "product.id"));
        record.put("product_title", text(product, "title").orElseThrow(() -> new Rejected("no product.title")));
        record.put("product_price", number(product, "product.price"));
        record.put("product_category", text(product, "category")
                .orElseThrow(() -> new Rejected("no product.category")));
        record.put("product_description", text(product, "description").orElse(null));
        record.put("product_image", text(product, "image").orElse(null));
        record.put("quantity", event.hasNonNull("quantity") ? quantity(event) : null);
        return new Row(PRODUCT.getName(), day(occurredAt), record);
    }

    private static Row purchase(JsonNode event, String eventId, String type, Optional<Instant> receivedAt)
            throws Rejected {
        Instant occurredAt = time(event, "occurred_at");
        JsonNode cart = object(event, "cart");
        JsonNode products = cart.get("products");
        if (products == null || !products.isArray() || products.isEmpty()) {
            throw new Rejected("cart.products is not a non-empty array");
        }
        long quantity = 0;
        for (JsonNode line : products) {
            if (!line.isObject()) {
                throw new Rejected("cart.products has an item that is not an object");
            }
            whole(line, "cart.products[].productId");
            quantity += whole(line, "cart.products[].quantity");
        }
        GenericRecord record = common(PURCHASE, eventId, type, occurredAt, receivedAt, event);
        record.put("cart_id", cart.hasNonNull("id") ? whole(cart, "cart.id") : null);
        record.put("cart_user_id", whole(cart, "cart.userId"));
        record.put("cart_date", time(cart, "date"));
        record.put("product_count", products.size());
        record.put("quantity_total", quantity);
        record.put("cart_products", products.toString());
        return new Row(PURCHASE.getName(), day(occurredAt), record);
    }

    private static Row batch(JsonNode event, String eventId, String type, Optional<Instant> receivedAt)
            throws Rejected {
        Instant extractedAt = receivedAt.orElseThrow(() -> new Rejected("a batch event without received_at"));
        JsonNode item = object(event, "item");
        Schema schema = BATCH.get(type.substring("batch.".length()));
        GenericRecord record = new GenericData.Record(schema);
        record.put("event_id", eventId);
        record.put("type", type);
        record.put("occurred_at", extractedAt);
        record.put("received_at", extractedAt);
        record.put("item_id", whole(item, "item.id"));
        record.put("item", item.toString());
        return new Row(schema.getName(), day(extractedAt), record);
    }

    private static GenericRecord common(Schema schema, String eventId, String type, Instant occurredAt,
            Optional<Instant> receivedAt, JsonNode event) throws Rejected {
        GenericRecord record = new GenericData.Record(schema);
        record.put("event_id", eventId);
        record.put("type", type);
        record.put("occurred_at", occurredAt);
        record.put("received_at", receivedAt.orElse(null));
        record.put("user_id", event.hasNonNull("user_id") ? whole(event, "user_id") : null);
        record.put("session_id", text(event, "session_id").orElse(null));
        return record;
    }

    private static int quantity(JsonNode event) throws Rejected {
        long quantity = whole(event, "quantity");
        if (quantity < 0 || quantity > Integer.MAX_VALUE) {
            throw new Rejected("quantity " + quantity + " is out of range");
        }
        return (int) quantity;
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static JsonNode object(JsonNode node, String field) throws Rejected {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new Rejected("no " + field + " object");
        }
        return value;
    }

    private static Optional<String> text(JsonNode node, String field) throws Rejected {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new Rejected(field + " is not a string");
        }
        return Optional.of(value.asText());
    }

    private static long whole(JsonNode node, String path) throws Rejected {
        JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new Rejected(path + " is missing or not a whole number");
        }
        return value.asLong();
    }

    private static double number(JsonNode node, String path) throws Rejected {
        JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (value == null || !value.isNumber()) {
            throw new Rejected(path + " is missing or not a number");
        }
        return value.asDouble();
    }

    private static Instant time(JsonNode node, String field) throws Rejected {
        return optionalTime(node, field).orElseThrow(() -> new Rejected("no " + field));
    }

    private static Optional<Instant> optionalTime(JsonNode node, String field) throws Rejected {
        Optional<String> text = text(node, field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            throw new Rejected(field + " is not a date-time with an offset: '" + text.get() + "'");
        }
    }
}
