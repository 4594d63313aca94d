package org.greenhouse.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link ArchivedReading}s straight into Parquet columns, the file being the one the Avro writer made
 * of {@link ParquetDatasets#READING} (the same Parquet schema, converted from it, and that Avro schema in the
 * footer, so Avro readers see no difference), without a GenericRecord and its field lookups per value. The
 * dimension strings repeat from row to row (the repository hands the same instances): their UTF-8 bytes are
 * encoded once.
 */
final class ReadingWriteSupport extends WriteSupport<ArchivedReading> {

    static final MessageType SCHEMA = new AvroSchemaConverter().convert(ParquetDatasets.READING);
    private static final Map<String, String> FOOTER = Map.of("parquet.avro.schema", ParquetDatasets.READING.toString());
    private static final int CACHED_STRINGS = 4_096;
    /**
     * Parquet's default page, 1 MB, is also the buffer its compressor allocates for every file: in a heap of
     * up to 2 GB that is a humongous object to G1 (half a region or more), one per file, which went straight
     * to the old generation and set off concurrent collections. An hour's 3,000 readings of 50 plants keep one
     * page per numeric column; the texts take two.
     */
    private static final int PAGE_SIZE = 64 * 1024;

    private final Map<String, Binary> encoded = new IdentityHashMap<>();
    private RecordConsumer out;

    /** A Snappy file of readings; {@code close()} finishes it. */
    static ParquetWriter<ArchivedReading> writer(Path file) throws IOException {
        // a plain configuration: a Hadoop one would load its XML defaults for every file
        // no dictionary for the columns whose values hardly repeat: looking each value up in a dictionary that
        // is then not used was a third of the write step's CPU
        return new Builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding("reading_id", false).withDictionaryEncoding("recording_taken", false)
                .withDictionaryEncoding("soil_moisture", false).withDictionaryEncoding("temperature", false)
                .withPageSize(PAGE_SIZE)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, FOOTER);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(SCHEMA, FOOTER);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        out = recordConsumer;
    }

    @Override
    public void write(ArchivedReading r) {
        out.startMessage();
        longField(0, "reading_id", r.readingId());
        intField(1, "plant_id", r.plantId());
        stringField(2, "plant_name", r.plantName());
        stringField(3, "scientific_name", r.scientificName());
        stringField(4, "botanist_name", r.botanistName());
        stringField(5, "botanist_email", r.botanistEmail());
        stringField(6, "botanist_phone", r.botanistPhone());
        stringField(7, "city", r.city());
        stringField(8, "country", r.country());
        stringField(9, "country_code", r.countryCode());
        doubleField(10, "latitude", r.latitude());
        doubleField(11, "longitude", r.longitude());
        longField(12, "recording_taken", r.recordingTaken().toEpochMilli());
        doubleField(13, "soil_moisture", r.soilMoisture());
        doubleField(14, "temperature", r.temperature());
        longField(15, "last_watered", r.lastWatered().toEpochMilli());
        out.endMessage();
    }

    private void longField(int index, String name, long value) {
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
    }

    private void intField(int index, String name, int value) {
        out.startField(name, index);
        out.addInteger(value);
        out.endField(name, index);
    }

    private void doubleField(int index, String name, double value) {
        out.startField(name, index);
        out.addDouble(value);
        out.endField(name, index);
    }

    /** A null leaves the (optional) field out; a required one then fails the write, as with Avro. */
    private void stringField(int index, String name, String value) {
        if (value == null) {
            if (SCHEMA.getType(index).isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED)) {
                throw new NullPointerException(name + " is required but null");
            }
            return;
        }
        Binary bytes = encoded.get(value);
        if (bytes == null) {
            if (encoded.size() == CACHED_STRINGS) {
                encoded.clear();
            }
            // array-backed: the dictionary's hash and equality checks and the min/max statistics of every
            // value are quicker on an array than on the ByteBuffer that Binary.fromString wraps
            bytes = Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
            encoded.put(value, bytes);
        }
        out.startField(name, index);
        out.addBinary(bytes);
        out.endField(name, index);
    }

    private static final class Builder extends ParquetWriter.Builder<ArchivedReading, Builder> {

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ArchivedReading> getWriteSupport(Configuration configuration) {
            return new ReadingWriteSupport();
        }

        @Override
        protected WriteSupport<ArchivedReading> getWriteSupport(ParquetConfiguration configuration) {
            return new ReadingWriteSupport();
        }
    }
}
