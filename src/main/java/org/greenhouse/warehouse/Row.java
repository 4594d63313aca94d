package org.greenhouse.warehouse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of a {@link Table}: its values in column order, typed by the column ({@link Table.Type}); NULL is
 * null. The array is the row's own and never changed after it is made.
 */
public final class Row {

    private final Table table;
    private final Object[] values;

    Row(Table table, Object[] values) {
        this.table = table;
        this.values = values;
    }

    public Table table() {
        return table;
    }

    public Object get(int column) {
        return values[column];
    }

    public Object get(String column) {
        return values[table.index(column)];
    }

    public Integer integer(String column) {
        return (Integer) get(column);
    }

    public String text(String column) {
        return (String) get(column);
    }

    public BigDecimal decimal(String column) {
        return (BigDecimal) get(column);
    }

    public LocalDateTime timestamp(String column) {
        return (LocalDateTime) get(column);
    }

    public LocalDate date(String column) {
        return (LocalDate) get(column);
    }

    public LocalTime time(String column) {
        return (LocalTime) get(column);
    }

    /** The row's id: the integer in its first key column. */
    public int id() {
        return (Integer) get(table.key().get(0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && row.table.name().equals(table.name()) && Arrays.equals(row.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table.name(), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return table.name() + Arrays.toString(values);
    }
}
