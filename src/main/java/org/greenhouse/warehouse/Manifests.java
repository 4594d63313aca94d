package org.greenhouse.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The completion manifests each step writes last (the seed's query_log.json), and the keys of everything in
 * the zones. A manifest names only objects already stored and confirmed; the next step reads nothing else.
 *
 * <pre>
 * {ingestion prefix}/{table}/year=YYYY/month=MM/day=DD/{table}-{run}.parquet     one per table with rows, per run
 * {ingestion prefix}/manifests/ingest-{run}.json                                 the ingest run's manifest
 * {processed prefix}/{table}/year=YYYY/month=MM/day=DD/{table}-{run}.parquet     star schema tables
 * {processed prefix}/_joins/{table}-{run}.parquet                                latest rows for the joins
 * {processed prefix}/manifests/processed-{ingest run}.json                       one per ingestion manifest
 * </pre>
 * Run numbers are zero-padded to 12 digits in manifest names, so the keys sort in run order.
 */
public final class Manifests {

    public static final String INGEST_MANIFEST = "ingest-";
    public static final String PROCESSED_MANIFEST = "processed-";
    private static final Pattern RUN = Pattern.compile("(?:" + INGEST_MANIFEST + "|" + PROCESSED_MANIFEST
            + ")(\\d{12})\\.json$");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One table of an ingest run: its rows since {@code from} (null: the first run, a full copy), the greatest
     * last_updated among them (the table's next watermark), and the object (null when there were none).
     */
    @RegisterForReflection
    public record IngestedTable(String table, String key, long rows, long bytes, LocalDateTime from,
            LocalDateTime maxLastUpdated) {
    }

    @RegisterForReflection
    public record Ingestion(long run, Instant startedAt, Instant completedAt, List<IngestedTable> tables) {
        public long rows() {
            return tables.stream().mapToLong(IngestedTable::rows).sum();
        }
    }

    /** A stored object of the processed zone: a star schema table's rows, or rows kept for the joins. */
    @RegisterForReflection
    public record StoredTable(String table, String key, long rows, long bytes) {
    }

    /**
     * What process made of one ingestion manifest: the star schema rows, the rows kept for the next run's joins,
     * and how many values or rows it rejected per source table (the rejects are in warehouse_reject).
     */
    @RegisterForReflection
    public record Processed(long ingestRun, String ingestionManifest, long processRun, Instant completedAt,
            List<StoredTable> tables, List<StoredTable> joins, Map<String, Integer> rejects) {
        public long rows() {
            return tables.stream().mapToLong(StoredTable::rows).sum();
        }
    }

    private Manifests() {
    }

    public static String ingestionObject(String prefix, String table, long run, Instant at) {
        return prefix + "/" + table + "/" + partition(at) + "/" + table + "-" + run + ".parquet";
    }

    public static String ingestionManifest(String prefix, long run) {
        return prefix + "/manifests/" + INGEST_MANIFEST + String.format("%012d", run) + ".json";
    }

    public static String processedObject(String prefix, String table, long run, Instant at) {
        return prefix + "/" + table + "/" + partition(at) + "/" + table + "-" + run + ".parquet";
    }

    public static String joinsObject(String prefix, String table, long run) {
        return prefix + "/_joins/" + table + "-" + run + ".parquet";
    }

    public static String processedManifest(String prefix, long ingestRun) {
        return prefix + "/manifests/" + PROCESSED_MANIFEST + String.format("%012d", ingestRun) + ".json";
    }

    public static String manifests(String prefix) {
        return prefix + "/manifests/";
    }

    /** The ingest run a manifest key names; empty for a key that is no manifest. */
    public static OptionalLong run(String key) {
        Matcher matcher = RUN.matcher(key);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    public static boolean isIngestionManifest(String key) {
        return key.contains("/manifests/" + INGEST_MANIFEST) && run(key).isPresent();
    }

    public static boolean isProcessedManifest(String key) {
        return key.contains("/manifests/" + PROCESSED_MANIFEST) && run(key).isPresent();
    }

    private static String partition(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return String.format("year=%04d/month=%02d/day=%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    public static void write(Object manifest, Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), type);
    }
}
