package org.greenhouse.archive;

import static io.restassured.RestAssured.given;
import static org.greenhouse.testing.AdminCredentials.asAdmin;
import static org.greenhouse.testing.TestDatabase.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.greenhouse.plant.PlantCycle;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.S3Stub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The archive end to end: readings in a real database, the real app, Parquet objects in a real S3 API
 * server, read back with the Parquet library. Subclasses choose the database.
 */
abstract class ArchiveContract {

    private static final String READINGS = "greenhouse/plant_reading/";

    @Inject
    ProducerTemplate camel;

    @TestHTTPResource("/")
    URL app;

    private static final Path DOWNLOADS = downloads();

    private static Path downloads() {
        try {
            Path dir = Files.createTempDirectory("archive-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Readings of plants 1 and 5 beyond the 47 recorded ones (2026-01-26, 15:16-15:21 UTC). */
    private static final List<Instant> EXTRA_OLD = List.of(Instant.parse("2026-01-25T10:05:00Z"),
            Instant.parse("2026-01-25T10:45:00Z"), Instant.parse("2026-01-25T23:59:59Z"),
            Instant.parse("2026-01-26T00:00:00Z"), Instant.parse("2026-01-27T08:30:00Z"));

    @BeforeEach
    void plantsWithOldAndRecentReadings() throws Exception {
        TestDatabase.proxy().restore();
        TestDatabase.clean();
        S3Stub.clear();
        S3Stub.truncateUploads(false);
        PlantApiStub.serveRecorded();
        camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "1-50");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int plant : List.of(1, 5)) {
            for (int i = 0; i < EXTRA_OLD.size(); i++) {
                insertReading(plant, EXTRA_OLD.get(i), 10 + i + plant, 50.0 + i);
            }
            insertReading(plant, now.minus(1, ChronoUnit.HOURS), 20, 60.0);
            insertReading(plant, now.minus(23, ChronoUnit.HOURS), 21, 61.0);
        }
    }

    private PlantArchive.Report run() {
        return camel.requestBody("direct:plant-archive", (Object) null, PlantArchive.Report.class);
    }

    @Test
    void oldReadingsBecomeHourPartitionedParquetAndLeaveTheDatabase() throws Exception {
        Map<Long, Map<String, Object>> source = sourceRows();
        assertEquals(57, source.size());

        PlantArchive.Report report = run();

        long batch = report.batchRunId();
        assertEquals(Set.of(
                READINGS + "year=2026/month=01/day=25/hour=10/batch-" + batch + "-0.parquet",
                READINGS + "year=2026/month=01/day=25/hour=23/batch-" + batch + "-0.parquet",
                READINGS + "year=2026/month=01/day=26/hour=00/batch-" + batch + "-0.parquet",
                READINGS + "year=2026/month=01/day=26/hour=15/batch-" + batch + "-0.parquet",
                READINGS + "year=2026/month=01/day=27/hour=08/batch-" + batch + "-0.parquet"), keys(READINGS));

        List<GenericRecord> archived = readAll(READINGS);
        assertEquals(57, archived.size());
        for (GenericRecord record : archived) {
            Map<String, Object> row = source.get((Long) record.get("reading_id"));
            assertEquals(((Number) row.get("plant_id")).intValue(), record.get("plant_id"));
            assertEquals(row.get("name"), record.get("plant_name").toString());
            assertEquals(row.get("email"), record.get("botanist_email").toString());
            assertEquals(row.get("country_name"), record.get("country").toString());
            assertEquals(((Number) row.get("soil_moisture")).doubleValue(), record.get("soil_moisture"));
            assertEquals(((Number) row.get("temperature")).doubleValue(), record.get("temperature"));
            assertEquals(utc(row.get("recording_taken")), Instant.ofEpochMilli((Long) record.get("recording_taken")));
            assertEquals(utc(row.get("last_watered")), Instant.ofEpochMilli((Long) record.get("last_watered")));
        }

        assertEquals(4, count("plant_reading"), "only the readings of the last 24 hours stay");
        var run = rows("SELECT status, rows_archived, objects, bytes FROM archive_run WHERE run_id = ?", report.runId())
                .get(0);
        assertEquals("SUCCEEDED", run.get("status"));
        assertEquals(57L, ((Number) run.get("rows_archived")).longValue());
        assertEquals(5, ((Number) run.get("objects")).intValue());
        assertTrue(((Number) run.get("bytes")).longValue() > 0);
    }

    @Test
    void columnsHaveParquetLogicalTypesAndSnappy() throws Exception {
        run();
        Path file = download(keys(READINGS).first());
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertEquals("required int64 recording_taken (TIMESTAMP(MILLIS,true))",
                    schema.getType("recording_taken").toString());
            assertEquals("required double soil_moisture", schema.getType("soil_moisture").toString());
            assertEquals("required int32 plant_id", schema.getType("plant_id").toString());
            assertEquals("required binary plant_name (STRING)", schema.getType("plant_name").toString());
            reader.getFooter().getBlocks().forEach(block -> block.getColumns().forEach(
                    column -> assertEquals("SNAPPY", column.getCodec().name())));
        }
    }

