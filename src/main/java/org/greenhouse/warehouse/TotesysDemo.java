package org.greenhouse.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.greenhouse.db.Transactions;
import org.greenhouse.db.Vendor;
import org.jboss.logging.Logger;

/**
 * The demo totesys database of the embedded defaults ({@code greenhouse.warehouse.demo.enabled}): created and
 * seeded with a few hundred rows at first start, then changed every {@code greenhouse.warehouse.demo.period}
 * (routes/warehouse-demo.yaml): orders updated, new orders with their transaction and payment, so ingest,
 * process and load have something to do. Times are UTC without a zone, as totesys keeps them.
 */
@ApplicationScoped
@Named("warehouseDemo")
@RegisterForReflection
public class TotesysDemo {

    private static final Logger LOG = Logger.getLogger(TotesysDemo.class);
    private static final String[] CITIES = { "Leeds", "Manchester", "York", "Bristol", "Cardiff", "Glasgow" };
    private static final String[] DEPARTMENTS = { "Sales", "Purchasing", "Production", "Dispatch", "Finance",
            "Facilities", "Communications", "HR" };

    @Inject
    WarehouseConfig config;

    @Inject
    WarehouseParts parts;

    private final Random random = new Random();

    void seedAtStartup(@Observes StartupEvent started) {
        if (!config.enabled() || !config.demo().enabled()) {
            return;
        }
        try (Connection c = parts.source().connection()) {
            if (createSchema(c)) {
                Transactions.inTransaction(c, tx -> {
                    seed(tx, now());
                    return null;
                });
                LOG.infof("warehouse demo: totesys created and seeded in %s", c.getMetaData().getURL());
            }
        } catch (SQLException | IOException e) {
            LOG.errorf("warehouse demo: totesys not seeded (%s)", e.getMessage());
        }
    }

