package org.greenhouse.query;

import java.io.IOException;
import java.nio.file.Path;

/** Where DuckDB finds a table's Parquet files on this machine: the local archive, or a mirror of the S3 one. */
public interface LakeFiles {

    /** The directory that holds the table's dataset, up to date for a query about to run. */
    Path dataset(LakeTable table) throws IOException;

    /** The directory every dataset is under: the only one DuckDB may read. */
    Path root();

    /** The archive's own directory: {@code <local-dir>/<prefix>/<dataset>}. */
    static LakeFiles local(Path localDir, String prefix) {
        Path root = prefix.isBlank() ? localDir.toAbsolutePath().normalize()
                : localDir.resolve(prefix.replaceAll("^/+|/+$", "")).toAbsolutePath().normalize();
        return new LakeFiles() {
            @Override
            public Path dataset(LakeTable table) {
                return root.resolve(table.dataset());
            }

            @Override
            public Path root() {
                return root;
            }
        };
    }
}
