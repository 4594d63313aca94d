package org.greenhouse.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.S3Stub;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** What the delivery tests post, what is in the stream, and what a user finds in S3 (per event_id). */
final class DeliveredEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"event_id\":\"%s\",\"type\":\"product_viewed\",\"occurred_at\":"
            + "\"2026-11-23T06:00:00Z\",\"user_id\":%d,\"product\":{\"id\":1,\"title\":\"Backpack\",\"price\":109.95,"
            + "\"category\":\"bags\"}}";

    private DeliveredEvents() {
    }

    /** Posts {@code count} events of users 1, 2, ... (spread over the shards); returns their ids. */
    static List<String> post(URL app, String tag, int count) {
        return post(app, tag, count, -1);
    }

    /** Posts {@code count} events, all of one user (so all on one shard) unless {@code userId} is -1. */
    static List<String> post(URL app, String tag, int count, int userId) {
        List<String> ids = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String id = tag + "-" + System.nanoTime() + "-" + i;
            ids.add(id);
            body.append(EVENT.formatted(id, userId < 0 ? i + 1 : userId)).append('\n');
        }
        given().baseUri(app.toString()).header("X-Api-Key", "test-key").contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8)).post("/api/events").then().statusCode(202);
        return ids;
    }

    static List<String> objectKeys() {
        return S3Stub.client().listObjectsV2Paginator(list -> list.bucket(S3Stub.BUCKET).prefix("greenhouse/events/"))
                .contents().stream().map(o -> o.key()).toList();
    }

    /** The event ids in one object, in their order. */
    static List<String> eventIdsIn(String key) throws Exception {
        byte[] gz = S3Stub.client().getObjectAsBytes(get -> get.bucket(S3Stub.BUCKET).key(key)).asByteArray();
        String ndjson = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
                StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isEmpty()) {
                ids.add(JSON.readTree(line).get("event_id").asText());
            }
        }
        return ids;
    }

    /** How often each event_id stands in the delivered objects (duplicates counted, never merged). */
    static Map<String, Long> deliveredEventIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String key : objectKeys()) {
            ids.addAll(eventIdsIn(key));
        }
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @SafeVarargs
    static void assertDeliveredOnce(List<String>... groups) throws Exception {
        Map<String, Long> copies = deliveredEventIds();
        for (List<String> ids : groups) {
            for (String id : ids) {
                assertEquals(1L, copies.getOrDefault(id, 0L), id + " delivered once");
            }
        }
    }

    static void assertNotDelivered(List<String> ids) throws Exception {
        Map<String, Long> copies = deliveredEventIds();
        for (String id : ids) {
            assertEquals(0L, copies.getOrDefault(id, 0L), id + " not delivered (yet)");
        }
    }

    /** Every shard's records as the stream holds them, oldest first, shards in ListShards order. */
    static Map<String, List<Record>> streamRecordsByShard() {
        Map<String, List<Record>> byShard = new LinkedHashMap<>();
        try (var kinesis = KinesisStub.client()) {
            for (Shard shard : kinesis.listShards(list -> list.streamName(KinesisStub.STREAM)).shards()) {
                List<Record> records = new ArrayList<>();
                String iterator = kinesis.getShardIterator(get -> get.streamName(KinesisStub.STREAM)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var page = kinesis.getRecords(get -> get.shardIterator(current));
                    records.addAll(page.records());
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
                byShard.put(shard.shardId(), records);
            }
        }
        return byShard;
    }

    /** The records of these events, by shard (shards without any left out), in stream order. */
    static Map<String, List<Record>> recordsOf(List<String> ids) {
        Map<String, List<Record>> mine = new LinkedHashMap<>();
        streamRecordsByShard().forEach((shard, records) -> {
            List<Record> of = records.stream().filter(r -> ids.contains(eventId(r))).toList();
            if (!of.isEmpty()) {
                mine.put(shard, of);
            }
        });
        return mine;
    }

    static String eventId(Record record) {
        try {
            return JSON.readTree(record.data().asByteArray()).get("event_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shards that are still open (a split closes its parent), in ListShards order. */
    static List<String> openShards() {
        try (var kinesis = KinesisStub.client()) {
            return kinesis.listShards(list -> list.streamName(KinesisStub.STREAM)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).map(Shard::shardId).toList();
        }
    }
}
