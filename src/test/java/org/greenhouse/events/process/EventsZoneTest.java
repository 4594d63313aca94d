package org.greenhouse.events.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.archive.LocalArchiveStore;
import org.greenhouse.archive.S3ArchiveStore;
import org.greenhouse.query.ArchiveMirror;
import org.greenhouse.query.DuckDbEngine;
import org.greenhouse.query.LakeFiles;
import org.greenhouse.query.QueryEngine;
import org.greenhouse.query.QueryLimits;
import org.greenhouse.query.QueryProgress;
import org.greenhouse.query.QueryRequest;
import org.greenhouse.query.QueryService;
import org.greenhouse.query.ResultColumn;
import org.greenhouse.query.RowSink;
import org.greenhouse.testing.S3Stub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processed zone over a real store (a local directory, and S3Proxy over the S3 API) holding raw objects in
 * events-deliver's exact format (gzip NDJSON of the stamped events, its key layout), read back through the query
 * service's DuckDB engine under the Athena table names: every event in its family's table once, bad lines as
 * rejects, and a run killed at each point of writing, then run again, losing and doubling nothing.
 */
class EventsZoneTest {

    private static final String PREFIX = "greenhouse";
    private static final String RAW_1 = PREFIX + "/events/year=2026/month=11/day=23/hour=23/"
            + "shardId-000000000000-100-107.ndjson.gz";
    private static final String RAW_2 = PREFIX + "/events/year=2026/month=11/day=24/hour=00/"
            + "shardId-000000000001-200-203.ndjson.gz";

    private static final S3Stub S3 = new S3Stub();

    @TempDir
    Path temp;

    @BeforeAll
    static void startS3() {
        S3.start();
    }

    @AfterAll
    static void stopS3() {
        S3.stop();
    }

    private ArchiveStore store(String kind) throws IOException {
        if (kind.equals("s3")) {
            S3Stub.clear();
            return new S3ArchiveStore(S3Stub.client(), S3Stub.BUCKET);
        }
        return new LocalArchiveStore(Files.createDirectories(temp.resolve("archive")));
    }

    private static String product(String id, String type, String occurredAt, int user) {
        return "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurred_at\":\"" + occurredAt
                + "\",\"user_id\":" + user + ",\"session_id\":\"s-" + user + "\",\"product\":{\"id\":7,\"title\":"
                + "\"Backpack\",\"price\":109.95,\"category\":\"bags\"},\"received_at\":\"2026-11-23T23:59:00Z\"}";
    }

    private static String purchase(String id, String occurredAt) {
        return "{\"event_id\":\"" + id + "\",\"type\":\"purchase\",\"occurred_at\":\"" + occurredAt
                + "\",\"user_id\":3,\"cart\":{\"id\":5,\"userId\":3,\"date\":\"2026-11-23T22:00:00Z\",\"products\":"
                + "[{\"productId\":1,\"quantity\":2},{\"productId\":9,\"quantity\":1}]},"
                + "\"received_at\":\"2026-11-23T23:59:01Z\"}";
    }

    private static String batch(String collection, int id, String extractedAt) {
        return "{\"event_id\":\"batch." + collection + "." + id + "\",\"type\":\"batch." + collection
                + "\",\"received_at\":\"" + extractedAt + "\",\"item\":{\"id\":" + id + ",\"name\":\"x " + id + "\"}}";
    }

    /** The lines of the first raw object: 8 records, 3 of them no event of a known family. */
    private static final List<String> LINES_1 = List.of(
            product("p-1", "product_viewed", "2026-11-23T23:10:00Z", 1),
            product("p-2", "product_added_to_cart", "2026-11-23T23:40:00+00:00", 2),
            "this is not JSON",
            purchase("buy-1", "2026-11-23T23:50:00Z"),
            "{\"event_id\":\"odd-1\",\"type\":\"page_scrolled\",\"occurred_at\":\"2026-11-23T23:00:00Z\"}",
            // 01:30 in +02:00 is the 23rd, 23:30 UTC
            product("p-3", "product_removed_from_cart", "2026-11-24T01:30:00+02:00", 1),
            "{\"event_id\":\"p-4\",\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T23:00:00Z\"}",
            batch("users", 1, "2026-11-23T23:59:30Z"));

    /** The second: the next day, 4 records. */
    private static final List<String> LINES_2 = List.of(
            product("p-5", "product_viewed", "2026-11-24T00:05:00Z", 4),
            batch("posts", 11, "2026-11-24T00:00:10Z"),
            batch("comments", 21, "2026-11-24T00:00:20Z"),
            batch("comments", 22, "2026-11-24T00:00:20Z"));

