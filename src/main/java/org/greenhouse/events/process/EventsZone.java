package org.greenhouse.events.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.greenhouse.archive.ArchiveKeys;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.archive.ParquetDatasets;

/**
 * The events' processed zone in the archive store: each raw gzip NDJSON object events-deliver wrote under
 * {@code {raw-prefix}/events/year=/month=/day=/hour=/} becomes Parquet objects, one per event family and day,
 * {@code {prefix}/{family}/year=/month=/day=/{raw name}.parquet}, and its rejected lines one object
 * {@code {prefix}/events_reject/year=/month=/day=/{raw name}.parquet} (the raw object's day). A raw object is done
 * when its manifest {@code {prefix}/events_manifest/events/.../{raw name}.ndjson.gz.json} is stored, and only after
 * every object it names is confirmed. Object names depend only on the raw object, so processing it again after a
 * crash (objects written, manifest not) writes the same objects again instead of adding copies.
 */
public final class EventsZone {

    public static final String MANIFESTS = "events_manifest";
    /** events-deliver's layout: only these are raw objects (a real Firehose's with the same prefix too). */
    private static final Pattern RAW = Pattern.compile("events/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/(?:[^/]+/)*"
            + "([^/]+?)(?:\\.ndjson)?\\.gz");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_REASON = 500;

    private final ArchiveStore store;
    private final String rawPrefix;
    private final String prefix;
    private final Path workDir;

    /** What processing one raw object did; also its manifest. */
    @RegisterForReflection // written and read by Jackson, also in a native image
    public record Manifest(String rawKey, String rawVersion, long rawSize, long lines, Map<String, Long> rows,
            long rejects, List<String> objects) {
    }

    /**
     * @param rawPrefix where events-deliver writes ({@code greenhouse.events.delivery.prefix})
     * @param prefix    where the zone's tables go: the archive's prefix, which the query service reads
     */
    public EventsZone(ArchiveStore store, String rawPrefix, String prefix, Path workDir) {
        this.store = store;
        this.rawPrefix = trim(rawPrefix);
        this.prefix = trim(prefix);
        this.workDir = workDir;
    }

    /** The raw objects without a manifest, oldest key first, at most {@code max}. */
    public List<String> pending(int max) throws IOException {
        Set<String> done = new HashSet<>(store.list(join(prefix, MANIFESTS + "/events/")));
        List<String> pending = new ArrayList<>();
        for (String key : store.list(join(rawPrefix, "events/"))) {
            if (pending.size() == max) {
                break;
            }
            if (raw(key) != null && !done.contains(manifestKey(key))) {
                pending.add(key);
            }
        }
        return pending;
    }

    /** The manifest of a raw object; empty when it is not processed yet. */
    public java.util.Optional<Manifest> manifest(String rawKey) throws IOException {
        String key = manifestKey(rawKey);
        if (store.size(key).isEmpty()) {
            return java.util.Optional.empty();
        }
        Path file = Files.createTempFile(workDir, "events-manifest-", ".json");
        try {
            store.get(key, file);
            return java.util.Optional.of(JSON.readValue(file.toFile(), Manifest.class));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Processes one raw object: its rows into the family tables, its rejects into events_reject, then its
     * manifest. One that has a manifest already is left as it is (empty answer).
     */
    public java.util.Optional<Manifest> process(String rawKey) throws IOException {
        Matcher raw = raw(rawKey);
        if (raw == null) {
            throw new IllegalArgumentException(rawKey + " is not a raw events object (events/year=/month=/day=/...gz)");
        }
        if (store.size(manifestKey(rawKey)).isPresent()) {
            return java.util.Optional.empty();
        }
        String name = raw.group(4);
        LocalDate rawDay = LocalDate.of(Integer.parseInt(raw.group(1)), Integer.parseInt(raw.group(2)),
                Integer.parseInt(raw.group(3)));
        Path dir = Files.createTempDirectory(workDir, "events-process-");
        try {
            Path rawFile = dir.resolve("raw.gz");
            var listed = store.objects(rawKey).stream().filter(o -> o.key().equals(rawKey)).findFirst();
            store.get(rawKey, rawFile);
            Map<String, Output> outputs = new TreeMap<>();
            long lines = 0;
            long rejects = 0;
            Map<String, Long> rows = new TreeMap<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(rawFile)), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines++;
                    if (line.isBlank()) {
                        continue; // holds nothing
                    }
                    try {
                        EventFamilies.Row row = EventFamilies.row(parse(line));
                        output(outputs, dir, row.table(), row.day(), name, EventFamilies.TABLES.get(row.table()))
                                .write(row.record());
                        rows.merge(row.table(), 1L, Long::sum);
                    } catch (EventFamilies.Rejected rejected) {
                        GenericRecord reject = new GenericData.Record(EventFamilies.REJECT);
                        reject.put("raw_key", rawKey);
                        reject.put("line", lines);
                        reject.put("reason", rejected.getMessage());
                        reject.put("raw_line", line);
                        output(outputs, dir, EventFamilies.REJECTS, rawDay, name, EventFamilies.REJECT).write(reject);
                        rejects++;
                    }
                }
            } finally {
                for (Output output : outputs.values()) {
                    output.writer.close();
                }
            }
            List<String> objects = new ArrayList<>();
            for (Output output : outputs.values()) {
                store.putConfirmed(output.key, output.file);
                objects.add(output.key);
            }
            Manifest manifest = new Manifest(rawKey, listed.map(ArchiveStore.StoredObject::version).orElse(null),
                    listed.map(ArchiveStore.StoredObject::size).orElse(Files.size(rawFile)), lines, rows, rejects,
                    objects);
            Path manifestFile = dir.resolve("manifest.json");
            JSON.writeValue(manifestFile.toFile(), manifest);
            // last: from now on the raw object is done
            store.putConfirmed(manifestKey(rawKey), manifestFile);
            return java.util.Optional.of(manifest);
        } finally {
            deleteTree(dir);
        }
    }

    /** The key of a table's object of one day from one raw object. */
    public String objectKey(String table, LocalDate day, String rawName) {
        return join(prefix, table + "/" + ArchiveKeys.dayPartition(day) + "/" + rawName + ".parquet");
    }

    public String manifestKey(String rawKey) {
        String relative = rawPrefix.isEmpty() ? rawKey : rawKey.substring(rawPrefix.length() + 1);
        return join(prefix, MANIFESTS + "/" + relative + ".json");
    }

    private Matcher raw(String key) {
        String start = rawPrefix.isEmpty() ? "" : rawPrefix + "/";
        if (!key.startsWith(start)) {
            return null;
        }
        Matcher matcher = RAW.matcher(key.substring(start.length()));
        return matcher.matches() ? matcher : null;
    }

    private static JsonNode parse(String line) throws EventFamilies.Rejected {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            throw new EventFamilies.Rejected("not JSON: " + (message.length() > MAX_REASON
                    ? message.substring(0, MAX_REASON) : message));
        }
    }

    /** A Parquet file being written in the work directory, and the key it goes under. */
    private record Output(String key, Path file, ParquetWriter<GenericRecord> writer) {
        void write(GenericRecord record) throws IOException {
            writer.write(record);
        }
    }

    private Output output(Map<String, Output> outputs, Path dir, String table, LocalDate day, String rawName,
            Schema schema) throws IOException {
        String key = objectKey(table, day, rawName);
        Output output = outputs.get(key);
        if (output == null) {
            Path file = dir.resolve(table + "-" + day + ".parquet");
            output = new Output(key, file, ParquetDatasets.writer(file, schema));
            outputs.put(key, output);
        }
        return output;
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    private static String trim(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
