package org.greenhouse.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.query.*} setting (docs/query.md); routes/query.yaml reads some as {{placeholders}}. */
@ConfigMapping(prefix = "greenhouse.query")
public interface QueryConfig {

    /** Serves POST /api/query. No authentication yet (issue [8] brings one for admin endpoints): keep it off where others reach. */
    boolean enabled();

    /** {@code duckdb} (the archive's Parquet on this machine) or {@code athena}. */
    Engine engine();

    /** Most rows in an answer of the endpoint, and of the command unless --max-rows says otherwise. */
    long maxRows();

    /** How long a query may run before it is stopped. */
    Duration timeLimit();

    DuckDb duckdb();

    Athena athena();

    enum Engine {
        DUCKDB, ATHENA
    }

    interface DuckDb {
        /** Where the S3 archive's datasets are mirrored for DuckDB; the JVM's temp directory unless set. */
        Optional<Path> cacheDir();
    }

    /** Athena's workgroup and database; credentials come from the AWS default provider chain, never from here. */
    interface Athena {
        /** The Glue database of the lake tables (terraform's athena module: database_name). */
        Optional<String> database();

        String workgroup();

        /**
         * s3://bucket/path/ for result files (Camel's aws2-athena requires one; a workgroup that enforces its own
         * result location overrides it).
         */
        Optional<String> outputLocation();

        Optional<String> region();

        /** An Athena-compatible API, for tests; unset on AWS. */
        Optional<String> endpointOverride();

        /** The S3 API the result files are downloaded from, for tests; unset on AWS. */
        Optional<String> s3EndpointOverride();

        boolean s3PathStyle();

        /** The first wait before asking whether the query is done; each later wait is longer, up to poll-max-delay. */
        Duration pollInitialDelay();

        Duration pollMaxDelay();

        /** Rows per GetQueryResults page (JSON answers; at most 1000). */
        int pageSize();
    }
}
