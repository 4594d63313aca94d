package org.greenhouse.query;

import java.net.URI;
import java.nio.file.Path;

import org.apache.camel.ProducerTemplate;
import org.greenhouse.archive.ArchiveConfig;
import org.greenhouse.archive.ArchiveStores;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the query service from the settings, in the app (QueryBeans) and in the query command alike: the engine
 * greenhouse.query.engine names, and the AWS clients of routes/query.yaml.
 */
public final class QueryEngines {

    private QueryEngines() {
    }

    public static QueryLimits limits(QueryConfig config) {
        if (config.maxRows() < 1) {
            throw new IllegalArgumentException("greenhouse.query.max-rows is " + config.maxRows()
                    + ": it must be at least 1");
        }
        if (config.timeLimit().isNegative() || config.timeLimit().isZero()) {
            throw new IllegalArgumentException("greenhouse.query.time-limit is " + config.timeLimit()
                    + ": it must be more than 0");
        }
        return new QueryLimits(config.maxRows(), config.timeLimit());
    }

    /** Stops the start on Athena settings that cannot work, naming the setting. */
    public static void check(QueryConfig config) {
        limits(config);
        if (config.engine() == QueryConfig.Engine.ATHENA) {
            var athena = config.athena();
            if (athena.database().isEmpty()) {
                throw new IllegalArgumentException("greenhouse.query.athena.database (GREENHOUSE_QUERY_ATHENA_DATABASE)"
                        + " is required with the athena engine: the Glue database of the lake tables");
            }
            if (athena.outputLocation().filter(location -> location.startsWith("s3://")).isEmpty()) {
                throw new IllegalArgumentException("greenhouse.query.athena.output-location "
                        + "(GREENHOUSE_QUERY_ATHENA_OUTPUT_LOCATION) is required with the athena engine: "
                        + "s3://bucket/path/ for result files (terraform's workgroup uses s3://<results bucket>/results/)");
            }
            if (athena.pageSize() < 1 || athena.pageSize() > 1000) {
                throw new IllegalArgumentException("greenhouse.query.athena.page-size is " + athena.pageSize()
                        + ": Athena takes 1 to 1000");
            }
            if (athena.pollInitialDelay().isNegative() || athena.pollInitialDelay().isZero()
                    || athena.pollMaxDelay().compareTo(athena.pollInitialDelay()) < 0) {
                throw new IllegalArgumentException("greenhouse.query.athena.poll-initial-delay must be more than 0 "
                        + "and at most greenhouse.query.athena.poll-max-delay");
            }
        }
    }

    /** DuckDB over the archive store: its own directory, or a mirror of the S3 bucket. */
    public static QueryEngine duckdb(QueryConfig config, ArchiveConfig archive) {
        if (archive.store() == ArchiveConfig.Store.LOCAL) {
            return new DuckDbEngine(LakeFiles.local(archive.localDir(), archive.prefix()));
        }
        Path cache = config.duckdb().cacheDir()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "greenhouse-query-cache"));
        return new DuckDbEngine(new ArchiveMirror(() -> ArchiveStores.open(archive), archive.prefix(), cache));
    }

    public static QueryEngine engine(QueryConfig config, ArchiveConfig archive, ProducerTemplate camel) {
        return config.engine() == QueryConfig.Engine.ATHENA ? new AthenaEngine(camel) : duckdb(config, archive);
    }

    public static AthenaClient athenaClient(QueryConfig.Athena athena) {
        var client = AthenaClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        athena.region().map(Region::of).ifPresent(client::region);
        athena.endpointOverride().map(URI::create).ifPresent(client::endpointOverride);
        return client.build();
    }

    public static S3Client resultsClient(QueryConfig.Athena athena) {
        var client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // S3-compatible servers reject the SDK's newer default checksums; S3 accepts either
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(athena.s3PathStyle()).build());
        athena.region().map(Region::of).ifPresent(client::region);
        athena.s3EndpointOverride().map(URI::create).ifPresent(client::endpointOverride);
        return client.build();
    }
}
