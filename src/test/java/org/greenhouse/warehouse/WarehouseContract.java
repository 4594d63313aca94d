package org.greenhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.TestDatabase;
import org.greenhouse.testing.WarehouseDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse pipeline end to end against real parts (the profile says which: H2 or PostgreSQL for the
 * databases, S3Proxy for both zones): what the warehouse holds after a full load and after a change set, and
 * that a step killed at each point and run again loses nothing and doubles nothing.
 */
abstract class WarehouseContract {

    /** The seed's counts (TotesysDemo.seed). */
    static final Map<String, Long> SEEDED_DIMENSIONS = new TreeMap<>(Map.of("dim_location", 30L, "dim_counterparty", 20L,
            "dim_currency", 3L, "dim_design", 50L, "dim_staff", 20L, "dim_payment_type", 4L, "dim_transaction", 210L));

    @Inject
    ProducerTemplate camel;

    @Inject
    WarehouseParts parts;

    LocalDateTime seededAt;

    @BeforeEach
    void freshSourceTargetAndZones() throws Exception {
        TestDatabase.clean();
        S3Stub.clear();
        // the warehouse's own migrations, then empty tables
        try (Connection migrated = parts.target().connection()) {
            assertTrue(migrated.isValid(2));
        }
        try (Connection c = WarehouseDatabases.target(); Statement s = c.createStatement()) {
            for (String table : List.of("fact_sales_order", "fact_purchase_order", "fact_payment", "dim_date",
                    "dim_staff", "dim_location", "dim_currency", "dim_design", "dim_counterparty", "dim_payment_type",
                    "dim_transaction", "warehouse_load")) {
                s.execute("DELETE FROM " + table);
            }
        }
        try (Connection c = WarehouseDatabases.source(); Statement s = c.createStatement()) {
            for (String table : List.of("payment", "transaction", "payment_type", "purchase_order", "sales_order",
                    "staff", "design", "department", "currency", "counterparty", "address")) {
                s.execute("DROP TABLE IF EXISTS " + table + (WarehouseDatabases.postgres() ? " CASCADE" : ""));
            }
            if (WarehouseDatabases.postgres()) {
                s.execute("DROP TYPE IF EXISTS payment_type_name");
                s.execute("DROP TYPE IF EXISTS transaction_type");
            }
            TotesysDemo.createSchema(c);
            seededAt = LocalDateTime.parse("2024-03-01T10:15:30.123");
            TotesysDemo.seed(c, seededAt);
        }
    }

    Object run(String step) {
        return camel.requestBody("direct:" + step, (Object) null);
    }

    void runAll() {
        run("warehouse-ingest");
        run("warehouse-process");
        run("warehouse-load");
    }

    static long count(String table) throws Exception {
        return WarehouseDatabases.targetCount(table);
    }

