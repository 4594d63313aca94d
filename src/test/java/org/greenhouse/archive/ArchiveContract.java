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
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.greenhouse.runs.RunLifecycle;
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
        oldIds = readingIds("WHERE recording_taken < ?", local(now.minus(24, ChronoUnit.HOURS)));
        recentIds = readingIds("WHERE recording_taken >= ?", local(now.minus(24, ChronoUnit.HOURS)));
    }

    /** The ids of the readings older than the retention when the test began, and of the others. */
    private Set<Long> oldIds;
    private Set<Long> recentIds;

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

    // ---- a resumed batch: the same bounds, the same objects (issue [5] item 11) ----

    @Test
    void aResumedBatchArchivesItsBoundaryReadingsOnce() throws Exception {
        // the bound falls 0.3 s after the readings of 23:59:59, which the batch therefore holds; they are
        // alone in their hour, so a resume with other bounds would not rewrite the object they are in
        String spoiler = spoilDay("year=2026/month=01/day=25");
        assertThrows(CamelExecutionException.class, () -> backfill("2026-01-25T00:00:00Z", "2026-01-25T23:59:59.300Z"));
        assertTrue(keys(READINGS).contains(READINGS + "year=2026/month=01/day=25/hour=23/batch-"
                + firstRunId() + "-0.parquet"), "the failed attempt stored the boundary readings' object");
        unspoil(spoiler);

        PlantArchive.Report resumed = run();

        assertEquals(firstRunId(), resumed.batchRunId());
        assertEquals(6, resumed.rows(), "the readings of 10:05, 10:45 and 23:59:59 of plants 1 and 5");
        assertEquals(Instant.parse("2026-01-26T00:00:00Z"), resumed.to(),
                "the bound as stored: the first whole second from which no reading belongs to the batch");
        run();
        assertExactlyOnce();
    }

    @Test
    void aCompletedBatchKeepsExactlyTheObjectsItConfirmed() throws Exception {
        String spoiler = spoilDay("year=2026/month=01/day=25");
        assertThrows(CamelExecutionException.class, () -> backfill("2026-01-25T00:00:00Z", "2026-01-26T00:00:00Z"));
        long batch = firstRunId();
        String hour23 = READINGS + "year=2026/month=01/day=25/hour=23/batch-" + batch + "-0.parquet";
        assertTrue(keys(READINGS).contains(hour23));
        unspoil(spoiler);
        // meanwhile someone removes the readings of 23:59:59 (say, a faulty sensor's): the resume writes no
        // object for that hour, and the one its failed attempt stored holds readings the batch no longer has
        Set<Long> removed = readingIds("WHERE recording_taken = ?", LocalDateTime.of(2026, 1, 25, 23, 59, 59));
        assertEquals(2, removed.size());
        for (long id : removed) {
            deleteReading(id);
        }

        PlantArchive.Report resumed = run();

        assertEquals(4, resumed.rows());
        assertEquals(Set.of(READINGS + "year=2026/month=01/day=25/hour=10/batch-" + batch + "-0.parquet"),
                keys(READINGS + "year=2026/month=01/day=25/"), "the batch's objects are the ones it confirmed");
        assertEquals(2, readAll("greenhouse/daily_summary/year=2026/month=01/day=25/").stream()
                .filter(r -> (Integer) r.get("plant_id") == 1).findFirst().orElseThrow().get("readings"),
                "the day's summary counts what the archive holds");
        run();
        Set<Long> archived = new TreeSet<>(oldIds);
        archived.removeAll(removed);
        assertArchivedOnce(archived, recentIds);
    }

    // ---- a store failing in the split: one failure, recorded once, after the other uploads (item 12) ----

    @Test
    void aFailedUploadEndsTheRunOnlyAfterItsOtherUploadsHaveEnded() throws Exception {
        String refused = "year=2026/month=01/day=27/hour=08/";
        java.util.concurrent.CountDownLatch failing = new java.util.concurrent.CountDownLatch(1);
        var notifier = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeFailureHandlingEvent handling
                        && handling.getExchange().getProperty(org.apache.camel.ExchangePropertyKey.SPLIT_INDEX) != null) {
                    failing.countDown();
                }
            }
        };
        camel.getCamelContext().getManagementStrategy().addEventNotifier(notifier);
        org.apache.camel.support.service.ServiceHelper.startService(notifier);
        // the refused upload fails once the other four are in flight (started later, stopOnException would
        // rightly never start them)
        S3Stub.refuseUploads(key -> key.contains(refused) && awaitHeld(4));
        S3Stub.holdUploads(key -> key.startsWith(READINGS) && !key.contains(refused));
        java.util.concurrent.Future<Object> first;
        try {
            first = camel.asyncRequestBody("direct:plant-archive", null);
            assertTrue(failing.await(60, java.util.concurrent.TimeUnit.SECONDS), "the refused upload failed");
            // the failure is in the route's error handler; for 3 s the other uploads stay in flight
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                assertEquals(4, S3Stub.uploadsHeld(), "the other uploads are in flight");
                assertEquals("RUNNING", rows("SELECT status FROM archive_run").get(0).get("status"),
                        "the run ends when its uploads have ended");
                Thread.sleep(50);
            }
            var second = assertThrows(CamelExecutionException.class, this::run);
            assertTrue(second.getCause() instanceof org.greenhouse.runs.RunInProgressException, second.toString());
            assertEquals(1, count("archive_run"), "no second run began");
        } finally {
            S3Stub.releaseUploads();
            S3Stub.refuseUploads(null);
            camel.getCamelContext().getManagementStrategy().removeEventNotifier(notifier);
        }
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, first::get);
        assertTrue(failure.getCause() instanceof CamelExecutionException, failure.toString());
        var runs = rows("SELECT status, error FROM archive_run");
        assertEquals(1, runs.size());
        assertEquals("FAILED", runs.get(0).get("status"));
        assertTrue(((String) runs.get(0).get("error")).contains(refused), (String) runs.get(0).get("error"));
        assertEquals(oldIds.size() + recentIds.size(), count("plant_reading"), "nothing deleted");

        run();

        assertExactlyOnce();
    }

    private static boolean awaitHeld(int uploads) {
        try {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (S3Stub.uploadsHeld() < uploads && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    // ---- the delete's guards (item 24) ----

    @Test
    void aReadingCommittedLateInsideTheBatchIsNeitherDeletedNorLost() throws Exception {
        // a plant transaction takes an id before the batch is fixed and commits after the batch was read: the
        // reading is within the batch's bounds but in none of its objects
        long late = insertReading(1, Instant.parse("2026-01-25T11:11:11Z"), 30, 55.0);
        long after = insertReading(5, Instant.parse("2026-01-25T11:22:22Z"), 31, 56.0);
        deleteReading(late);
        S3Stub.afterUploads(1, () -> insertReadingWithId(late, 1, Instant.parse("2026-01-25T11:11:11Z")));

        var refused = assertThrows(CamelExecutionException.class, this::run);

        String error = RunLifecycle.describe(refused);
        assertTrue(error.contains((oldIds.size() + 2) + " readings to delete but " + (oldIds.size() + 1) + " archived"),
                error);
        assertTrue(readingIds("").containsAll(Set.of(late, after)), "nothing deleted");

        run();

        Set<Long> archived = new TreeSet<>(oldIds);
        archived.addAll(Set.of(late, after));
        assertArchivedOnce(archived, recentIds);
    }

    @Test
    void aRunCutOffWhileRunningIsCompletedByTheNextRun() throws Exception {
        // the database goes away once every object is stored: the run can neither delete nor record that
        // it failed, and its row says RUNNING, as after a crash
        S3Stub.afterUploads(5, () -> TestDatabase.proxy().cut());
        try {
            assertThrows(CamelExecutionException.class, this::run);
        } finally {
            TestDatabase.proxy().restore();
        }
        var cutOff = rows("SELECT run_id, status FROM archive_run").get(0);
        assertEquals("RUNNING", cutOff.get("status"));
        assertEquals(5, keys(READINGS).size());

        PlantArchive.Report completed = run();

        assertEquals(((Number) cutOff.get("run_id")).longValue(), completed.batchRunId());
        assertEquals("FAILED", rows("SELECT status FROM archive_run WHERE run_id = ?", cutOff.get("run_id")).get(0)
                .get("status"));
        assertExactlyOnce();
    }

    // ---- a batch that keeps failing (item 15) ----

    @Test
    void aBatchThatKeepsFailingSaysSo() throws Exception {
        try (var connection = TestDatabase.connect()) {
            connection.createStatement().executeUpdate("DELETE FROM alert_episode WHERE alert_key = 'pipeline:plant-archive'");
        }
        String spoiler = spoilDay("year=2026/month=01/day=27");
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThrows(CamelExecutionException.class, this::run);
            assertEquals(attempt, metric("greenhouse_archive_batch_failed_attempts"), "attempts failed so far");
        }

        var attempts = rows("SELECT run_id, batch_run_id, attempt, status, error FROM archive_run ORDER BY run_id");
        long batch = ((Number) attempts.get(0).get("run_id")).longValue();
        for (int i = 0; i < 3; i++) {
            var attempt = attempts.get(i);
            assertEquals(batch, ((Number) attempt.get("batch_run_id")).longValue());
            assertEquals(i + 1, ((Number) attempt.get("attempt")).intValue());
            assertEquals("FAILED", attempt.get("status"));
            assertTrue(((String) attempt.get("error")).contains(spoiler), (String) attempt.get("error"));
        }
        await(() -> episode().map(e -> ((Number) e.get("failures")).intValue() == 3).orElse(false),
                "the alert episode counts three failures");
        String details = (String) episode().orElseThrow().get("details");
        assertTrue(details.contains("\"archive_run.batch_run_id\":\"" + batch + "\""), details);
        assertTrue(details.contains("\"archive_run.attempt\":\"1\""), details);

        unspoil(spoiler);
        PlantArchive.Report completed = run();

        assertEquals(batch, completed.batchRunId());
        assertEquals(4, ((Number) rows("SELECT attempt FROM archive_run WHERE run_id = ?", completed.runId()).get(0)
                .get("attempt")).intValue());
        assertEquals(0, metric("greenhouse_archive_batch_failed_attempts"));
        await(() -> episode().map(e -> "OK".equals(e.get("status"))).orElse(false), "the episode recovered");
    }

    private static java.util.Optional<Map<String, Object>> episode() {
        try {
            return rows("SELECT status, failures, details FROM alert_episode WHERE alert_key = 'pipeline:plant-archive'")
                    .stream().findFirst();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- time zone-free (item 14): the build runs these tests once more under Europe/Berlin ----

    @Test
    void aReadingAtADaylightSavingChangeKeepsItsTimeAndHour() throws Exception {
        // 02:30 on 2026-03-29 does not exist in Berlin (clocks go from 02:00 to 03:00)
        Instant taken = Instant.parse("2026-03-29T02:30:00Z");
        long id = insertReading(1, taken, 17, 45.0);

        PlantArchive.Report report = backfill("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z");

        assertEquals(1, report.rows());
        assertEquals(Instant.parse("2026-03-30T00:00:00Z"), report.to());
        String key = READINGS + "year=2026/month=03/day=29/hour=02/batch-" + report.batchRunId() + "-0.parquet";
        assertEquals(Set.of(key), keys(READINGS));
        GenericRecord archived = readAll(READINGS).get(0);
        assertEquals(id, archived.get("reading_id"));
        assertEquals(taken, Instant.ofEpochMilli((Long) archived.get("recording_taken")));
        var range = rows("SELECT range_from, range_to FROM archive_run WHERE run_id = ?", report.runId()).get(0);
        assertEquals(Instant.parse("2026-03-29T00:00:00Z"), utc(range.get("range_from")));
        assertEquals(Instant.parse("2026-03-30T00:00:00Z"), utc(range.get("range_to")));
        assertEquals(Set.of("greenhouse/daily_summary/year=2026/month=03/day=29/daily_summary.parquet"),
                keys("greenhouse/daily_summary/"));
    }

    private static long firstRunId() throws Exception {
        return ((Number) rows("SELECT MIN(run_id) AS id FROM archive_run").get(0).get("id")).longValue();
    }

    /** All 57 old readings are in S3 once each, and the database holds exactly the 4 recent ones. */
    private void assertExactlyOnce() throws Exception {
        assertArchivedOnce(oldIds, recentIds);
        assertEquals(5, keys(READINGS).size());
    }

    /** The archive holds exactly these readings, each once; the database exactly those. */
    private void assertArchivedOnce(Set<Long> archived, Set<Long> remaining) throws Exception {
        List<Long> ids = archivedIds();
        assertEquals(new TreeSet<>(archived), new TreeSet<>(ids), "which readings are archived");
        assertEquals(archived.size(), ids.size(), "no reading archived twice");
        assertEquals(new TreeSet<>(remaining), readingIds(""), "which readings stay in the database");
    }

    private List<Long> archivedIds() throws IOException {
        return readAll(READINGS).stream().map(r -> (Long) r.get("reading_id")).sorted().toList();
    }

    private static TreeSet<Long> readingIds(String where, Object... parameters) throws Exception {
        return rows("SELECT reading_id FROM plant_reading " + where, parameters).stream()
                .map(row -> ((Number) row.get("reading_id")).longValue()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
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

    /** Stores a reading as the plant pipeline would; returns its id. */
    private static long insertReading(int plantId, Instant taken, double temperature, double moisture)
            throws Exception {
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered) "
                        + "VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setInt(1, plantId);
            insert.setObject(2, LocalDateTime.ofInstant(taken, ZoneOffset.UTC));
            insert.setBigDecimal(3, java.math.BigDecimal.valueOf(moisture).setScale(3));
            insert.setDouble(4, temperature);
            insert.setObject(5, LocalDateTime.of(2026, 1, 20, 9, 0));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Stores a reading under an id taken earlier: a plant transaction that took its id and commits late. */
    private static void insertReadingWithId(long readingId, int plantId, Instant taken) {
        try (var connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO plant_reading (reading_id, plant_id, recording_taken, soil_moisture, temperature, "
                        + "last_watered) VALUES (?, ?, ?, 55.5, 18.5, ?)")) {
            insert.setLong(1, readingId);
            insert.setInt(2, plantId);
            insert.setObject(3, LocalDateTime.ofInstant(taken, ZoneOffset.UTC));
            insert.setObject(4, LocalDateTime.of(2026, 1, 20, 9, 0));
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteReading(long readingId) throws Exception {
        try (var connection = TestDatabase.connect(); PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM plant_reading WHERE reading_id = ?")) {
            delete.setLong(1, readingId);
            assertEquals(1, delete.executeUpdate());
        }
    }

    /** An object that is no Parquet file in a day's readings: that day's summary fails, after the uploads. */
    private static String spoilDay(String day) {
        String key = READINGS + day + "/hour=00/not-parquet.parquet";
        var blobs = S3Stub.blobStore();
        blobs.putBlob(S3Stub.BUCKET, blobs.blobBuilder(key).payload("not parquet").build());
        return key;
    }

    private static void unspoil(String key) {
        S3Stub.client().deleteObject(delete -> delete.bucket(S3Stub.BUCKET).key(key));
    }

    private PlantArchive.Report backfill(String from, String to) {
        return camel.requestBodyAndHeaders("direct:plant-archive", null, Map.of(PlantArchive.FROM, from,
                PlantArchive.TO, to), PlantArchive.Report.class);
    }

    /** A Prometheus sample's value, 0 while the series does not exist yet. */
    private double metric(String series) {
        String exposition = given().baseUri(app.toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        return exposition.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(0.0);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
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