    @Test
    void dailySummariesAreComputedPerPlantAndDay() throws Exception {
        run();

        assertEquals(Set.of("greenhouse/daily_summary/year=2026/month=01/day=25/daily_summary.parquet",
                "greenhouse/daily_summary/year=2026/month=01/day=26/daily_summary.parquet",
                "greenhouse/daily_summary/year=2026/month=01/day=27/daily_summary.parquet"),
                keys("greenhouse/daily_summary/"));
        GenericRecord plant1Day25 = readAll("greenhouse/daily_summary/year=2026/month=01/day=25/").stream()
                .filter(r -> (Integer) r.get("plant_id") == 1).findFirst().orElseThrow();
        // plant 1 on the 25th: temperatures 11, 12, 13 and moisture 50, 51, 52 at 10:05, 10:45, 23:59:59
        assertEquals(3, plant1Day25.get("readings"));
        assertEquals(11.0, plant1Day25.get("temperature_min"));
        assertEquals(13.0, plant1Day25.get("temperature_max"));
        assertEquals(12.0, plant1Day25.get("temperature_mean"));
        assertEquals(12.0, plant1Day25.get("temperature_median"));
        assertEquals(11.5, plant1Day25.get("temperature_p25"));
        assertEquals(12.5, plant1Day25.get("temperature_p75"));
        assertEquals(51.0, plant1Day25.get("soil_moisture_median"));
        assertEquals(1, plant1Day25.get("times_watered"));
    }

    @Test
    void aRerunAddsNothingAndALateOldReadingIsArchivedNextTime() throws Exception {
        PlantArchive.Report first = run();
        Set<String> objects = keys(READINGS);

        PlantArchive.Report again = run();

        assertEquals(0, again.rows());
        assertEquals(objects, keys(READINGS));
        assertEquals(57, readAll(READINGS).size());

        insertReading(1, Instant.parse("2026-01-25T10:30:00Z"), 40, 70.0);  // as if it arrived during the run
        PlantArchive.Report late = run();

        assertEquals(1, late.rows());
        assertTrue(keys(READINGS).contains(READINGS + "year=2026/month=01/day=25/hour=10/batch-" + late.batchRunId()
                + "-0.parquet"));
        assertEquals(58, readAll(READINGS).size());
        assertEquals(4, readAll("greenhouse/daily_summary/year=2026/month=01/day=25/").stream()
                .filter(r -> (Integer) r.get("plant_id") == 1).findFirst().orElseThrow().get("readings"),
                "the day's summary is recomputed with the late reading");
        assertTrue(first.batchRunId() < late.batchRunId());
    }

    @Test
    void anEmptyWindowWritesNoObject() throws Exception {
        run();
        S3Stub.clear();

        PlantArchive.Report empty = run();

        assertEquals(0, empty.rows());
        assertEquals(Set.of(), keys("greenhouse/"));
        assertEquals("SUCCEEDED", rows("SELECT status FROM archive_run WHERE run_id = ?", empty.runId()).get(0)
                .get("status"));
    }

    @Test
    void s3UnreachableDeletesNothingAndTheNextRunCompletesTheBatch() throws Exception {
        S3Stub.stopServer();
        try {
            assertThrows(CamelExecutionException.class, this::run);
        } finally {
            S3Stub.startServer();
        }
        assertEquals(61, count("plant_reading"), "nothing deleted");
        var failed = rows("SELECT run_id, status, error FROM archive_run ORDER BY run_id").get(0);
        assertEquals("FAILED", failed.get("status"));

        PlantArchive.Report completed = run();

        assertEquals(((Number) failed.get("run_id")).longValue(), completed.batchRunId());
        assertExactlyOnce();
    }

    @Test
    void aFailureBetweenUploadAndDeleteIsCompletedExactlyOnce() throws Exception {
        // an object that is no Parquet file makes the daily summary of the 27th fail, after the upload
        var blobs = S3Stub.blobStore();
        blobs.putBlob(S3Stub.BUCKET, blobs.blobBuilder(READINGS + "year=2026/month=01/day=27/hour=08/not-parquet.parquet")
                .payload("not parquet").build());

        assertThrows(CamelExecutionException.class, this::run);

        assertEquals(61, count("plant_reading"), "nothing deleted");
        assertEquals(5, keys(READINGS).size() - 1, "the batch's objects were uploaded before the failure");
        S3Stub.client().deleteObject(delete -> delete.bucket(S3Stub.BUCKET)
                .key(READINGS + "year=2026/month=01/day=27/hour=08/not-parquet.parquet"));

        run();

        assertExactlyOnce();
    }

