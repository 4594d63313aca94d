package org.greenhouse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.greenhouse.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** What the start logs of the schema: the version it is at and how many migrations it applied just now. */
class DatabaseMigrationTest {

    private static final String URL = "jdbc:h2:mem:migration-log;DB_CLOSE_DELAY=-1";

    @Test
    void theStartLogsTheVersionReachedOnAnEmptySchemaAndOnAMigratedOne() throws Exception {
        String latest = latestMigration();
        assertEquals(List.of("Database schema (H2) at version " + latest + ", " + migrations()
                + " migration(s) applied now"), migrationLines(), "an empty schema, migrated now");
        assertEquals(List.of("Database schema (H2) at version " + latest + ", 0 migration(s) applied now"),
                migrationLines(), "the next start, on the schema already migrated");
    }

    /** One start's migration on the schema, and what it logged of it. */
    private static List<String> migrationLines() throws Exception {
        Database database = new Database(h2());
        try (LogCapture logs = LogCapture.start()) {
            database.ensureMigrated();
            return logs.lines().stream().filter(line -> line.contains("Database schema"))
                    .map(line -> line.substring(line.indexOf("Database schema"))).toList();
        } finally {
            database.close();
        }
    }

    private static Stream<String> versions() throws IOException {
        // V<version>__<description>.sql, as the build ships them
        return Files.list(Path.of("src/main/resources/db/migration/h2-postgresql")).map(Path::getFileName)
                .map(Path::toString).map(name -> name.substring(1, name.indexOf("__")));
    }

    private static String latestMigration() throws IOException {
        try (Stream<String> versions = versions()) {
            return versions.max(Comparator.comparingInt(Integer::parseInt)).orElseThrow();
        }
    }

    private static long migrations() throws IOException {
        try (Stream<String> versions = versions()) {
            return versions.count();
        }
    }

    private static DatabaseConfig h2() {
        return new DatabaseConfig() {
            public String url() {
                return URL;
            }

            public Optional<String> username() {
                return Optional.of("sa");
            }

            public Optional<String> password() {
                return Optional.empty();
            }

            public int maxPoolSize() {
                return 2;
            }

            public Duration acquisitionTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
