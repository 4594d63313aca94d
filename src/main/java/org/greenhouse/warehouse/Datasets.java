package org.greenhouse.warehouse;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.greenhouse.archive.ParquetDatasets;

/**
 * Every table of the pipeline as Parquet, through the archive's {@link ParquetDatasets} (Snappy, logical
 * types): timestamps without zone as local-timestamp-millis, times as time-millis, decimals as
 * decimal(10,2), every column nullable so NULL stays NULL and {@code ''} stays {@code ''}.
 */
public final class Datasets {

    static final int DECIMAL_PRECISION = 10;
    static final int DECIMAL_SCALE = 2;
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private Datasets() {
    }

    /** The Avro schema of a table's Parquet files. */
    public static Schema schema(Table table) {
        return SCHEMAS.computeIfAbsent(table.name(), name -> {
            var fields = SchemaBuilder.record(name).namespace("org.greenhouse.warehouse").fields();
            for (Table.Column column : table.columns()) {
                Schema type = switch (column.type()) {
                    case INT -> Schema.create(Schema.Type.INT);
                    case TEXT -> Schema.create(Schema.Type.STRING);
                    case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
                    case DECIMAL -> LogicalTypes.decimal(DECIMAL_PRECISION, DECIMAL_SCALE)
                            .addToSchema(Schema.create(Schema.Type.BYTES));
                    case TIMESTAMP -> LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
                    case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
                    case TIME -> LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
                };
                fields = fields.name(column.name()).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                        .withDefault(null);
            }
            return fields.endRecord();
        });
    }

    /**
     * A decimal as stored: scale 2, exactly (a value with more digits fails instead of being rounded).
     */
    public static BigDecimal decimal(BigDecimal value) {
        return value == null ? null : value.setScale(DECIMAL_SCALE, RoundingMode.UNNECESSARY);
    }

    /** Writes rows of one table into one local Parquet file. */
    public static final class Writer implements AutoCloseable {
        private final Table table;
        private final Path file;
        private final ParquetWriter<GenericRecord> parquet;
        private final Schema schema;
        private long rows;
        private boolean closed;

        public Writer(Table table, Path file) throws IOException {
            this.table = table;
            this.file = file;
            this.schema = schema(table);
            this.parquet = ParquetDatasets.writer(file, schema);
        }

        public void write(Row row) throws IOException {
            if (row.table() != table && !row.table().name().equals(table.name())) {
                throw new IllegalArgumentException("a " + row.table().name() + " row in a " + table.name() + " file");
            }
            GenericRecord record = new GenericData.Record(schema);
            for (int i = 0; i < table.columns().size(); i++) {
                Object value = row.get(i);
                record.put(i, value instanceof BigDecimal decimal ? decimal(decimal) : value);
            }
            parquet.write(record);
            rows++;
        }

        public long rows() {
            return rows;
        }

        public Path file() {
            return file;
        }

        /** Finishes the file; returns its size. */
        public long finish() throws IOException {
            close();
            return Files.size(file);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                parquet.close();
            }
        }
    }

    /** What takes rows one at a time. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws IOException;
    }

    /** Streams the rows of a table's Parquet file, in order; returns how many. */
    public static long read(Path file, Table table, RowSink sink) throws IOException {
        long[] rows = { 0 };
        int columns = table.columns().size();
        ParquetDatasets.forEach(file, record -> {
            if (rows[0] == 0 && !record.getSchema().equals(schema(table))) {
                throw new IOException(file + " holds " + record.getSchema().getName() + " rows, not " + table.name());
            }
            Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                // by position: the file's schema is the table's (a lookup by name was a tenth of process's time)
                Object value = record.get(i);
                values[i] = value instanceof CharSequence text ? text.toString() : value;
            }
            sink.accept(table.row(values));
            rows[0]++;
        });
        return rows[0];
    }
}
