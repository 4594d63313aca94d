package org.greenhouse.warehouse;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
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
    static final long ROW_GROUP_BYTES = 4L * 1024 * 1024;
    /** Where parquet-avro's readers find a file's Avro schema (AvroWriteSupport.AVRO_SCHEMA). */
    private static final String AVRO_SCHEMA = "parquet.avro.schema";

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

    /**
     * Writes rows of one table into one local Parquet file, as parquet-avro writes the table's Avro schema (the
     * footer names that schema, so every Avro reader takes the file), but straight from the row: a
     * GenericRecord per row and a union resolved per value made the Avro writer the larger part of ingest's
     * and process's time (bench/warehouse-bench.sh).
     */
    public static final class Writer implements AutoCloseable {
        private final Table table;
        private final Path file;
        private final ParquetWriter<Row> parquet;
        private long rows;
        private boolean closed;

        public Writer(Table table, Path file) throws IOException {
            this.table = table;
            this.file = file;
            this.parquet = new RowWriterBuilder(new LocalOutputFile(file), table)
                    // a row group is held in memory until it is full and process keeps one file open per star
                    // schema table: parquet's 128 MB made the heap grow with the data, 16 MB still ran process out
                    // of a 128 MB heap at 1 M orders
                    .withRowGroupSize(ROW_GROUP_BYTES)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        }

        public void write(Row row) throws IOException {
            if (row.table() != table && !row.table().name().equals(table.name())) {
                throw new IllegalArgumentException("a " + row.table().name() + " row in a " + table.name() + " file");
            }
            parquet.write(row);
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

    private static final class RowWriterBuilder extends ParquetWriter.Builder<Row, RowWriterBuilder> {
        private final Table table;

        RowWriterBuilder(OutputFile file, Table table) {
            super(file);
            this.table = table;
        }

        @Override
        protected RowWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(table);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(table);
        }
    }

    /** A row's values as parquet-avro's conversions store them (local-timestamp-millis, date, time-millis, decimal). */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final Table table;
        private final Schema avro;
        private final MessageType parquet;
        private RecordConsumer out;

        RowWriteSupport(Table table) {
            this.table = table;
            this.avro = schema(table);
            this.parquet = new AvroSchemaConverter().convert(avro);
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(parquet, Map.of(AVRO_SCHEMA, avro.toString(), "writer.model.name", "avro"));
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return init((Configuration) null);
        }

        @Override
        public void prepareForWrite(RecordConsumer consumer) {
            this.out = consumer;
        }

        @Override
        public void write(Row row) {
            out.startMessage();
            var columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                if (value == null) {
                    continue;
                }
                Table.Column column = columns.get(i);
                out.startField(column.name(), i);
                switch (column.type()) {
                    case INT -> out.addInteger((Integer) value);
                    case TEXT -> out.addBinary(Binary.fromString((String) value));
                    case BOOLEAN -> out.addBoolean((Boolean) value);
                    case DECIMAL -> out.addBinary(Binary.fromConstantByteArray(
                            decimal((BigDecimal) value).unscaledValue().toByteArray()));
                    case TIMESTAMP -> out.addLong(((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
                    case DATE -> out.addInteger((int) ((LocalDate) value).toEpochDay());
                    case TIME -> out.addInteger((int) (((LocalTime) value).toNanoOfDay() / 1_000_000));
                }
                out.endField(column.name(), i);
            }
            out.endMessage();
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
