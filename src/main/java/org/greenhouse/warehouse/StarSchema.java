package org.greenhouse.warehouse;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The three star schemas (docs/warehouse.md) and how each source row becomes star schema rows: pure
 * functions, no I/O. Facts get one row per source row version (their key: source id, last updated date and
 * time); dimensions the latest values (their key: the id). Text dates that are no ISO date become NULL and a
 * {@link Reject}.
 */
public final class StarSchema {

    public static final Table FACT_SALES_ORDER = Table.of("fact_sales_order",
            List.of("sales_order_id", "last_updated_date", "last_updated_time"), "sales_order_id:INT",
            "created_date:DATE", "created_time:TIME", "last_updated_date:DATE", "last_updated_time:TIME",
            "sales_staff_id:INT", "counterparty_id:INT", "units_sold:INT", "unit_price:DECIMAL", "currency_id:INT",
            "design_id:INT", "agreed_payment_date:DATE", "agreed_delivery_date:DATE",
            "agreed_delivery_location_id:INT");
    public static final Table FACT_PURCHASE_ORDER = Table.of("fact_purchase_order",
            List.of("purchase_order_id", "last_updated_date", "last_updated_time"), "purchase_order_id:INT",
            "created_date:DATE", "created_time:TIME", "last_updated_date:DATE", "last_updated_time:TIME",
            "staff_id:INT", "counterparty_id:INT", "item_code:TEXT", "item_quantity:INT", "item_unit_price:DECIMAL",
            "currency_id:INT", "agreed_delivery_date:DATE", "agreed_payment_date:DATE",
            "agreed_delivery_location_id:INT");
    public static final Table FACT_PAYMENT = Table.of("fact_payment",
            List.of("payment_id", "last_updated_date", "last_updated_time"), "payment_id:INT", "created_date:DATE",
            "created_time:TIME", "last_updated_date:DATE", "last_updated_time:TIME", "transaction_id:INT",
            "counterparty_id:INT", "payment_amount:DECIMAL", "currency_id:INT", "payment_type_id:INT", "paid:BOOLEAN",
            "payment_date:DATE");

    public static final Table DIM_DATE = Table.of("dim_date", List.of("date_id"), "date_id:DATE", "year:INT",
            "month:INT", "day:INT", "day_of_week:INT", "day_name:TEXT", "month_name:TEXT", "quarter:INT");
    public static final Table DIM_STAFF = Table.of("dim_staff", List.of("staff_id"), "staff_id:INT",
            "first_name:TEXT", "last_name:TEXT", "department_name:TEXT", "location:TEXT", "email_address:TEXT");
    public static final Table DIM_LOCATION = Table.of("dim_location", List.of("location_id"), "location_id:INT",
            "address_line_1:TEXT", "address_line_2:TEXT", "district:TEXT", "city:TEXT", "postal_code:TEXT",
            "country:TEXT", "phone:TEXT");
    public static final Table DIM_CURRENCY = Table.of("dim_currency", List.of("currency_id"), "currency_id:INT",
            "currency_code:TEXT", "currency_name:TEXT");
    public static final Table DIM_DESIGN = Table.of("dim_design", List.of("design_id"), "design_id:INT",
            "design_name:TEXT", "file_location:TEXT", "file_name:TEXT");
    public static final Table DIM_COUNTERPARTY = Table.of("dim_counterparty", List.of("counterparty_id"),
            "counterparty_id:INT", "counterparty_legal_name:TEXT", "counterparty_legal_address_line_1:TEXT",
            "counterparty_legal_address_line_2:TEXT", "counterparty_legal_district:TEXT",
            "counterparty_legal_city:TEXT", "counterparty_legal_postal_code:TEXT", "counterparty_legal_country:TEXT",
            "counterparty_legal_phone_number:TEXT");
    public static final Table DIM_PAYMENT_TYPE = Table.of("dim_payment_type", List.of("payment_type_id"),
            "payment_type_id:INT", "payment_type_name:TEXT");
    public static final Table DIM_TRANSACTION = Table.of("dim_transaction", List.of("transaction_id"),
            "transaction_id:INT", "transaction_type:TEXT", "sales_order_id:INT", "purchase_order_id:INT");

