package org.greenhouse.archive;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The archive store the configuration names: a local directory, or an S3 bucket (AWS default credentials). */
public class ArchiveStores {

    @Produces
    @Singleton
    ArchiveStore archiveStore(ArchiveConfig config) {
        return open(config);
    }

    /** The store the settings name, also for the query command, which runs without the app. */
    public static ArchiveStore open(ArchiveConfig config) {
        if (config.store() == ArchiveConfig.Store.LOCAL) {
            return new LocalArchiveStore(config.localDir());
        }
        var s3 = config.s3();
        String bucket = s3.bucket().orElseThrow(() -> new IllegalStateException(
                "greenhouse.archive.s3.bucket (GREENHOUSE_ARCHIVE_S3_BUCKET) is required when the archive store is s3"));
        return new S3ArchiveStore(s3Client(s3.region(), s3.endpointOverride(), s3.pathStyle()), bucket);
    }

    /** An S3 client with AWS default credentials, for this store and others of the same kind. */
    public static S3Client s3Client(Optional<String> region, Optional<String> endpointOverride, boolean pathStyle) {
        var client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // S3-compatible servers reject the SDK's newer default checksums; S3 accepts either
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        region.map(Region::of).ifPresent(client::region);
        endpointOverride.map(URI::create).ifPresent(client::endpointOverride);
        return client.build();
    }
}
