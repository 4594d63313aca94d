package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.greenhouse.archive.ArchiveKeys;
import org.greenhouse.archive.ArchivedReading;
import org.greenhouse.archive.LocalArchiveStore;
import org.greenhouse.archive.ParquetDatasets;
import org.greenhouse.events.process.EventsZone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query command as the issue states it, from the packaged app: {@code java -jar quarkus-run.jar query ...}
 * over a local archive in the archive's own layout (plant readings as the archive pipeline writes them, an events
 * table as events-process writes it), on the production profile pointed at that directory by environment
 * variables. The CSV it writes reads back as the rows; the progress line and the summary are on stderr.
 */
class QueryCommandIT {

    @TempDir
    static Path dir;

    private static final List<ArchivedReading> READINGS = List.of(
            reading(1, 3, "2026-01-25T23:59:59Z", 19.5),
            reading(2, 3, "2026-01-26T08:00:00Z", 20.25),
            reading(3, 1, "2026-01-26T09:00:00Z", 18.0),
            reading(4, 3, "2026-01-26T23:00:00Z", 21.0),
            reading(5, 3, "2026-01-27T00:00:00Z", 22.0));

    private static ArchivedReading reading(long id, int plant, String taken, double temperature) {
        Instant at = Instant.parse(taken);
        return new ArchivedReading(id, plant, "Plant " + plant, null, "Botanist", "b@plants.test", null, "Town",
                "Country", "CC", 1.5, 2.5, at, 40.0, temperature, at.minusSeconds(3600));
    }

    /** The archive's reading columns as an Avro record, as any Parquet writer of the archive's schema writes them. */
    private static GenericRecord asRecord(ArchivedReading r) {
        GenericRecord record = new GenericData.Record(ParquetDatasets.READING);
        record.put("reading_id", r.readingId());
        record.put("plant_id", r.plantId());
        record.put("plant_name", r.plantName());
        record.put("scientific_name", r.scientificName());
        record.put("botanist_name", r.botanistName());
        record.put("botanist_email", r.botanistEmail());
        record.put("botanist_phone", r.botanistPhone());
        record.put("city", r.city());
        record.put("country", r.country());
        record.put("country_code", r.countryCode());
        record.put("latitude", r.latitude());
        record.put("longitude", r.longitude());
        record.put("recording_taken", r.recordingTaken());
        record.put("soil_moisture", r.soilMoisture());
        record.put("temperature", r.temperature());
        record.put("last_watered", r.lastWatered());
        return record;
    }

    @BeforeAll
    static void anArchiveOnDisk() throws Exception {
        Path archive = dir.resolve("archive");
        LocalArchiveStore store = new LocalArchiveStore(archive);
        for (ArchivedReading r : READINGS) {
            Path file = dir.resolve("reading-" + r.readingId() + ".parquet");
            try (ParquetWriter<GenericRecord> writer = ParquetDatasets.writer(file, ParquetDatasets.READING)) {
                writer.write(asRecord(r));
            }
            store.putConfirmed(ArchiveKeys.readingsObject("greenhouse", ArchiveKeys.hourPartition(r.recordingTaken()),
                    r.readingId(), 0), file);
        }
        Path raw = dir.resolve("raw.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(raw))) {
            out.write(("{\"event_id\":\"e-1\",\"type\":\"product_viewed\",\"occurred_at\":\"2026-01-26T10:00:00Z\","
                    + "\"product\":{\"id\":2,\"title\":\"Mug, \\\"blue\\\"\",\"price\":9.5,\"category\":\"home\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String rawKey = "greenhouse/events/year=2026/month=01/day=26/hour=10/shardId-000000000000-1-1.ndjson.gz";
        store.putConfirmed(rawKey, raw);
        new EventsZone(store, "greenhouse", "greenhouse", dir).process(rawKey).orElseThrow();
    }

    private record Run(int exit, String stderr) {
    }

    private static Run query(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("greenhouse.app.jar"), "query"));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr-" + System.nanoTime() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GREENHOUSE_") || k.startsWith("QUARKUS_"));
        builder.environment().put("GREENHOUSE_ARCHIVE_STORE", "local");
        builder.environment().put("GREENHOUSE_ARCHIVE_LOCAL_DIR", dir.resolve("archive").toString());
        builder.environment().put("GREENHOUSE_QUERY_DUCKDB_CACHE_DIR", dir.resolve("cache").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the command ended");
        return new Run(process.exitValue(), Files.readString(stderr));
    }

    @Test
    void plantFromAndToWriteThatPlantsReadingsOfTheRangeAsCsv() throws Exception {
        Path out = dir.resolve("plant3.csv");

        Run run = query("--plant", "3", "--from", "2026-01-26", "--to", "2026-01-27", "--out", out.toString());

        assertEquals(0, run.exit(), run.stderr());
        List<List<String>> rows = read(out);
        List<String> header = rows.get(0);
        assertEquals("reading_id", header.get(0));
        int taken = header.indexOf("recording_taken");
        int temperature = header.indexOf("temperature");
        assertEquals(List.of(List.of("2", "2026-01-26 08:00:00.000", "20.25"),
                List.of("4", "2026-01-26 23:00:00.000", "21.0")),
                rows.subList(1, rows.size()).stream().map(r -> List.of(r.get(0), r.get(taken), r.get(temperature)))
                        .toList(), "plant 3 from the 26th (inclusive) to the 27th (exclusive)");
        assertTrue(run.stderr().contains("\rduckdb RUNNING"), run.stderr());
        assertTrue(run.stderr().contains("wrote 2 rows to " + out), run.stderr());
        assertFalse(Files.exists(dir.resolve("plant3.csv.partial")));
    }

    @Test
    void sqlOverTheEventsZoneWritesItsAnswer() throws Exception {
        Path out = dir.resolve("events.csv");

        Run run = query("SELECT event_id, product_title, occurred_at, day FROM events_product", "--out",
                out.toString());

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(List.of(List.of("event_id", "product_title", "occurred_at", "day"),
                List.of("e-1", "Mug, \"blue\"", "2026-01-26 10:00:00.000", "26")), read(out));
    }

    @Test
    void aStatementThatWritesIsRefusedWithExitCode2() throws Exception {
        Path out = dir.resolve("refused.csv");

        Run run = query("DROP TABLE plant_reading", "--out", out.toString());

        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("refused: "), run.stderr());
        assertFalse(Files.exists(out));
    }

    private static List<List<String>> read(Path file) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            CsvReader csv = new CsvReader(reader);
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                rows.add(row);
            }
        }
        return rows;
    }
}