    @Test
    void aPartialUploadIsCaughtByTheConfirmationAndDeletesNothing() throws Exception {
        S3Stub.truncateUploads(true);
        try {
            assertThrows(CamelExecutionException.class, this::run);
        } finally {
            S3Stub.truncateUploads(false);
        }
        assertEquals(61, count("plant_reading"), "nothing deleted");
        String error = (String) rows("SELECT error FROM archive_run").get(0).get("error");
        assertTrue(error.startsWith("ArchiveNotConfirmedException: ") && error.contains(" were written"), error);

        run();

        assertExactlyOnce();
    }

    @Test
    void aBackfillArchivesOnlyItsRange() throws Exception {
        PlantArchive.Report report = camel.requestBodyAndHeaders("direct:plant-archive", null,
                Map.of(PlantArchive.FROM, "2026-01-25T00:00:00Z", PlantArchive.TO, "2026-01-26T00:00:00Z"),
                PlantArchive.Report.class);

        assertEquals(6, report.rows());
        assertEquals(Set.of("2026-01-25"), keys(READINGS).stream().map(k -> k.substring(READINGS.length(),
                READINGS.length() + 26)).map(p -> p.replaceAll("year=(\\d+)/month=(\\d+)/day=(\\d+)/", "$1-$2-$3"))
                .collect(Collectors.toSet()));
        assertEquals(55, count("plant_reading"));
    }

    @Test
    void theBackfillEndpointArchivesARangeAndAnswersWithTheReport() {
        asAdmin(given()).baseUri(app.toString()).queryParam("from", "2026-01-27T00:00:00Z").queryParam("to", "2026-01-28T00:00:00Z")
                .post("/archive/backfill").then().statusCode(200).body("rows", equalTo(2)).body("objects", equalTo(1));

        asAdmin(given()).baseUri(app.toString()).queryParam("from", "2026-01-27T00:00:00Z").post("/archive/backfill").then()
                .statusCode(400);
        asAdmin(given()).baseUri(app.toString()).queryParam("from", "yesterday").queryParam("to", "2026-01-28T00:00:00Z")
                .post("/archive/backfill").then().statusCode(400).body(containsString("yesterday"));
        asAdmin(given()).baseUri(app.toString()).queryParam("from", "2026-01-28T00:00:00Z").queryParam("to", "2026-01-27T00:00:00Z")
                .post("/archive/backfill").then().statusCode(400).body(containsString("is empty"));
    }

    /** All 57 old readings are in S3 once each, none is left in the database but the 4 recent ones. */
    private void assertExactlyOnce() throws Exception {
        List<Long> ids = readAll(READINGS).stream().map(r -> (Long) r.get("reading_id")).toList();
        assertEquals(57, ids.size());
        assertEquals(57, new TreeSet<>(ids).size(), "no reading archived twice");
        assertEquals(5, keys(READINGS).size());
        assertEquals(4, count("plant_reading"));
    }

    private Map<Long, Map<String, Object>> sourceRows() throws Exception {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        for (var row : rows("SELECT r.reading_id, r.plant_id, p.name, b.email, co.country_name, r.soil_moisture, "
                + "r.temperature, r.recording_taken, r.last_watered FROM plant_reading r "
                + "JOIN plant p ON p.plant_id = r.plant_id JOIN botanist b ON b.botanist_id = p.botanist_id "
                + "JOIN origin o ON o.origin_id = p.origin_id JOIN city ci ON ci.city_id = o.city_id "
                + "JOIN country co ON co.country_id = ci.country_id WHERE r.recording_taken < ?",
                LocalDateTime.ofInstant(Instant.now().minus(24, ChronoUnit.HOURS), ZoneOffset.UTC))) {
            rows.put(((Number) row.get("reading_id")).longValue(), row);
        }
        return rows;
    }

    private static void insertReading(int plantId, Instant taken, double temperature, double moisture)
            throws Exception {
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            insert.setInt(1, plantId);
            insert.setObject(2, LocalDateTime.ofInstant(taken, ZoneOffset.UTC));
            insert.setBigDecimal(3, java.math.BigDecimal.valueOf(moisture).setScale(3));
            insert.setDouble(4, temperature);
            insert.setObject(5, LocalDateTime.of(2026, 1, 20, 9, 0));
            insert.executeUpdate();
        }
    }

    private static TreeSet<String> keys(String prefix) {
        return S3Stub.client().listObjectsV2Paginator(list -> list.bucket(S3Stub.BUCKET).prefix(prefix)).contents()
                .stream().map(o -> o.key()).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<GenericRecord> readAll(String prefix) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        for (String key : keys(prefix)) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                    new LocalInputFile(download(key))).build()) {
                for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    private Path download(String key) throws IOException {
        Path file = Files.createTempFile(DOWNLOADS, "object", ".parquet");
        Files.delete(file);
        S3Stub.client().getObject(get -> get.bucket(S3Stub.BUCKET).key(key),
                software.amazon.awssdk.core.sync.ResponseTransformer.toFile(file));
        return file;
    }

    private static Instant utc(Object timestamp) {
        LocalDateTime local = timestamp instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) timestamp;
        return local.toInstant(ZoneOffset.UTC);
    }
}
