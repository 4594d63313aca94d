package org.greenhouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.archive.PlantArchive;
import org.greenhouse.plant.PlantCycle;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.QueryLocalProfile;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query command as a user runs it against the local archive (the app only writes the archive first): the CSV
 * it writes reads back as the rows the database held, with a progress line and a summary on stderr.
 */
@QuarkusTest
@TestProfile(QueryLocalProfile.class)
class QueryCommandTest {

    private static final DateTimeFormatter ATHENA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Inject
    ProducerTemplate camel;

    private Path dir;

    private List<Map<String, Object>> archived;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void anArchiveOnDisk() throws Exception {
        dir = Files.createTempDirectory("query-command");
        TestDatabase.clean();
        new QueryDuckDbLocalTest().clearArchive();
        PlantApiStub.serveRecorded();
        camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "1-50");
        if (TestDatabase.rows("SELECT plant_id FROM plant WHERE plant_id = 3").isEmpty()) {
            // its fetch timed out on a busy machine (1 s in tests): the next cycle has it, as in production
            camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS, "3");
        }
        archived = TestDatabase.rows("SELECT reading_id, plant_id, recording_taken, temperature FROM plant_reading");
        camel.requestBody("direct:plant-archive", (Object) null, PlantArchive.Report.class);
        // what a user sets to point the command at this archive
        System.setProperty("greenhouse.archive.local-dir", QueryLocalProfile.ARCHIVE_DIR.toString());
    }

    @AfterEach
    void settingsBack() {
        System.clearProperty("greenhouse.archive.local-dir");
    }

    private int command(String... args) {
        return QueryCommand.run(new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void theCsvFileReadsBackAsTheArchivedRows() throws Exception {
        Path out = dir.resolve("result.csv");

        int exit = command("SELECT reading_id, plant_id, recording_taken, temperature FROM plant_reading "
                + "ORDER BY reading_id", "--out", out.toString(), "--profile", "dev", "--max-rows", "1000");

        assertEquals(0, exit, err.toString());
        List<List<String>> expected = new ArrayList<>();
        expected.add(List.of("reading_id", "plant_id", "recording_taken", "temperature"));
        archived.stream().sorted(Comparator.comparing(r -> ((Number) r.get("reading_id")).longValue()))
                .forEach(r -> expected.add(List.of(String.valueOf(((Number) r.get("reading_id")).longValue()),
                        String.valueOf(((Number) r.get("plant_id")).intValue()), ATHENA_TIME.format(taken(r)),
                        String.valueOf(((Number) r.get("temperature")).doubleValue()))));
        assertEquals(expected, read(out));
        String stderr = err.toString();
        assertTrue(stderr.contains("\rduckdb RUNNING"), stderr);
        assertTrue(stderr.contains("wrote " + archived.size() + " rows to " + out), stderr);
        assertFalse(Files.exists(dir.resolve("result.csv.partial")));
    }

    @Test
    void plantFromAndToAskForOnePlantsReadings() throws Exception {
        Path out = dir.resolve("plant.csv");

        int exit = command("--plant", "3", "--from", "2026-01-26", "--to", "2026-01-27", "--out", out.toString(),
                "--profile", "dev");

        assertEquals(0, exit, err.toString());
        List<List<String>> rows = read(out);
        long plant3 = archived.stream().filter(r -> ((Number) r.get("plant_id")).intValue() == 3).count();
        assertTrue(plant3 > 0);
        assertEquals(plant3 + 1, rows.size(), "the header and plant 3's readings");
        int plantColumn = rows.get(0).indexOf("plant_id");
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(row -> row.get(plantColumn).equals("3")));
    }

    @Test
    void theRowLimitIsSaidAndTheFileHasTheFirstRows() throws Exception {
        Path out = dir.resolve("limited.csv");

        assertEquals(0, command("SELECT reading_id FROM plant_reading ORDER BY reading_id", "-o", out.toString(),
                "--profile", "dev", "--max-rows", "4"));

        assertEquals(5, read(out).size());
        assertTrue(err.toString().contains("row limit of 4 was hit"), err.toString());
    }

    @Test
    void aRefusedQueryWritesNothingAndSaysWhy() {
        Path out = dir.resolve("nothing.csv");

        assertEquals(2, command("DELETE FROM plant_reading", "--out", out.toString(), "--profile", "dev"));
        assertTrue(err.toString().contains("refused: only reading is allowed: 'DELETE'"), err.toString());
        assertEquals(1, command("SELECT * FROM nowhere", "--out", out.toString(), "--profile", "dev"));
        assertTrue(err.toString().contains("nowhere"), err.toString());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("nothing.csv.partial")));
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

    private static LocalDateTime taken(Map<String, Object> row) {
        Object value = row.get("recording_taken");
        return value instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value;
    }
}
