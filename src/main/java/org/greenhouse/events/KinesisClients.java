package org.greenhouse.events;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** The Kinesis clients: AWS default credentials and region, or a local emulator (maybe the app's own). */
public class KinesisClients {

    /** Attempts of one PutRecords call, the first included (the SDK's standard count). */
    static final int PUT_CALL_ATTEMPTS = 3;

    /** The client the stream writer puts with (see {@link #putClient}). */
    @Qualifier
    @Retention(RUNTIME)
    @Target({ METHOD, FIELD, PARAMETER })
    public @interface ForPuts {
    }

    /** The client that reads the stream (delivery), with the SDK's default retries. */
    @Produces
    @Singleton
    KinesisClient kinesisClient(EventsConfig config, LocalKinesis local) {
        return builder(config.kinesis(), local).build();
    }

    /**
     * The client that puts: the SDK tries a call again only when Kinesis certainly stored nothing of it, never a
     * call that timed out (its records may be in the stream). Each call's time is bounded by the writer.
     */
    @Produces
    @Singleton
    @ForPuts
    KinesisClient putClient(EventsConfig config, LocalKinesis local) {
        var kinesis = config.kinesis();
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(kinesis.putRetryDelay(), Duration.ofSeconds(1));
        var retries = StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(PUT_CALL_ATTEMPTS)
                .retryOnException(KinesisFailures::transientAndNothingStored)
                .treatAsThrottling(failure -> failure instanceof SdkServiceException service
                        && service.isThrottlingException())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                // each request's time is bounded already; a shared retry quota would couple unrelated requests
                .circuitBreakerEnabled(false)
                .build();
        return builder(kinesis, local).overrideConfiguration(override -> override.retryStrategy(retries)).build();
    }

    private static KinesisClientBuilder builder(EventsConfig.Kinesis kinesis, LocalKinesis local) {
        if (kinesis.emulator()) {
            // kinesalite answers CBOR with wrong record timestamps; the SDK reads this when the client is built
            System.setProperty("aws.cborEnabled", "false");
        }
        var client = KinesisClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(kinesis.emulator()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"))
                        : DefaultCredentialsProvider.builder().build());
        kinesis.region().map(Region::of).ifPresent(client::region);
        local.endpoint().map(URI::create).ifPresent(client::endpointOverride);
        return client;
    }

    void close(@Disposes KinesisClient client) {
        client.close();
    }

    void closePuts(@Disposes @ForPuts KinesisClient client) {
        client.close();
    }
}
