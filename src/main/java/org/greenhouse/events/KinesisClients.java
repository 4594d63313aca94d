package org.greenhouse.events;

import java.net.URI;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The Kinesis client: AWS default credentials and region, or a local emulator. */
public class KinesisClients {

    @Produces
    @Singleton
    KinesisClient kinesisClient(EventsConfig config) {
        var kinesis = config.kinesis();
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
        kinesis.endpointOverride().map(URI::create).ifPresent(client::endpointOverride);
        return client.build();
    }

    void close(@Disposes KinesisClient client) {
        client.close();
    }
}
