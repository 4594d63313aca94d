package org.greenhouse.query;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * One table of the lake as Athena's DDL declares it ({@code athena/*.sql}): its name, the dataset folder under the
 * archive prefix, the file columns with their Athena types, and the partition columns with the key each reads from
 * the object path ({@code day_of_month} reads {@code day=}, so it does not hide daily_summary's {@code day} column).
 */
public record LakeTable(String name, String dataset, List<Column> columns, List<Partition> partitions) {

    public record Column(String name, String athenaType) {
    }

    public record Partition(String name, String pathKey) {
    }

    /** The table over a Parquet dataset written with this Avro schema. */
    public static LakeTable of(String name, String dataset, Schema schema, List<Partition> partitions) {
        List<Column> columns = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            columns.add(new Column(field.name(), athenaType(field.schema())));
        }
        return new LakeTable(name, dataset, List.copyOf(columns), List.copyOf(partitions));
    }

    /** Partitions whose column is named as its path key ({@code year=} is column {@code year}). */
    public static List<Partition> keys(String... names) {
        return java.util.Arrays.stream(names).map(n -> new Partition(n, n)).toList();
    }

    /** The Athena type of a Parquet column as the Avro schema declares it. */
    static String athenaType(Schema schema) {
        Schema type = schema.isUnion()
                ? schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
                : schema;
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return "timestamp";
        }
        if (logical instanceof LogicalTypes.Date) {
            return "date";
        }
        return switch (type.getType()) {
            case LONG -> "bigint";
            case INT -> "int";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            default -> throw new IllegalArgumentException("no Athena type for " + type);
        };
    }
}
