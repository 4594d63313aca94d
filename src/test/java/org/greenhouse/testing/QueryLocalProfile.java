package org.greenhouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link QueryProfile} with the archive in a local directory instead of S3. */
public class QueryLocalProfile extends QueryProfile {

    public static final Path ARCHIVE_DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("query-local-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("greenhouse.archive.store", "local");
        config.put("greenhouse.archive.local-dir", ARCHIVE_DIR.toString());
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class));
    }
}