    /** Dimensions in the order load upserts them, then the facts in the order it appends them. */
    public static final List<Table> DIMENSIONS = List.of(DIM_DATE, DIM_LOCATION, DIM_CURRENCY, DIM_DESIGN,
            DIM_PAYMENT_TYPE, DIM_TRANSACTION, DIM_STAFF, DIM_COUNTERPARTY);
    public static final List<Table> FACTS = List.of(FACT_SALES_ORDER, FACT_PURCHASE_ORDER, FACT_PAYMENT);

    /** A fact's foreign key: the column and the dimension whose id it names. */
    public record Reference(String column, Table dimension) {
    }

    /** What each fact refers to besides dates (dim_date has a row for every date a fact uses). */
    public static final Map<Table, List<Reference>> REFERENCES = Map.of(
            FACT_SALES_ORDER, List.of(new Reference("sales_staff_id", DIM_STAFF),
                    new Reference("counterparty_id", DIM_COUNTERPARTY), new Reference("currency_id", DIM_CURRENCY),
                    new Reference("design_id", DIM_DESIGN), new Reference("agreed_delivery_location_id", DIM_LOCATION)),
            FACT_PURCHASE_ORDER, List.of(new Reference("staff_id", DIM_STAFF),
                    new Reference("counterparty_id", DIM_COUNTERPARTY), new Reference("currency_id", DIM_CURRENCY),
                    new Reference("agreed_delivery_location_id", DIM_LOCATION)),
            FACT_PAYMENT, List.of(new Reference("transaction_id", DIM_TRANSACTION),
                    new Reference("counterparty_id", DIM_COUNTERPARTY), new Reference("currency_id", DIM_CURRENCY),
                    new Reference("payment_type_id", DIM_PAYMENT_TYPE)));

    /** The name given to a currency code ISO 4217 does not know. */
    public static final String UNKNOWN_CURRENCY = "unknown currency";

    private StarSchema() {
    }

    public static boolean isFact(Table table) {
        return FACTS.contains(table);
    }