    /** One round of changes (the demo route's timer). */
    public String change() throws SQLException {
        try (Connection c = parts.source().connection()) {
            return Transactions.inTransaction(c, tx -> changes(tx, random, now()));
        }
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(Clock.systemUTC()).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Creates the totesys tables unless the connection's schema has them (another schema's, such as the
     * benchmark's in the same database, do not count); true when it created them.
     */
    public static boolean createSchema(Connection c) throws SQLException, IOException {
        try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] { "TABLE" })) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase("sales_order")) {
                    return false;
                }
            }
        }
        Vendor vendor = Vendor.of(c.getMetaData().getURL());
        String ddl = "/warehouse/totesys-" + (vendor == Vendor.POSTGRESQL ? "postgresql" : "h2") + ".sql";
        try (InputStream in = TotesysDemo.class.getResourceAsStream(ddl); Statement statement = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String part : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
        return true;
    }

    /**
     * A small totesys (ids from 1 in this order): 30 addresses, 20 counterparties, 3 currencies, 8 departments,
     * 50 designs, 20 staff, 4 payment types, 150 sales and 60 purchase orders with a transaction and a payment
     * each; two sales orders carry agreed dates that are no ISO date.
     */
    public static void seed(Connection c, LocalDateTime at) throws SQLException {
        Random random = new Random(42);
        for (int i = 1; i <= 30; i++) {
            insert(c, "INSERT INTO address (address_line_1, address_line_2, district, city, postal_code, country, phone, "
                    + "created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", i + " High Street",
                    i % 3 == 0 ? null : i % 3 == 1 ? "" : "Unit " + i, i % 2 == 0 ? "Yorkshire" : null,
                    CITIES[i % CITIES.length], "LS" + i + " 1AB", "United Kingdom", "0113 496 " + (1000 + i), at, at);
        }
        for (int i = 1; i <= 20; i++) {
            insert(c, "INSERT INTO counterparty (counterparty_legal_name, legal_address_id, commercial_contact, "
                    + "delivery_contact, created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?)", "Counterparty " + i + " Ltd",
                    1 + random.nextInt(30), "Contact " + i, "Delivery " + i, at, at);
        }
        for (String code : new String[] { "GBP", "USD", "EUR" }) {
            insert(c, "INSERT INTO currency (currency_code, created_at, last_updated) VALUES (?, ?, ?)", code, at, at);
        }
        for (String name : DEPARTMENTS) {
            insert(c, "INSERT INTO department (department_name, location, manager, created_at, last_updated) "
                    + "VALUES (?, ?, ?, ?, ?)", name, CITIES[name.length() % CITIES.length], "Manager of " + name, at, at);
        }
        for (int i = 1; i <= 50; i++) {
            insert(c, "INSERT INTO design (design_name, file_location, file_name, created_at, last_updated) "
                    + "VALUES (?, ?, ?, ?, ?)", "Design " + i, "/usr/designs", "design-" + i + ".json", at, at);
        }
        for (int i = 1; i <= 20; i++) {
            insert(c, "INSERT INTO staff (first_name, last_name, department_id, email_address, created_at, last_updated) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", "First" + i, "Last" + i, 1 + random.nextInt(DEPARTMENTS.length),
                    "staff" + i + "@terrifictotes.com", at, at);
        }
        for (String type : new String[] { "SALES_RECEIPT", "SALES_REFUND", "PURCHASE_PAYMENT", "PURCHASE_REFUND" }) {
            insert(c, "INSERT INTO payment_type (payment_type_name, created_at, last_updated) VALUES (" + cast(c, type,
                    "payment_type_name") + ", ?, ?)", at, at);
        }
        for (int i = 1; i <= 150; i++) {
            String delivery = i == 7 ? "01/05/2024" : i == 8 ? "2024-02-30" : i == 9 ? "" : day(at, random.nextInt(30)).toString();
            salesOrder(c, random, at, delivery);
        }
        for (int i = 1; i <= 60; i++) {
            purchaseOrder(c, random, at);
        }
    }

    /** Updates three orders and adds two, each with its transaction and payment; returns what it did. */
    static String changes(Connection c, Random random, LocalDateTime at) throws SQLException {
        int orders;
        try (Statement statement = c.createStatement();
                ResultSet max = statement.executeQuery("SELECT MAX(sales_order_id) FROM sales_order")) {
            max.next();
            orders = max.getInt(1);
        }
        for (int i = 0; i < 3 && orders > 0; i++) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE sales_order SET units_sold = ?, last_updated = ? WHERE sales_order_id = ?")) {
                update.setInt(1, 1 + random.nextInt(100_000));
                update.setObject(2, at);
                update.setInt(3, 1 + random.nextInt(orders));
                update.executeUpdate();
            }
        }
        salesOrder(c, random, at, day(at, 3 + random.nextInt(30)).toString());
        salesOrder(c, random, at, day(at, 3 + random.nextInt(30)).toString());
        return "3 sales orders updated, 2 added";
    }

    private static LocalDate day(LocalDateTime at, int days) {
        return at.toLocalDate().plusDays(days);
    }

    private static void salesOrder(Connection c, Random random, LocalDateTime at, String delivery) throws SQLException {
        int order = insert(c, "INSERT INTO sales_order (design_id, staff_id, counterparty_id, units_sold, unit_price, "
                + "currency_id, agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, created_at, "
                + "last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1 + random.nextInt(50), 1 + random.nextInt(20),
                1 + random.nextInt(20), 1 + random.nextInt(100_000), price(random), 1 + random.nextInt(3), delivery,
                day(at, random.nextInt(60)).toString(), 1 + random.nextInt(30), at, at);
        int transaction = insert(c, "INSERT INTO transaction (transaction_type, sales_order_id, created_at, last_updated) "
                + "VALUES (" + cast(c, "SALE", "transaction_type") + ", ?, ?, ?)", order, at, at);
        payment(c, random, at, transaction, 1);
    }

    private static void purchaseOrder(Connection c, Random random, LocalDateTime at) throws SQLException {
        int order = insert(c, "INSERT INTO purchase_order (staff_id, counterparty_id, item_code, item_quantity, "
                + "item_unit_price, currency_id, agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, "
                + "created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1 + random.nextInt(20),
                1 + random.nextInt(20), "ITEM" + random.nextInt(1000), 1 + random.nextInt(1000), price(random),
                1 + random.nextInt(3), day(at, random.nextInt(30)).toString(), day(at, random.nextInt(60)).toString(),
                1 + random.nextInt(30), at, at);
        int transaction = insert(c, "INSERT INTO transaction (transaction_type, purchase_order_id, created_at, "
                + "last_updated) VALUES (" + cast(c, "PURCHASE", "transaction_type") + ", ?, ?, ?)", order, at, at);
        payment(c, random, at, transaction, 3);
    }

    private static void payment(Connection c, Random random, LocalDateTime at, int transaction, int type)
            throws SQLException {
        insert(c, "INSERT INTO payment (transaction_id, counterparty_id, payment_amount, currency_id, payment_type_id, "
                + "paid, payment_date, company_ac_number, counterparty_ac_number, created_at, last_updated) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", transaction, 1 + random.nextInt(20), price(random),
                1 + random.nextInt(3), type, random.nextBoolean(), day(at, random.nextInt(60)).toString(),
                10_000_000 + random.nextInt(89_999_999), 10_000_000 + random.nextInt(89_999_999), at, at);
    }

    private static BigDecimal price(Random random) {
        return BigDecimal.valueOf(100 + random.nextInt(900_000), 2);
    }

    /** An enum literal: PostgreSQL's enum types need a cast, H2's ENUM columns take the text. */
    private static String cast(Connection c, String value, String type) throws SQLException {
        return Vendor.of(c.getMetaData().getURL()) == Vendor.POSTGRESQL ? "'" + value + "'::" + type : "'" + value + "'";
    }

    /** Inserts one row; returns its generated id. */
    static int insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }
}
