package org.greenhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DimensionJoinsTest {

    static final LocalDateTime T0 = LocalDateTime.parse("2024-01-01T00:00:00");
    static final LocalDateTime T1 = LocalDateTime.parse("2024-01-02T00:00:00");

    static Row department(int id, String name, LocalDateTime at) {
        return Totesys.DEPARTMENT.row(id, name, "Leeds", "M", T0, at);
    }

    static Row staff(int id, int department, LocalDateTime at) {
        return Totesys.STAFF.row(id, "F" + id, "L" + id, department, id + "@t.com", T0, at);
    }

    @Test
    void aRenamedDepartmentChangesTheDimStaffRowsOfAllItsStaffAndOnlyThose() {
        DimensionJoins joins = new DimensionJoins();
        joins.restore(department(1, "Sales", T0));
        joins.restore(department(2, "Finance", T0));
        joins.restore(staff(10, 1, T0));
        joins.restore(staff(11, 2, T0));
        joins.changed(department(1, "Sales & Marketing", T1));
        List<Row> out = new ArrayList<>();
        joins.dimStaff(out::add, r -> {
            throw new AssertionError(r);
        });
        assertEquals(List.of(StarSchema.DIM_STAFF.row(10, "F10", "L10", "Sales & Marketing", "Leeds", "10@t.com")), out);
    }

    @Test
    void aStaffMemberMovingDepartmentGetsTheNewDepartmentsValues() {
        DimensionJoins joins = new DimensionJoins();
        joins.restore(department(1, "Sales", T0));
        joins.restore(department(2, "Finance", T0));
        joins.restore(staff(10, 1, T0));
        joins.changed(staff(10, 2, T1));
        List<Row> out = new ArrayList<>();
        joins.dimStaff(out::add, r -> {
        });
        assertEquals("Finance", out.get(0).text("department_name"));
        assertEquals(1, out.size());
    }

    @Test
    void anOlderVersionThanTheOneKeptChangesNothing() {
        DimensionJoins joins = new DimensionJoins();
        joins.restore(department(1, "Sales", T0));
        joins.restore(staff(10, 1, T1));
        joins.changed(staff(10, 2, T0));
        List<Row> out = new ArrayList<>();
        joins.dimStaff(out::add, r -> {
        });
        assertEquals(List.of(), out);
        assertEquals(1, joins.latest(Totesys.STAFF).iterator().next().integer("department_id"));
    }

    @Test
    void aCounterpartyWhoseAddressChangedGetsTheNewAddressAndAMissingAddressIsRejected() {
        DimensionJoins joins = new DimensionJoins();
        joins.restore(Totesys.ADDRESS.row(5, "old", null, null, "York", "Y1", "UK", "1", T0, T0));
        joins.restore(Totesys.COUNTERPARTY.row(20, "Acme", 5, "c", "d", T0, T0));
        joins.changed(Totesys.ADDRESS.row(5, "new", null, null, "York", "Y1", "UK", "1", T0, T1));
        joins.changed(Totesys.COUNTERPARTY.row(21, "Dangling", 99, null, null, T0, T1));
        List<Row> out = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        joins.dimCounterparty(out::add, rejects::add);
        assertEquals("new", out.get(0).text("counterparty_legal_address_line_1"));
        assertEquals(null, out.get(1).get("counterparty_legal_city"));
        assertEquals(List.of(new Reject("counterparty", 21, "legal_address_id", "99",
                "no address with this id: the address columns are NULL")), rejects);
    }
}