    /** Writes a raw object as events-deliver does: each record's bytes and a newline, gzip. */
    private void putRaw(ArchiveStore store, String key, List<String> lines) throws IOException {
        Path file = Files.createTempFile(temp, "raw", ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        store.putConfirmed(key, file);
    }

    private EventsZone zone(ArchiveStore store) throws IOException {
        return new EventsZone(store, PREFIX, PREFIX, Files.createDirectories(temp.resolve("work")));
    }

    private void processAll(EventsZone zone) throws IOException {
        for (String raw : zone.pending(100)) {
            zone.process(raw);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "s3" })
    void everyEventLandsInItsFamilysTableOfItsDayAndBadLinesAreRejectsWithTheirReason(String kind) throws Exception {
        ArchiveStore store = store(kind);
        putRaw(store, RAW_1, LINES_1);
        putRaw(store, RAW_2, LINES_2);
        EventsZone zone = zone(store);
        assertEquals(List.of(RAW_1, RAW_2), zone.pending(100));

        EventsZone.Manifest first = zone.process(RAW_1).orElseThrow();
        zone.process(RAW_2).orElseThrow();

        assertEquals(8, first.lines());
        assertEquals(3, first.rejects());
        assertEquals(Map.of("events_product", 3L, "events_purchase", 1L, "events_batch_users", 1L), first.rows());
        assertEquals(List.of(), zone.pending(100), "both raw objects are done");
        assertTrue(store.list(PREFIX + "/events_product/year=2026/month=11/day=23/").contains(
                PREFIX + "/events_product/year=2026/month=11/day=23/shardId-000000000000-100-107.parquet"));

        QueryService query = query(store, kind);
        assertEquals(List.of(List.of("p-1", "product_viewed", "2026-11-23 23:10:00.000", "1", "s-1", "7", "Backpack",
                "109.95", "bags", "2026", "11", "23"),
                List.of("p-2", "product_added_to_cart", "2026-11-23 23:40:00.000", "2", "s-2", "7", "Backpack",
                        "109.95", "bags", "2026", "11", "23"),
                List.of("p-3", "product_removed_from_cart", "2026-11-23 23:30:00.000", "1", "s-1", "7", "Backpack",
                        "109.95", "bags", "2026", "11", "23"),
                List.of("p-5", "product_viewed", "2026-11-24 00:05:00.000", "4", "s-4", "7", "Backpack", "109.95",
                        "bags", "2026", "11", "24")),
                rows(query, "SELECT event_id, type, occurred_at, user_id, session_id, product_id, product_title, "
                        + "product_price, product_category, year, month, day FROM events_product ORDER BY event_id"));
        assertEquals(List.of(List.of("buy-1", "5", "3", "2026-11-23 22:00:00.000", "2", "3",
                "[{\"productId\":1,\"quantity\":2},{\"productId\":9,\"quantity\":1}]")),
                rows(query, "SELECT event_id, cart_id, cart_user_id, cart_date, product_count, quantity_total, "
                        + "cart_products FROM events_purchase"));
        assertEquals(List.of(List.of("batch.users.1", "1", "{\"id\":1,\"name\":\"x 1\"}", "2026-11-23 23:59:30.000")),
                rows(query, "SELECT event_id, item_id, item, occurred_at FROM events_batch_users"));
        assertEquals(List.of(List.of("batch.comments.21", "24"), List.of("batch.comments.22", "24")),
                rows(query, "SELECT event_id, day FROM events_batch_comments ORDER BY event_id"));
        assertEquals(List.of(List.of("3", "not JSON: Unrecognized token 'this': was expecting (JSON String, Number, "
                + "Array, Object or token 'null', 'true' or 'false')", "this is not JSON", "23"),
                List.of("5", "type 'page_scrolled' is of no known event family", LINES_1.get(4), "23"),
                List.of("7", "no product object", LINES_1.get(6), "23")),
                rows(query, "SELECT line, reason, raw_line, day FROM events_reject WHERE raw_key = '" + RAW_1
                        + "' ORDER BY line"));

        assertEquals(List.of(List.of("batch.users", "2026-11-23 23:00:00", "1"),
                List.of("product_added_to_cart", "2026-11-23 23:00:00", "1"),
                List.of("product_removed_from_cart", "2026-11-23 23:00:00", "1"),
                List.of("product_viewed", "2026-11-23 23:00:00", "1"),
                List.of("purchase", "2026-11-23 23:00:00", "1"),
                List.of("batch.comments", "2026-11-24 00:00:00", "2"),
                List.of("batch.posts", "2026-11-24 00:00:00", "1"),
                List.of("product_viewed", "2026-11-24 00:00:00", "1")),
                rows(query, QueryRequest.named("events_per_hour", Map.of("from", "2026-11-23T23:00:00Z",
                        "to", "2026-11-24T01:00:00Z"))).stream()
                        .map(r -> List.of(r.get(0), r.get(1).substring(0, 19), r.get(2))).toList(),
                "by hour, then type; a batch item counts at its extraction");
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "s3" })
    void aRunKilledAtAnyPointAndRunAgainLosesNothingAndDoublesNothing(String kind) throws Exception {
        ArchiveStore real = store(kind);
        putRaw(real, RAW_1, LINES_1);
        // the objects of RAW_1: 4 tables (product, purchase, batch_users, reject), then its manifest
        int writes = 5;
        for (int kill = 0; kill < writes; kill++) {
            for (boolean afterStoring : List.of(false, true)) {
                clearZone(real);
                Dying dying = new Dying(real, kill, afterStoring);
                assertThrows(Killed.class, () -> zone(dying).process(RAW_1), "killed at write " + dying.kill);
                boolean done = kill == writes - 1 && afterStoring;
                assertEquals(done ? List.of() : List.of(RAW_1), zone(real).pending(100),
                        "killed at write " + kill + (afterStoring ? " once stored" : " before storing"));

                processAll(zone(real));

                QueryService query = query(real, kind);
                assertEquals(List.of(List.of("p-1"), List.of("p-2"), List.of("p-3")),
                        rows(query, "SELECT event_id FROM events_product ORDER BY event_id"), "kill " + kill);
                assertEquals(List.of(List.of("1", "1", "1", "3")), rows(query, "SELECT (SELECT count(*) FROM "
                        + "events_purchase), (SELECT count(*) FROM events_batch_users), (SELECT count(DISTINCT "
                        + "raw_key) FROM events_reject), (SELECT count(*) FROM events_reject)"), "kill " + kill);
                assertEquals(List.of(), zone(real).pending(100));
                assertEquals(3, zone(real).manifest(RAW_1).orElseThrow().rejects());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "s3" })
    void aRawObjectThatIsNoGzipFailsAndStaysPendingWhileTheOthersAreProcessed(String kind) throws Exception {
        ArchiveStore store = store(kind);
        Path broken = Files.writeString(temp.resolve("broken.gz"), "not gzip at all");
        store.putConfirmed(RAW_1, broken);
        putRaw(store, RAW_2, LINES_2);
        EventsZone zone = zone(store);

        assertThrows(IOException.class, () -> zone.process(RAW_1));
        zone.process(RAW_2).orElseThrow();

        assertEquals(List.of(RAW_1), zone.pending(100), "tried again next cycle");
        assertEquals(List.of(List.of("1")), rows(query(store, kind), "SELECT count(*) FROM events_product"));
    }

    /** Leaves only the raw objects: the zone's tables and manifests gone, as before any processing. */
    private static void clearZone(ArchiveStore store) throws IOException {
        for (String key : store.list(PREFIX + "/")) {
            if (!key.startsWith(PREFIX + "/events/")) {
                store.delete(key);
            }
        }
    }

    private QueryService query(ArchiveStore store, String kind) throws IOException {
        LakeFiles files = kind.equals("s3") ? new ArchiveMirror(() -> store, PREFIX,
                Files.createDirectories(temp.resolve("mirror"))) : LakeFiles.local(temp.resolve("archive"), PREFIX);
        QueryEngine engine = new DuckDbEngine(files);
        return new QueryService(engine, new QueryLimits(1000, Duration.ofSeconds(60)));
    }

    private static List<List<String>> rows(QueryService query, String sql) throws IOException {
        return rows(query, QueryRequest.sql(sql));
    }

    private static List<List<String>> rows(QueryService query, QueryRequest request) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        query.run(request, new RowSink() {
            @Override
            public void columns(List<ResultColumn> columns) {
            }

            @Override
            public boolean row(List<String> values) {
                rows.add(new ArrayList<>(values));
                return true;
            }
        }, QueryProgress.NONE);
        return rows;
    }

    private static final class Killed extends RuntimeException {
        Killed(String key) {
            super("killed writing " + key);
        }
    }

    /** The process dies at its {@code kill}-th write (from 0): before the store has the object, or right after. */
    private static final class Dying implements ArchiveStore {
        private final ArchiveStore store;
        private final int kill;
        private final boolean afterStoring;
        private final AtomicInteger writes = new AtomicInteger();

        Dying(ArchiveStore store, int kill, boolean afterStoring) {
            this.store = store;
            this.kill = kill;
            this.afterStoring = afterStoring;
        }

        @Override
        public void put(String key, Path file) throws IOException {
            boolean last = writes.getAndIncrement() == kill;
            if (last && !afterStoring) {
                throw new Killed(key);
            }
            store.put(key, file);
            if (last) {
                throw new Killed(key);
            }
        }

        @Override
        public OptionalLong size(String key) throws IOException {
            return store.size(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public List<StoredObject> objects(String prefix) throws IOException {
            return store.objects(prefix);
        }

        @Override
        public void get(String key, Path file) throws IOException {
            store.get(key, file);
        }

        @Override
        public String location() {
            return store.location();
        }
    }
}
