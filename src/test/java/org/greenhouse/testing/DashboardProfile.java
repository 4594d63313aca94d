package org.greenhouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on H2 with GreenMail for alerts, the archive in a local directory (so history comes through the query
 * service's DuckDB), and a dashboard that refreshes every 2 seconds.
 */
public class DashboardProfile implements QuarkusTestProfile {

    public static final Path ARCHIVE_DIR = tempDir();
    public static final int REFRESH_SECONDS = 2;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dashboard-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(PipelineTestConfig.OVERRIDES);
        config.put("greenhouse.archive.store", "local");
        config.put("greenhouse.archive.local-dir", ARCHIVE_DIR.toString());
        config.put("greenhouse.dashboard.refresh-interval", REFRESH_SECONDS + "s");
        config.put("greenhouse.alerts.subject-prefix", "[greenhouse-test]");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestDatabase.class, Map.of("vendor", "h2")),
                new TestResourceEntry(PlantApiStub.class), new TestResourceEntry(MailStub.class));
    }
}
