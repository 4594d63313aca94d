package org.greenhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarSchemaTest {

    static final LocalDateTime CREATED = LocalDateTime.parse("2024-02-28T23:59:59.999");
    static final LocalDateTime UPDATED = LocalDateTime.parse("2024-03-01T08:00:00.001");

    static Row salesOrder(int id, String paymentDate, String deliveryDate) {
        return Totesys.SALES_ORDER.row(id, 3, 4, 5, 1000, new BigDecimal("2.50"), 1, deliveryDate, paymentDate, 7,
                CREATED, UPDATED);
    }

    @Test
    void aSalesOrderBecomesAFactWithDateAndTimeSplitToTheMillisecondAndStaffRenamed() {
        List<Reject> rejects = new ArrayList<>();
        Row fact = StarSchema.factSalesOrder(salesOrder(11, "2024-02-29", "2024-03-05"), rejects::add);
        assertEquals(List.of(), rejects);
        assertEquals(11, fact.integer("sales_order_id"));
        assertEquals(LocalDate.parse("2024-02-28"), fact.date("created_date"));
        assertEquals(LocalTime.parse("23:59:59.999"), fact.time("created_time"));
        assertEquals(LocalDate.parse("2024-03-01"), fact.date("last_updated_date"));
        assertEquals(LocalTime.parse("08:00:00.001"), fact.time("last_updated_time"));
        assertEquals(4, fact.integer("sales_staff_id"));
        assertEquals(new BigDecimal("2.50"), fact.decimal("unit_price"));
        assertEquals(LocalDate.parse("2024-02-29"), fact.date("agreed_payment_date"));
        assertEquals(LocalDate.parse("2024-03-05"), fact.date("agreed_delivery_date"));
        assertEquals(7, fact.integer("agreed_delivery_location_id"));
    }

    @Test
    void textDatesThatAreNoIsoDateAreLoadedAsNullAndRejectedWithTableIdColumnAndReason() {
        List<Reject> rejects = new ArrayList<>();
        Row fact = StarSchema.factSalesOrder(salesOrder(12, "2024-02-30", "01/05/2024"), rejects::add);
        assertNull(fact.date("agreed_payment_date"));
        assertNull(fact.date("agreed_delivery_date"));
        assertEquals(List.of(
                new Reject("sales_order", 12, "agreed_payment_date", "2024-02-30", "no such date: loaded as NULL"),
                new Reject("sales_order", 12, "agreed_delivery_date", "01/05/2024",
                        "not an ISO date (yyyy-mm-dd); never guessed: loaded as NULL")), rejects);
        rejects.clear();
        StarSchema.factSalesOrder(salesOrder(13, "", null), rejects::add);
        assertEquals(List.of(new Reject("sales_order", 13, "agreed_payment_date", "",
                "empty text is not a date: loaded as NULL")), rejects, "NULL is no reject, '' is");
    }

    @Test
    void aPaymentFactDropsTheAccountNumbersAndKeepsPaid() {
        Row payment = Totesys.PAYMENT.row(5, 6, 7, new BigDecimal("10.00"), 1, 2, false, "2024-01-31", 1234, 5678,
                CREATED, UPDATED);
        Row fact = StarSchema.factPayment(payment, r -> {
            throw new AssertionError(r);
        });
        assertEquals(List.of("payment_id", "created_date", "created_time", "last_updated_date", "last_updated_time",
                "transaction_id", "counterparty_id", "payment_amount", "currency_id", "payment_type_id", "paid",
                "payment_date"), fact.table().columnNames());
        assertEquals(false, fact.get("paid"));
        assertEquals(LocalDate.parse("2024-01-31"), fact.date("payment_date"));
    }

    @Test
    void dimDateIsIsoMondayOneWithNamesAndQuarter() {
        Row monday = StarSchema.dimDate(LocalDate.parse("2024-01-01"));
        assertEquals(List.of(LocalDate.parse("2024-01-01"), 2024, 1, 1, 1, "Monday", "January", 1),
                List.of(monday.get(0), monday.get(1), monday.get(2), monday.get(3), monday.get(4), monday.get(5),
                        monday.get(6), monday.get(7)));
        Row sunday = StarSchema.dimDate(LocalDate.parse("2023-12-31"));
        assertEquals(7, sunday.integer("day_of_week"));
        assertEquals(4, sunday.integer("quarter"));
        assertEquals("Sunday", sunday.text("day_name"));
    }

    @Test
    void currencyNamesComeFromIso4217AndUnknownCodesGetThePlaceholder() {
        assertEquals("Euro", StarSchema.currencyName("EUR"));
        assertEquals("British Pound", StarSchema.currencyName("GBP"));
        assertEquals(StarSchema.UNKNOWN_CURRENCY, StarSchema.currencyName("ZZZ"));
        assertNull(StarSchema.currencyName(null));
    }

    @Test
    void nullsEmptyTextsMillisecondsAndDecimalsComeBackFromParquetAsTheyWent(@TempDir Path dir) throws Exception {
        Row a = Totesys.ADDRESS.row(1, "1 Road", null, "", "Leeds", "LS1", "UK", "0113 ☎ 𝄞",
                LocalDateTime.parse("2022-11-03T14:20:49.962"), LocalDateTime.parse("2022-11-03T14:20:49.962"));
        Row so = salesOrder(2, null, "");
        Path file = dir.resolve("t.parquet");
        try (var writer = new Datasets.Writer(Totesys.ADDRESS, file)) {
            writer.write(a);
        }
        List<Row> back = new ArrayList<>();
        Datasets.read(file, Totesys.ADDRESS, back::add);
        assertEquals(List.of(a), back);
        Path orders = dir.resolve("o.parquet");
        try (var writer = new Datasets.Writer(Totesys.SALES_ORDER, orders)) {
            writer.write(so);
        }
        back.clear();
        Datasets.read(orders, Totesys.SALES_ORDER, back::add);
        assertEquals(List.of(so), back);
        assertNull(back.get(0).get("agreed_payment_date"));
        assertEquals("", back.get(0).get("agreed_delivery_date"));
        // every other type: booleans, negative decimals, dates and times with their milliseconds
        Row payment = Totesys.PAYMENT.row(3, 4, 5, new BigDecimal("-12345678.90"), 1, 2, true, "2024-02-29", 123, null,
                CREATED, UPDATED);
        Row unpaid = Totesys.PAYMENT.row(4, 4, 5, new BigDecimal("0.01"), 1, 2, false, null, null, 9, CREATED, UPDATED);
        Row fact = StarSchema.factSalesOrder(salesOrder(11, "2024-02-29", "0001-01-01"), new ArrayList<>()::add);
        assertEquals(List.of(payment, unpaid), roundTrip(dir, payment, unpaid));
        assertEquals(List.of(fact), roundTrip(dir, fact));
        assertEquals(LocalTime.parse("23:59:59.999"), roundTrip(dir, fact).get(0).time("created_time"));
    }

    /** Rows of one table written to Parquet and read back. */
    static List<Row> roundTrip(Path dir, Row... rows) throws Exception {
        Path file = dir.resolve(rows[0].table().name() + ".parquet");
        try (var writer = new Datasets.Writer(rows[0].table(), file)) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
        List<Row> back = new ArrayList<>();
        Datasets.read(file, rows[0].table(), back::add);
        return back;
    }
}
