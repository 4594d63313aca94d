package org.greenhouse.warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every {@code greenhouse.warehouse.*} setting (docs/warehouse.md); checked at startup when enabled. */
@ConfigMapping(prefix = "greenhouse.warehouse")
public interface WarehouseConfig {

    /** Off: the steps refuse to run and nothing of the pipeline is created (no source, target or zones). */
    boolean enabled();

    /** Whether the cron triggers ingest; {@code direct:warehouse-ingest} runs one either way. */
    boolean scheduleEnabled();

    /** Quartz cron of ingest (default every 10 minutes). */
    String cron();

    /**
     * Process right after an ingest that wrote a manifest, load right after a process (in a container); off on
     * Lambda, where the zones' S3 event notifications start them.
     */
    boolean chain();

    /** How often process and load look for manifests a failed run left (in a container). */
    Duration catchUpPeriod();

    /** How far before the watermark ingest reads again, for rows that commit late or share its millisecond. */
    Duration rereadWindow();

    /**
     * Rows fetched per round trip, from the source and of the dimension ids the load checks facts against:
     * never a whole table in memory.
     */
    int fetchSize();

    /** Rows per batch of statements into an H2 warehouse (PostgreSQL takes each table in one COPY). */
    int loadBatchSize();

    /** How long process or load waits for another process's run of the same step to end. */
    Duration lockWait();

    /** Where files are written before they are stored; the JVM's temp directory unless set. */
    Optional<Path> workDir();

    Connection source();

    Connection target();

    Zone ingestion();

    Zone processed();

    Demo demo();

    /** A database: JDBC URL (its prefix chooses the driver) and login; the password from the environment. */
    interface Connection {
        Optional<String> url();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("4")
        int maxPoolSize();
    }

    /** A zone: a local directory or an S3 bucket, and the key prefix of everything in it. */
    interface Zone {
        Store store();

        Path localDir();

        String prefix();

        Optional<String> bucket();

        Optional<String> region();

        /** For S3-compatible servers (S3Proxy, MinIO); unset on AWS. */
        Optional<String> endpointOverride();

        @WithDefault("false")
        boolean pathStyle();
    }

    enum Store {
        S3, LOCAL
    }

    /** The demo totesys database of the embedded defaults: seeded at first start, changed every period. */
    interface Demo {
        boolean enabled();

        Duration period();
    }
}