    static Map<String, Long> dimensionCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : SEEDED_DIMENSIONS.keySet()) {
            counts.put(table, count(table));
        }
        return counts;
    }

    void assertFullLoad() throws Exception {
        assertEquals(150, count("fact_sales_order"));
        assertEquals(60, count("fact_purchase_order"));
        assertEquals(210, count("fact_payment"));
        assertEquals(SEEDED_DIMENSIONS, dimensionCounts());
    }

    @Test
    void aFullLoadThenAChangeSetGiveFactsWithHistoryAndDimensionsWithTheLatestValues() throws Exception {
        runAll();
        assertFullLoad();
        // every date the facts use is in dim_date, ISO day of week
        assertEquals(0, ((Number) WarehouseDatabases.targetRows("SELECT COUNT(*) AS n FROM fact_sales_order f WHERE "
                + "NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.date_id = f.agreed_payment_date) "
                + "OR NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.date_id = f.created_date)").get(0).get("n")).longValue());
        Map<String, Object> friday = WarehouseDatabases.targetRows("SELECT * FROM dim_date WHERE date_id = ?",
                LocalDate.parse("2024-03-01")).get(0);
        assertEquals(5, ((Number) friday.get("day_of_week")).intValue());
        assertEquals("Friday", friday.get("day_name"));
        // values faithful: milliseconds, NULL vs ''
        Map<String, Object> order = WarehouseDatabases.targetRows(
                "SELECT * FROM fact_sales_order WHERE sales_order_id = 1").get(0);
        assertEquals(1, order.get("sales_order_id"));
        assertEquals(LocalTime.parse("10:15:30.123"), createdTimeOfOrder1());
        assertEquals(null, WarehouseDatabases.targetRows("SELECT address_line_2 FROM dim_location WHERE location_id = 3")
                .get(0).get("address_line_2"));
        assertEquals("", WarehouseDatabases.targetRows("SELECT address_line_2 FROM dim_location WHERE location_id = 1")
                .get(0).get("address_line_2"));
        // the seed's three text dates that are no ISO date ('' among them): NULL in the warehouse, a reject each
        assertEquals(List.of(Map.of("table_name", "sales_order", "row_id", 7L, "column_name", "agreed_delivery_date",
                "rejected", "01/05/2024"), Map.of("table_name", "sales_order", "row_id", 8L, "column_name",
                        "agreed_delivery_date", "rejected", "2024-02-30"), Map.of("table_name", "sales_order", "row_id",
                                9L, "column_name", "agreed_delivery_date", "rejected", "")), rejects("warehouse-process"));
        assertEquals(List.of(), WarehouseDatabases.targetRows("SELECT sales_order_id FROM fact_sales_order "
                + "WHERE sales_order_id IN (7, 8, 9) AND agreed_delivery_date IS NOT NULL"));
        assertEquals(3, ((Number) TestDatabase.rows("SELECT rejects FROM warehouse_run WHERE step = 'warehouse-process'")
                .get(0).get("rejects")).intValue());

        // the change set, all at the watermark's millisecond or after it
        LocalDateTime later = seededAt.plus(1, ChronoUnit.MILLIS);
        try (Connection c = WarehouseDatabases.source()) {
            exec(c, "UPDATE sales_order SET units_sold = 7, last_updated = ? WHERE sales_order_id IN (1, 2)", later);
            exec(c, "UPDATE staff SET department_id = CASE WHEN department_id = 1 THEN 2 ELSE 1 END, last_updated = ? "
                    + "WHERE staff_id = 5", later);
            exec(c, "UPDATE address SET address_line_1 = 'New Road 1', last_updated = ? WHERE address_id = "
                    + "(SELECT legal_address_id FROM counterparty WHERE counterparty_id = 3)", later);
            // new orders committed now, but stamped with the very millisecond the watermark holds
            Random random = new Random(7);
            for (int i = 0; i < 3; i++) {
                TotesysDemo.insert(c, "INSERT INTO sales_order (design_id, staff_id, counterparty_id, units_sold, "
                        + "unit_price, currency_id, agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, "
                        + "created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1 + random.nextInt(50), 1,
                        1, 10, new BigDecimal("3.99"), 1, "2024-04-01", "2024-04-02", 1, seededAt, seededAt);
            }
            // and one committed late: stamped half a minute before the watermark, after the run that set it
            LocalDateTime late = seededAt.minusSeconds(30);
            TotesysDemo.insert(c, "INSERT INTO sales_order (design_id, staff_id, counterparty_id, units_sold, "
                    + "unit_price, currency_id, agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, "
                    + "created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 2, 1, 1, 11,
                    new BigDecimal("4.99"), 1, "2024-04-01", "2024-04-02", 1, late, late);
        }
        runAll();
        assertEquals(150 + 2 + 3 + 1, count("fact_sales_order"),
                "two updates add a row each, three new orders at the watermark's millisecond, one committed late");
        List<Long> history = WarehouseDatabases.targetRows("SELECT units_sold FROM fact_sales_order "
                + "WHERE sales_order_id = 2 ORDER BY last_updated_time").stream()
                .map(r -> ((Number) r.get("units_sold")).longValue()).toList();
        assertEquals(2, history.size(), "order 2's versions: " + history);
        assertEquals(7L, history.get(1));
        assertEquals(((Number) sourceRow("SELECT units_sold FROM sales_order WHERE sales_order_id = 3")
                .get("units_sold")).longValue(), ((Number) WarehouseDatabases.targetRows(
                        "SELECT units_sold FROM fact_sales_order WHERE sales_order_id = 3").get(0).get("units_sold"))
                        .longValue(), "an order that did not change has its one row");
        assertEquals(60, count("fact_purchase_order"));
        assertEquals(210, count("fact_payment"));
        assertEquals(SEEDED_DIMENSIONS, dimensionCounts(), "dimensions hold every source row, each once");
        Map<String, Object> staff = WarehouseDatabases.targetRows("SELECT * FROM dim_staff WHERE staff_id = 5").get(0);
        Map<String, Object> department = sourceRow("SELECT d.department_name, d.location FROM staff s JOIN department d "
                + "ON d.department_id = s.department_id WHERE s.staff_id = 5");
        assertEquals(department.get("department_name"), staff.get("department_name"));
        assertEquals(department.get("location"), staff.get("location"));
        assertEquals("New Road 1", WarehouseDatabases.targetRows(
                "SELECT counterparty_legal_address_line_1 FROM dim_counterparty WHERE counterparty_id = 3").get(0)
                .get("counterparty_legal_address_line_1"));
        assertEquals("New Road 1", WarehouseDatabases.targetRows(
                "SELECT address_line_1 FROM dim_location l JOIN dim_counterparty c ON c.counterparty_id = 3 "
                        + "WHERE l.address_line_1 = 'New Road 1'").get(0).get("address_line_1"));

        // a third run with nothing new changes nothing; loading every manifest again changes nothing
        long facts = count("fact_sales_order");
        runAll();
        run("warehouse-load");
        assertEquals(facts, count("fact_sales_order"));
        assertEquals(SEEDED_DIMENSIONS, dimensionCounts());
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theDemoChangeGeneratorReachesTheWarehouseAndEachStepRecordsItsCountsAndMetrics() throws Exception {
        runAll();
        double loaded = meters.counter("greenhouse.warehouse.rows", "step", "warehouse-load").count();
        LocalDateTime at = seededAt.plusMinutes(1);
        long changed;
        try (Connection c = WarehouseDatabases.source()) {
            assertEquals("3 sales orders updated, 2 added", TotesysDemo.changes(c, new Random(3), at));
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM sales_order WHERE last_updated = ?")) {
                q.setObject(1, at);
                try (var r = q.executeQuery()) {
                    assertTrue(r.next());
                    changed = r.getLong(1);
                }
            }
        }
        runAll();
        assertEquals(150 + changed, count("fact_sales_order"), "a fact row for each order the generator touched");
        assertEquals(210 + 2, count("fact_payment"), "the payments of the two new orders");
        Map<String, Object> load = TestDatabase.rows("SELECT status, counts FROM warehouse_run WHERE step = "
                + "'warehouse-load' ORDER BY run_id DESC").get(0);
        assertEquals("SUCCEEDED", load.get("status"));
        assertEquals(changed, ((Number) Manifests.JSON.readValue((String) load.get("counts"), Map.class)
                .get("fact_sales_order")).longValue(), "the run's counts per table: " + load.get("counts"));
        assertEquals(changed + 2 + 0.0, meters.counter("greenhouse.warehouse.rows", "step", "warehouse-load").count()
                - loaded, "fact rows appended: the sales orders and the two payments");
    }

    /** Read as LocalTime: java.sql.Time would drop the milliseconds. */
    private static LocalTime createdTimeOfOrder1() throws Exception {
        try (Connection c = WarehouseDatabases.target(); PreparedStatement q = c.prepareStatement(
                "SELECT created_time FROM fact_sales_order WHERE sales_order_id = 1"); var r = q.executeQuery()) {
            assertTrue(r.next());
            return r.getObject(1, LocalTime.class);
        }
    }

    static List<Map<String, Object>> rejects(String step) throws Exception {
        return TestDatabase.rows("SELECT table_name, row_id, column_name, rejected FROM warehouse_reject WHERE step = ? "
                + "ORDER BY row_id, column_name", step).stream().map(r -> {
                    Map<String, Object> m = new java.util.HashMap<>(r);
                    m.put("row_id", ((Number) r.get("row_id")).longValue());
                    return m;
                }).map(m -> (Map<String, Object>) new java.util.HashMap<>(m)).toList();
    }

    static Map<String, Object> sourceRow(String sql) throws Exception {
        try (Connection c = WarehouseDatabases.source(); PreparedStatement q = c.prepareStatement(sql);
                var r = q.executeQuery()) {
            assertTrue(r.next());
            Map<String, Object> row = new java.util.HashMap<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.put(r.getMetaData().getColumnLabel(i).toLowerCase(), r.getObject(i));
            }
            return row;
        }
    }

    static void exec(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void watermarksComeFromTheDataAndStayWhenTheRunFails() throws Exception {
        run("warehouse-ingest");
        Map<String, Object> mark = TestDatabase.rows(
                "SELECT last_updated FROM warehouse_watermark WHERE table_name = 'sales_order'").get(0);
        assertEquals(seededAt, watermark("sales_order"), "the greatest last_updated ingested, not the clock");
        WarehouseDatabases.sourceProxy().cut();
        try {
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
        } finally {
            WarehouseDatabases.sourceProxy().restore();
        }
        assertEquals(List.of("FAILED", "SUCCEEDED"), TestDatabase.rows("SELECT status FROM warehouse_run WHERE "
                + "step = 'warehouse-ingest' ORDER BY run_id DESC").stream().map(r -> (String) r.get("status")).toList());
        assertEquals(seededAt, watermark("sales_order"), "a failed run moves no watermark");
        assertEquals(11, TestDatabase.count("warehouse_watermark"));

        // the store keeps half of the manifest and answers 200: the manifest is not confirmed, so the run fails
        // and the watermark stays where it was, though the source has a newer row
        try (Connection c = WarehouseDatabases.source()) {
            exec(c, "UPDATE sales_order SET units_sold = 9, last_updated = ? WHERE sales_order_id = 1",
                    seededAt.plusSeconds(1));
        }
        S3Stub.afterUploads(11, () -> S3Stub.truncateUploads(true));
        try {
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
        } finally {
            S3Stub.truncateUploads(false);
        }
        assertEquals("FAILED", TestDatabase.rows("SELECT status FROM warehouse_run WHERE step = 'warehouse-ingest' "
                + "ORDER BY run_id DESC").get(0).get("status"));
        assertEquals(seededAt, watermark("sales_order"), "an unconfirmed manifest moves no watermark");
    }

    static LocalDateTime watermark(String table) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT last_updated FROM warehouse_watermark WHERE table_name = ?")) {
            q.setString(1, table);
            try (var r = q.executeQuery()) {
                assertTrue(r.next(), "a watermark for " + table);
                return r.getObject(1, LocalDateTime.class);
            }
        }
    }

    /** Keys stored under a prefix of the zones' bucket. */
    static List<String> stored(String prefix) {
        return S3Stub.client().listObjectsV2Paginator(l -> l.bucket(S3Stub.BUCKET).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).sorted().toList();
    }

    void killLoadAtTheFirstPayment(boolean kill) throws Exception {
        try (Connection c = WarehouseDatabases.target(); Statement s = c.createStatement()) {
            if (WarehouseDatabases.postgres()) {
                if (kill) {
                    s.execute("CREATE OR REPLACE FUNCTION kill_load() RETURNS trigger AS $$ BEGIN "
                            + "RAISE EXCEPTION 'killed mid-load'; END $$ LANGUAGE plpgsql");
                    s.execute("CREATE TRIGGER kill_load BEFORE INSERT ON fact_payment FOR EACH ROW EXECUTE FUNCTION kill_load()");
                } else {
                    s.execute("DROP TRIGGER kill_load ON fact_payment");
                }
            } else {
                s.execute(kill ? "CREATE TRIGGER kill_load BEFORE INSERT ON fact_payment FOR EACH ROW CALL \""
                        + KillLoadTrigger.class.getName() + "\"" : "DROP TRIGGER kill_load");
            }
        }
    }

    @Test
    void aStepKilledAtEachPointAndRunAgainLosesNothingAndDoublesNothing() throws Exception {
        // ingest dies after its 11 objects, before the manifest (the snapshot cannot be closed)
        S3Stub.afterUploads(11, () -> WarehouseDatabases.sourceProxy().cut());
        try {
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
        } finally {
            WarehouseDatabases.sourceProxy().restore();
        }
        assertEquals(11, stored("warehouse/ingestion/").size(), "the objects, and no manifest");
        assertEquals(0, TestDatabase.count("warehouse_watermark"));

        // ingest dies after the manifest is confirmed, before the watermarks move
        S3Stub.afterUploads(12, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
        } finally {
            TestDatabase.proxy().restore();
        }
        assertEquals(1, stored("warehouse/ingestion/manifests/").size());
        assertEquals(0, TestDatabase.count("warehouse_watermark"), "no watermark moved");
        run("warehouse-ingest");
        assertEquals(2, stored("warehouse/ingestion/manifests/").size());
        assertEquals(List.of("FAILED", "FAILED", "SUCCEEDED"), TestDatabase.rows("SELECT status FROM warehouse_run "
                + "WHERE step = 'warehouse-ingest' ORDER BY run_id").stream().map(r -> r.get("status")).toList(),
                "the run cut off from its database is closed as FAILED by the next");

        // process dies after its objects (11 star schema tables, 4 kept for the joins), before its manifest
        S3Stub.afterUploads(15, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(Exception.class, () -> run("warehouse-process"));
        } finally {
            TestDatabase.proxy().restore();
        }
        assertEquals(List.of(), stored("warehouse/processed/manifests/"));

        // process dies after its first manifest is stored, before its run row closes
        S3Stub.afterUploads(16, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(Exception.class, () -> run("warehouse-process"));
        } finally {
            TestDatabase.proxy().restore();
        }
        List<String> firstProcessed = stored("warehouse/processed/manifests/");
        assertEquals(1, firstProcessed.size(), "the first ingestion manifest is processed");
        String firstManifest = text(firstProcessed.get(0));
        run("warehouse-process");
        List<String> processedManifests = stored("warehouse/processed/manifests/");
        assertEquals(2, processedManifests.size(), "both ingestion manifests processed, the first once");
        assertEquals(firstManifest, text(firstProcessed.get(0)));
        assertEquals(1L, ((Number) TestDatabase.rows("SELECT COUNT(*) AS n FROM warehouse_run WHERE step = 'warehouse-process' "
                + "AND status = 'SUCCEEDED'").get(0).get("n")).longValue(),
                "the rerun processes only the second: the first's manifest is there");

        // load dies mid-transaction: dimensions and sales facts written, then the first payment fails
        killLoadAtTheFirstPayment(true);
        try {
            assertThrows(Exception.class, () -> run("warehouse-load"));
        } finally {
            killLoadAtTheFirstPayment(false);
        }
        assertEquals(0, count("fact_sales_order") + count("dim_location") + count("warehouse_load"),
                "nothing of the killed load is in the warehouse");

        // load dies after the warehouse committed its first manifest, before that run's row says so
        killTheLoadsRunCloseInTheAppDatabase(true);
        try {
            assertThrows(Exception.class, () -> run("warehouse-load"));
        } finally {
            killTheLoadsRunCloseInTheAppDatabase(false);
        }
        assertEquals(1, count("warehouse_load"), "the first manifest is in the warehouse");
        long firstFacts = count("fact_sales_order");
        assertTrue(firstFacts > 0, "its facts committed");
        run("warehouse-load");
        assertFullLoad();
        assertEquals(2, count("warehouse_load"), "the first manifest is not loaded again");
    }

    /** Object text of a key in the zones' bucket. */
    static String text(String key) {
        return S3Stub.client().getObjectAsBytes(g -> g.bucket(S3Stub.BUCKET).key(key)).asUtf8String();
    }

    /** While on, closing a warehouse-load run as SUCCEEDED fails in the app database, as a crash right then would. */
    static void killTheLoadsRunCloseInTheAppDatabase(boolean kill) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                if (kill) {
                    s.execute("CREATE OR REPLACE FUNCTION kill_run_close() RETURNS trigger AS $$ BEGIN "
                            + "RAISE EXCEPTION 'killed before the run row closed'; END $$ LANGUAGE plpgsql");
                    s.execute("CREATE TRIGGER kill_run_close BEFORE UPDATE ON warehouse_run FOR EACH ROW "
                            + "WHEN (NEW.step = 'warehouse-load' AND NEW.status = 'SUCCEEDED') EXECUTE FUNCTION kill_run_close()");
                } else {
                    s.execute("DROP TRIGGER kill_run_close ON warehouse_run");
                }
            } else {
                s.execute(kill ? "CREATE TRIGGER kill_run_close BEFORE UPDATE ON warehouse_run FOR EACH ROW CALL \""
                        + KillRunCloseTrigger.class.getName() + "\"" : "DROP TRIGGER kill_run_close");
            }
        }
    }

    @Test
    void sourceWarehouseAndZoneStoreDownFailTheStepAlertOnceAndTheNextRunCatchesUp() throws Exception {
        org.greenhouse.testing.MailStub.clear();
        WarehouseDatabases.sourceProxy().cut();
        try {
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
            assertThrows(Exception.class, () -> run("warehouse-ingest"));
        } finally {
            WarehouseDatabases.sourceProxy().restore();
        }
        run("warehouse-ingest");
        S3Stub.stopServer();
        try {
            assertThrows(Exception.class, () -> run("warehouse-process"));
            assertThrows(Exception.class, () -> run("warehouse-process"));
        } finally {
            S3Stub.startServer();
        }
        run("warehouse-process");
        WarehouseDatabases.targetProxy().cut();
        try {
            assertThrows(Exception.class, () -> run("warehouse-load"));
            assertThrows(Exception.class, () -> run("warehouse-load"));
        } finally {
            WarehouseDatabases.targetProxy().restore();
        }
        // the same episode goes on: the processed zone's store is away when load reads its manifests
        S3Stub.stopServer();
        try {
            assertThrows(Exception.class, () -> run("warehouse-load"));
        } finally {
            S3Stub.startServer();
        }
        assertEquals(0, count("warehouse_load"), "nothing loaded while the store was away");
        run("warehouse-load");
        assertFullLoad();
        List<String> expected = List.of("[greenhouse-test] warehouse-ingest failed", "[greenhouse-test] warehouse-ingest recovered",
                "[greenhouse-test] warehouse-load failed", "[greenhouse-test] warehouse-load recovered",
                "[greenhouse-test] warehouse-process failed", "[greenhouse-test] warehouse-process recovered");
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> subjects = List.of();
        while (System.nanoTime() < deadline) {
            subjects = org.greenhouse.testing.MailStub.received().stream().map(m -> {
                try {
                    return m.getSubject().replaceFirst("(failed|recovered).*", "$1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
            if (subjects.size() >= expected.size()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, subjects, "one alert per step per failure episode, one when it recovers");
    }

    @Test
    void aDanglingForeignKeyHoldsBackItsFactWithAReasonAndTheRestLoads() throws Exception {
        try (Connection c = WarehouseDatabases.source(); Statement s = c.createStatement()) {
            s.execute(WarehouseDatabases.postgres() ? "SET session_replication_role = replica"
                    : "SET REFERENTIAL_INTEGRITY FALSE");
            TotesysDemo.insert(c, "INSERT INTO sales_order (design_id, staff_id, counterparty_id, units_sold, unit_price, "
                    + "currency_id, agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, created_at, "
                    + "last_updated) VALUES (9999, 1, 1, 1, 1.00, 1, '2024-05-01', '2024-05-02', 1, ?, ?)", seededAt,
                    seededAt);
            s.execute(WarehouseDatabases.postgres() ? "SET session_replication_role = origin"
                    : "SET REFERENTIAL_INTEGRITY TRUE");
        }
        runAll();
        assertFullLoad();
        assertEquals(List.of(Map.of("table_name", "sales_order", "row_id", 151L, "column_name", "design_id",
                "rejected", "9999")), rejects("warehouse-load"));
        assertEquals("no dim_design row with this id: the row is not loaded", TestDatabase.rows(
                "SELECT reason FROM warehouse_reject WHERE step = 'warehouse-load'").get(0).get("reason"));
        assertEquals(1, ((Number) TestDatabase.rows("SELECT rejects FROM warehouse_run WHERE step = 'warehouse-load'")
                .get(0).get("rejects")).intValue());
    }

    @Inject
    org.greenhouse.lambda.GreenhouseLambda lambda;

    /** An S3 event notification as AWS documents it (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). */
    static Map<String, Object> s3Event(String key) throws Exception {
        String json = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2024-03-01T10:20:00.000Z","eventName":"ObjectCreated:Put",
                "userIdentity":{"principalId":"AWS:EXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"warehouse","bucket":{"name":"%s",
                "ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}
                """.formatted(S3Stub.BUCKET, S3Stub.BUCKET, key);
        return Manifests.JSON.readValue(json, Map.class);
    }

    @Test
    void theLambdaRunsProcessForAnIngestionManifestEventAndLoadForAProcessedOne() throws Exception {
        run("warehouse-ingest");
        String ingestion = stored("warehouse/ingestion/manifests/").get(0);
        Map<String, Object> processed = lambda.handleRequest(s3Event(ingestion), null);
        assertEquals(List.of("warehouse-process"), List.copyOf(((Map<?, ?>) processed.get("reports")).keySet()));
        assertEquals(0, count("fact_sales_order"), "process alone loads nothing");
        String manifest = stored("warehouse/processed/manifests/").get(0);
        Map<String, Object> loaded = lambda.handleRequest(s3Event(manifest), null);
        assertEquals(List.of("warehouse-load"), List.copyOf(((Map<?, ?>) loaded.get("reports")).keySet()));
        assertFullLoad();
        Map<String, Object> other = lambda.handleRequest(s3Event("warehouse/ingestion/sales_order/x.parquet"), null);
        assertEquals(Map.of(), other.get("reports"), "an object that is no manifest starts nothing");
    }
}
