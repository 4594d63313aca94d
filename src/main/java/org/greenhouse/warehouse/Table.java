package org.greenhouse.warehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the pipeline (a totesys source table, a star schema table): its columns in order, and the
 * columns that identify a row. Rows of every table are {@link Row}s over one of these.
 *
 * @param key the columns that identify a row: a dimension's id (upserted on it), a fact's source id and
 *        version (appended unless that version is there), a source table's id
 * @param positions each column's position, derived from the columns once: {@link Row#get(String)} asks it for
 *        every value of every row (built on each call it was the pipeline's biggest CPU cost, bench/warehouse-bench.sh)
 */
public record Table(String name, List<Column> columns, List<String> key, Map<String, Integer> positions) {

    /** How a column's values are typed, in Java, in Parquet and in SQL. */
    public enum Type {
        /** Integer. */
        INT,
        /** Text, every character kept; {@code ''} is not NULL. */
        TEXT,
        /** numeric(10,2) as BigDecimal with scale 2. */
        DECIMAL,
        BOOLEAN,
        /** timestamp(3) without time zone, as LocalDateTime with its milliseconds. */
        TIMESTAMP,
        /** LocalDate. */
        DATE,
        /** LocalTime with its milliseconds. */
        TIME
    }

    public record Column(String name, Type type) {
    }

    public Table(String name, List<Column> columns, List<String> key) {
        this(name, columns, key, positionsOf(columns));
    }

    public Table {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        positions = Map.copyOf(positions);
        for (String k : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new IllegalArgumentException(name + " has no key column " + k);
            }
        }
    }

    /** By name only: tables are map keys looked up for every row, and a record's hash walks every column. */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** A table from "name:TYPE" column specs. */
    static Table of(String name, List<String> key, String... columns) {
        List<Column> list = new ArrayList<>();
        for (String spec : columns) {
            String[] parts = spec.split(":");
            list.add(new Column(parts[0], Type.valueOf(parts[1])));
        }
        return new Table(name, list, key);
    }

    /** The position of a column. */
    public int index(String column) {
        Integer index = positions().get(column);
        if (index == null) {
            throw new IllegalArgumentException(name + " has no column " + column);
        }
        return index;
    }

    private static Map<String, Integer> positionsOf(List<Column> columns) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        return positions;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** A new row of this table from its values in column order. */
    public Row row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(name + " has " + columns.size() + " columns, not " + values.length
                    + ": " + Arrays.toString(values));
        }
        return new Row(this, values);
    }
}
