package org.greenhouse.warehouse;

import java.util.List;

/**
 * The 11 tables of the totesys source database (docs/warehouse.md), in the order ingest reads them. Every
 * table has {@code created_at} and {@code last_updated}, timestamp(3) without time zone; ingest reads the rows
 * whose {@code last_updated} is at or after the table's watermark less the re-read window.
 */
public final class Totesys {

    public static final String LAST_UPDATED = "last_updated";

    public static final Table ADDRESS = source("address", "address_id:INT", "address_line_1:TEXT",
            "address_line_2:TEXT", "district:TEXT", "city:TEXT", "postal_code:TEXT", "country:TEXT", "phone:TEXT");
    public static final Table COUNTERPARTY = source("counterparty", "counterparty_id:INT",
            "counterparty_legal_name:TEXT", "legal_address_id:INT", "commercial_contact:TEXT", "delivery_contact:TEXT");
    public static final Table CURRENCY = source("currency", "currency_id:INT", "currency_code:TEXT");
    public static final Table DEPARTMENT = source("department", "department_id:INT", "department_name:TEXT",
            "location:TEXT", "manager:TEXT");
    public static final Table DESIGN = source("design", "design_id:INT", "design_name:TEXT", "file_location:TEXT",
            "file_name:TEXT");
    public static final Table STAFF = source("staff", "staff_id:INT", "first_name:TEXT", "last_name:TEXT",
            "department_id:INT", "email_address:TEXT");
    public static final Table SALES_ORDER = source("sales_order", "sales_order_id:INT", "design_id:INT",
            "staff_id:INT", "counterparty_id:INT", "units_sold:INT", "unit_price:DECIMAL", "currency_id:INT",
            "agreed_delivery_date:TEXT", "agreed_payment_date:TEXT", "agreed_delivery_location_id:INT");
    public static final Table PURCHASE_ORDER = source("purchase_order", "purchase_order_id:INT", "staff_id:INT",
            "counterparty_id:INT", "item_code:TEXT", "item_quantity:INT", "item_unit_price:DECIMAL",
            "currency_id:INT", "agreed_delivery_date:TEXT", "agreed_payment_date:TEXT",
            "agreed_delivery_location_id:INT");
    public static final Table PAYMENT_TYPE = source("payment_type", "payment_type_id:INT", "payment_type_name:TEXT");
    public static final Table TRANSACTION = source("transaction", "transaction_id:INT", "transaction_type:TEXT",
            "sales_order_id:INT", "purchase_order_id:INT");
    public static final Table PAYMENT = source("payment", "payment_id:INT", "transaction_id:INT",
            "counterparty_id:INT", "payment_amount:DECIMAL", "currency_id:INT", "payment_type_id:INT", "paid:BOOLEAN",
            "payment_date:TEXT", "company_ac_number:INT", "counterparty_ac_number:INT");

    public static final List<Table> TABLES = List.of(ADDRESS, COUNTERPARTY, CURRENCY, DEPARTMENT, DESIGN, STAFF,
            SALES_ORDER, PURCHASE_ORDER, PAYMENT_TYPE, TRANSACTION, PAYMENT);

    private Totesys() {
    }

    public static Table table(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a totesys table: " + name));
    }

    private static Table source(String name, String... columns) {
        String[] all = new String[columns.length + 2];
        System.arraycopy(columns, 0, all, 0, columns.length);
        all[columns.length] = "created_at:TIMESTAMP";
        all[columns.length + 1] = LAST_UPDATED + ":TIMESTAMP";
        return Table.of(name, List.of(columns[0].split(":")[0]), all);
    }
}