    public static Table table(String name) {
        return java.util.stream.Stream.concat(DIMENSIONS.stream(), FACTS.stream()).filter(t -> t.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a star schema table: " + name));
    }

    /** The fact version of a sales order row; unparseable agreed dates become NULL with a reject. */
    public static Row factSalesOrder(Row so, Consumer<Reject> rejects) {
        LocalDateTime created = so.timestamp("created_at");
        LocalDateTime updated = so.timestamp(Totesys.LAST_UPDATED);
        return FACT_SALES_ORDER.row(so.get("sales_order_id"), date(created), time(created), date(updated),
                time(updated), so.get("staff_id"), so.get("counterparty_id"), so.get("units_sold"),
                so.get("unit_price"), so.get("currency_id"), so.get("design_id"),
                textDate(so, "agreed_payment_date", rejects), textDate(so, "agreed_delivery_date", rejects),
                so.get("agreed_delivery_location_id"));
    }

    public static Row factPurchaseOrder(Row po, Consumer<Reject> rejects) {
        LocalDateTime created = po.timestamp("created_at");
        LocalDateTime updated = po.timestamp(Totesys.LAST_UPDATED);
        return FACT_PURCHASE_ORDER.row(po.get("purchase_order_id"), date(created), time(created), date(updated),
                time(updated), po.get("staff_id"), po.get("counterparty_id"), po.get("item_code"),
                po.get("item_quantity"), po.get("item_unit_price"), po.get("currency_id"),
                textDate(po, "agreed_delivery_date", rejects), textDate(po, "agreed_payment_date", rejects),
                po.get("agreed_delivery_location_id"));
    }

    /** The fact version of a payment; the two account numbers are not carried. */
    public static Row factPayment(Row p, Consumer<Reject> rejects) {
        LocalDateTime created = p.timestamp("created_at");
        LocalDateTime updated = p.timestamp(Totesys.LAST_UPDATED);
        return FACT_PAYMENT.row(p.get("payment_id"), date(created), time(created), date(updated), time(updated),
                p.get("transaction_id"), p.get("counterparty_id"), p.get("payment_amount"), p.get("currency_id"),
                p.get("payment_type_id"), p.get("paid"), textDate(p, "payment_date", rejects));
    }

    public static Row dimLocation(Row a) {
        return DIM_LOCATION.row(a.get("address_id"), a.get("address_line_1"), a.get("address_line_2"),
                a.get("district"), a.get("city"), a.get("postal_code"), a.get("country"), a.get("phone"));
    }

    public static Row dimCurrency(Row c) {
        return DIM_CURRENCY.row(c.get("currency_id"), c.get("currency_code"), currencyName(c.text("currency_code")));
    }

    /** The English name ISO 4217 gives the code (the JDK's table), or {@value #UNKNOWN_CURRENCY}. */
    public static String currencyName(String code) {
        if (code == null) {
            return null;
        }
        try {
            return Currency.getInstance(code).getDisplayName(Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            return UNKNOWN_CURRENCY;
        }
    }

    public static Row dimDesign(Row d) {
        return DIM_DESIGN.row(d.get("design_id"), d.get("design_name"), d.get("file_location"), d.get("file_name"));
    }

    public static Row dimPaymentType(Row t) {
        return DIM_PAYMENT_TYPE.row(t.get("payment_type_id"), t.get("payment_type_name"));
    }

    public static Row dimTransaction(Row t) {
        return DIM_TRANSACTION.row(t.get("transaction_id"), t.get("transaction_type"), t.get("sales_order_id"),
                t.get("purchase_order_id"));
    }

    /** Staff joined to its department; a department that is not there leaves its columns NULL, with a reject. */
    public static Row dimStaff(Row staff, Row department, Consumer<Reject> rejects) {
        if (department == null) {
            rejects.accept(new Reject("staff", staff.id(), "department_id", String.valueOf(staff.get("department_id")),
                    "no department with this id: department_name and location are NULL"));
        }
        return DIM_STAFF.row(staff.get("staff_id"), staff.get("first_name"), staff.get("last_name"),
                department == null ? null : department.get("department_name"),
                department == null ? null : department.get("location"), staff.get("email_address"));
    }

    /** A counterparty joined to its legal address; an address that is not there leaves its columns NULL. */
    public static Row dimCounterparty(Row c, Row address, Consumer<Reject> rejects) {
        if (address == null) {
            rejects.accept(new Reject("counterparty", c.id(), "legal_address_id",
                    String.valueOf(c.get("legal_address_id")), "no address with this id: the address columns are NULL"));
        }
        return DIM_COUNTERPARTY.row(c.get("counterparty_id"), c.get("counterparty_legal_name"),
                address == null ? null : address.get("address_line_1"),
                address == null ? null : address.get("address_line_2"),
                address == null ? null : address.get("district"), address == null ? null : address.get("city"),
                address == null ? null : address.get("postal_code"), address == null ? null : address.get("country"),
                address == null ? null : address.get("phone"));
    }

    /** A calendar row; day_of_week is ISO: Monday 1 to Sunday 7. */
    public static Row dimDate(LocalDate date) {
        return DIM_DATE.row(date, date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
                date.getDayOfWeek().getValue(), date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH), (date.getMonthValue() - 1) / 3 + 1);
    }

    /** Every date a fact row uses (for dim_date). */
    public static void datesOf(Row fact, Consumer<LocalDate> dates) {
        for (int i = 0; i < fact.table().columns().size(); i++) {
            if (fact.table().columns().get(i).type() == Table.Type.DATE && fact.get(i) != null) {
                dates.accept((LocalDate) fact.get(i));
            }
        }
    }

    private static LocalDate date(LocalDateTime time) {
        return time == null ? null : time.toLocalDate();
    }

    private static java.time.LocalTime time(LocalDateTime time) {
        return time == null ? null : time.toLocalTime();
    }

    private static LocalDate textDate(Row row, String column, Consumer<Reject> rejects) {
        String text = row.text(column);
        TextDates.Parsed parsed = TextDates.parse(text);
        if (parsed.problem() != null) {
            rejects.accept(new Reject(row.table().name(), row.id(), column, text, parsed.problem() + ": loaded as NULL"));
        }
        return parsed.date();
    }
}
