package org.greenhouse.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.archive.*} setting; the route file reads some of them as {{placeholders}}. */
@ConfigMapping(prefix = "greenhouse.archive")
public interface ArchiveConfig {

    /** Whether the cron triggers runs; {@code direct:plant-archive} runs one either way. */
    boolean scheduleEnabled();

    /** Quartz cron expression of the runs (default: hourly, on the hour). */
    String cron();

    /** Readings older than this are archived. */
    Duration retention();

    /** {@code s3} or {@code local}. */
    Store store();

    /** The directory of the {@code local} store. */
    Path localDir();

    /** Key prefix of both datasets. */
    String prefix();

    /** Most readings in one Parquet object; a larger hour is split into parts. */
    int maxRowsPerFile();

    /** Where Parquet files are written before they are stored. */
    Optional<Path> workDir();

    S3 s3();

    /** Serves POST /archive/backfill?from=&to= (no authentication yet: keep it off where others reach). */
    boolean backfillEndpointEnabled();

    enum Store {
        S3, LOCAL
    }

    /** The bucket; credentials come from the AWS default provider chain, never from here. */
    interface S3 {
        Optional<String> bucket();

        Optional<String> region();

        /** For S3-compatible servers (MinIO, S3Proxy); unset on AWS. */
        Optional<String> endpointOverride();

        boolean pathStyle();
    }
}
