package org.greenhouse.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The two Parquet datasets (Snappy, proper logical types) and how rows become records and back. The Athena
 * tables in {@code athena/} describe the same columns; a test holds them together.
 */
public final class ParquetDatasets {

    private static final Schema TIMESTAMP = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema DATE = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));

    public static final Schema READING = SchemaBuilder.record("plant_reading").namespace("org.greenhouse.archive")
            .fields()
            .requiredLong("reading_id")
            .requiredInt("plant_id")
            .requiredString("plant_name")
            .optionalString("scientific_name")
            .requiredString("botanist_name")
            .requiredString("botanist_email")
            .optionalString("botanist_phone")
            .requiredString("city")
            .requiredString("country")
            .optionalString("country_code")
            .requiredDouble("latitude")
            .requiredDouble("longitude")
            .name("recording_taken").type(TIMESTAMP).noDefault()
            .requiredDouble("soil_moisture")
            .requiredDouble("temperature")
            .name("last_watered").type(TIMESTAMP).noDefault()
            .endRecord();

    private static final String[] STATS = { "min", "max", "mean", "median", "p25", "p75" };

    public static final Schema SUMMARY = summarySchema();

    private static final GenericData MODEL = new GenericData();

    static {
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        // the warehouse's datasets: totesys timestamps have no zone, times and decimals are exact
        MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
    }

    private ParquetDatasets() {
    }

    private static Schema summarySchema() {
        var fields = SchemaBuilder.record("daily_summary").namespace("org.greenhouse.archive").fields()
                .requiredInt("plant_id")
                .requiredString("plant_name")
                .name("day").type(DATE).noDefault()
                .requiredInt("readings");
        for (String measure : List.of("temperature", "soil_moisture")) {
            for (String stat : STATS) {
                fields = fields.requiredDouble(measure + "_" + stat);
            }
        }
        return fields.requiredInt("times_watered").endRecord();
    }

    /** Writes one Parquet file; {@code close()} finishes it. */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema) throws IOException {
        // a plain configuration: a Hadoop one would load its XML defaults for every file
        return AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(schema)
                .withDataModel(MODEL)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    public static GenericRecord record(DailySummary s) {
        GenericRecord record = new GenericData.Record(SUMMARY);
        record.put("plant_id", s.plantId());
        record.put("plant_name", s.plantName());
        record.put("day", s.day());
        record.put("readings", s.readings());
        putStats(record, "temperature", s.temperature());
        putStats(record, "soil_moisture", s.soilMoisture());
        record.put("times_watered", s.timesWatered());
        return record;
    }

    private static void putStats(GenericRecord record, String measure, DailySummary.Stats stats) {
        double[] values = { stats.min(), stats.max(), stats.mean(), stats.median(), stats.p25(), stats.p75() };
        for (int i = 0; i < STATS.length; i++) {
            record.put(measure + "_" + STATS[i], values[i]);
        }
    }

    public static List<ArchivedReading> readReadings(Path file) throws IOException {
        return read(file, r -> new ArchivedReading((Long) r.get("reading_id"), (Integer) r.get("plant_id"),
                text(r, "plant_name"), text(r, "scientific_name"), text(r, "botanist_name"),
                text(r, "botanist_email"), text(r, "botanist_phone"), text(r, "city"), text(r, "country"),
                text(r, "country_code"), (Double) r.get("latitude"), (Double) r.get("longitude"),
                (Instant) r.get("recording_taken"), (Double) r.get("soil_moisture"), (Double) r.get("temperature"),
                (Instant) r.get("last_watered")));
    }

    /** Receives rows one at a time. */
    @FunctionalInterface
    interface RowSink<T> {
        void accept(T row) throws IOException;
    }

    /** Only the columns a daily summary needs: the others are not even decoded. */
    private static final Schema SUMMARY_INPUT = SchemaBuilder.record("plant_reading")
            .namespace("org.greenhouse.archive").fields()
            .requiredLong("reading_id")
            .requiredInt("plant_id")
            .requiredString("plant_name")
            .name("recording_taken").type(TIMESTAMP).noDefault()
            .requiredDouble("soil_moisture")
            .requiredDouble("temperature")
            .name("last_watered").type(TIMESTAMP).noDefault()
            .endRecord();

    /** Streams a readings file as what its daily summaries need, one row at a time (never the file in memory). */
    static void readForSummaries(Path file, RowSink<DailySummaries.Reading> sink) throws IOException {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, SUMMARY_INPUT.toString());
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf)
                .withDataModel(MODEL).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                sink.accept(new DailySummaries.Reading((Integer) r.get("plant_id"), text(r, "plant_name"),
                        (Long) r.get("reading_id"), (Instant) r.get("recording_taken"), (Double) r.get("temperature"),
                        (Double) r.get("soil_moisture"), (Instant) r.get("last_watered")));
            }
        }
    }

    private static <T> List<T> read(Path file, Function<GenericRecord, T> row) throws IOException {
        List<T> rows = new ArrayList<>();
        forEach(file, record -> rows.add(row.apply(record)));
        return rows;
    }

    /** What takes the records of a file, one at a time. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(GenericRecord record) throws IOException;
    }

    /** Streams the records of a Parquet file, in order, with the logical types as Java time and BigDecimal. */
    public static void forEach(Path file, RecordSink sink) throws IOException {
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withDataModel(MODEL).build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                sink.accept(record);
            }
        }
    }

    private static String text(GenericRecord record, String field) {
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }
}
