package org.greenhouse.warehouse;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The two dimensions that join source tables, dim_staff (staff and department) and dim_counterparty
 * (counterparty and its legal address), need the latest row of both sides, also of rows that did not change
 * in this ingest run: a department renamed changes every dim_staff row of its staff. Process keeps the latest
 * rows of these four tables from one run to the next (in the processed zone, named by its manifest) and asks
 * this class which dimension rows a run's changes touch.
 */
public final class DimensionJoins {

    private final Map<Integer, Row> departments = new TreeMap<>();
    private final Map<Integer, Row> staff = new TreeMap<>();
    private final Map<Integer, Row> addresses = new TreeMap<>();
    private final Map<Integer, Row> counterparties = new TreeMap<>();
    private final Set<Integer> staffChanged = new TreeSet<>();
    private final Set<Integer> departmentsChanged = new TreeSet<>();
    private final Set<Integer> counterpartiesChanged = new TreeSet<>();
    private final Set<Integer> addressesChanged = new TreeSet<>();

    /** The source tables whose latest rows are kept. */
    public static final List<Table> KEPT = List.of(Totesys.DEPARTMENT, Totesys.STAFF, Totesys.ADDRESS,
            Totesys.COUNTERPARTY);

    public static boolean keeps(Table table) {
        return KEPT.contains(table);
    }

    /** Takes a row kept from an earlier run. */
    public void restore(Row row) {
        rows(row.table()).put(row.id(), row);
    }

    /** Takes a row of this run; an older version than the one kept changes nothing. */
    public void changed(Row row) {
        Map<Integer, Row> rows = rows(row.table());
        Row kept = rows.get(row.id());
        if (kept != null && kept.timestamp(Totesys.LAST_UPDATED).isAfter(row.timestamp(Totesys.LAST_UPDATED))) {
            return;
        }
        rows.put(row.id(), row);
        changes(row.table()).add(row.id());
    }

    /** The dim_staff rows this run's changes touch, in id order. */
    public void dimStaff(Consumer<Row> out, Consumer<Reject> rejects) {
        for (Row s : staff.values()) {
            if (staffChanged.contains(s.id()) || departmentsChanged.contains(s.integer("department_id"))) {
                out.accept(StarSchema.dimStaff(s, departments.get(s.integer("department_id")), rejects));
            }
        }
    }

    /** The dim_counterparty rows this run's changes touch, in id order. */
    public void dimCounterparty(Consumer<Row> out, Consumer<Reject> rejects) {
        for (Row c : counterparties.values()) {
            if (counterpartiesChanged.contains(c.id()) || addressesChanged.contains(c.integer("legal_address_id"))) {
                out.accept(StarSchema.dimCounterparty(c, addresses.get(c.integer("legal_address_id")), rejects));
            }
        }
    }

    /** The latest rows of a kept table, to keep for the next run. */
    public Collection<Row> latest(Table table) {
        return rows(table).values();
    }

    private Map<Integer, Row> rows(Table table) {
        return switch (table.name()) {
            case "department" -> departments;
            case "staff" -> staff;
            case "address" -> addresses;
            case "counterparty" -> counterparties;
            default -> throw new IllegalArgumentException(table.name() + " is not kept for the joins");
        };
    }

    private Set<Integer> changes(Table table) {
        return switch (table.name()) {
            case "department" -> departmentsChanged;
            case "staff" -> staffChanged;
            case "address" -> addressesChanged;
            default -> counterpartiesChanged;
        };
    }
}
