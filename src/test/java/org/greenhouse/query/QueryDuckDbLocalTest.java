package org.greenhouse.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.QueryLocalProfile;

/** DuckDB over the archive in a local directory, as on a laptop. */
@QuarkusTest
@TestProfile(QueryLocalProfile.class)
class QueryDuckDbLocalTest extends QueryContract {

    @Override
    void clearArchive() throws Exception {
        try (Stream<Path> files = Files.walk(QueryLocalProfile.ARCHIVE_DIR)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.equals(QueryLocalProfile.ARCHIVE_DIR)) {
                    Files.delete(file);
                }
            }
        }
    }
}
