package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local directory store behaves like the S3 one: keys are paths relative to the root. */
class LocalArchiveStoreTest {

    /** The store's root is a directory in here, so what lies beside it is the test's own (not all of /tmp). */
    @TempDir
    Path outside;

    Path root;

    @TempDir
    Path work;

    private LocalArchiveStore store;

    @BeforeEach
    void createStore() throws IOException {
        root = Files.createDirectory(outside.resolve("root"));
        store = new LocalArchiveStore(root);
    }

    @Test
    void putSizeListGetRoundTrip() throws IOException {
        byte[] content = "parquet bytes".getBytes(StandardCharsets.UTF_8);
        String key = "plant_reading/year=2026/month=01/day=26/hour=15/batch-1-0.parquet";

        store.put(key, file("in.parquet", content));

        assertEquals(OptionalLong.of(content.length), store.size(key));
        assertEquals(List.of(key), store.list("plant_reading/"));
        Path out = work.resolve("out.parquet");
        store.get(key, out);
        assertArrayEquals(content, Files.readAllBytes(out));
        assertTrue(Files.isRegularFile(root.resolve(key)), "stored under the key as a relative path");
    }

    @Test
    void getReplacesAnExistingLocalFile() throws IOException {
        store.put("a/object", file("in", bytes("new")));
        Path out = file("out", bytes("old and longer"));

        store.get("a/object", out);

        assertArrayEquals(bytes("new"), Files.readAllBytes(out));
    }

    @Test
    void putReplacesWhatWasThere() throws IOException {
        String key = "daily_summary/year=2026/month=01/day=26/daily_summary.parquet";
        store.put(key, file("first", bytes("first version, longer")));
        assertEquals(OptionalLong.of(21), store.size(key));

        store.put(key, file("second", bytes("second")));

        assertEquals(OptionalLong.of(6), store.size(key));
        Path out = work.resolve("out");
        store.get(key, out);
        assertArrayEquals(bytes("second"), Files.readAllBytes(out));
        assertEquals(List.of(key), store.list("daily_summary"));
    }

    @Test
    void sizeOfAMissingKeyIsEmpty() throws IOException {
        assertEquals(OptionalLong.empty(), store.size("plant_reading/missing.parquet"));
    }

    @Test
    void listReturnsSortedKeysUnderThePrefixOnly() throws IOException {
        Path in = file("in", bytes("x"));
        store.put("greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-1-1.parquet", in);
        store.put("greenhouse/plant_reading/year=2026/month=01/day=26/hour=03/batch-1-0.parquet", in);
        store.put("greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-1-0.parquet", in);
        store.put("greenhouse/plant_reading/year=2026/month=01/day=27/hour=00/batch-1-0.parquet", in);
        store.put("greenhouse/daily_summary/year=2026/month=01/day=26/daily_summary.parquet", in);
        store.put("other/plant_reading/year=2026/month=01/day=26/hour=15/batch-1-0.parquet", in);

        List<String> keys = store.list("greenhouse/plant_reading/year=2026/month=01/day=26/");

        assertEquals(List.of(
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=03/batch-1-0.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-1-0.parquet",
                "greenhouse/plant_reading/year=2026/month=01/day=26/hour=15/batch-1-1.parquet"), keys);
    }

    @Test
    void listWithoutTrailingSlashIsTheSameDirectory() throws IOException {
        store.put("p/a/1", file("in", bytes("x")));
        store.put("p/b/2", file("in", bytes("x")));

        assertEquals(List.of("p/a/1", "p/b/2"), store.list("p"));
        assertEquals(List.of("p/a/1", "p/b/2"), store.list("p/"));
    }

    @Test
    void listOfAMissingPrefixIsEmpty() throws IOException {
        store.put("present/object", file("in", bytes("x")));

        assertEquals(List.of(), store.list("absent/"));
        assertEquals(List.of(), store.list("present/deeper/"));
    }

    @Test
    void aKeyEscapingTheRootIsRefused() throws IOException {
        Path in = file("in", bytes("x"));

        assertThrows(IllegalArgumentException.class, () -> store.put("../x", in));
        assertThrows(IllegalArgumentException.class, () -> store.put("a/../../x", in));
        assertThrows(IllegalArgumentException.class, () -> store.size("../x"));
        assertThrows(IllegalArgumentException.class, () -> store.get("../x", work.resolve("out")));
        assertThrows(IllegalArgumentException.class, () -> store.list("../"));
        assertFalse(Files.exists(outside.resolve("x")), "nothing written outside the root");
    }

    @Test
    void noPartialFileRemainsAfterPut() throws IOException {
        store.put("a/b/object.parquet", file("in", bytes("content")));
        store.put("a/b/object.parquet", file("in2", bytes("replaced")));

        try (Stream<Path> files = Files.walk(root)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
            assertEquals(List.of("a/b/object.parquet"), names);
        }
    }

    @Test
    void listSkipsAPartialFileLeftByACrash() throws IOException {
        store.put("a/object", file("in", bytes("x")));
        Files.write(root.resolve("a/other.partial"), bytes("half"));

        assertEquals(List.of("a/object"), store.list("a/"));
    }

    @Test
    void locationIsTheRootDirectory() {
        assertEquals(root.toAbsolutePath().normalize().toString(), store.location());
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(work.resolve(name), content);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
