package org.greenhouse.alerts;

import java.net.URI;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SNS client of routes/alerts.yaml ({@code amazonSNSClient=#alertSnsClient}): AWS default credentials,
 * the topic's region (from its ARN), and an endpoint override for an SNS-compatible server in tests. Built when the route
 * first sends to SNS, so an app without a topic never builds one.
 */
public class AlertSnsClients {

    @Produces
    @Singleton
    @Named("alertSnsClient")
    SnsClient alertSnsClient(AlertsConfig config) {
        var sns = config.sns();
        var client = SnsClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        // the topic's region is in its ARN: arn:aws:sns:<region>:<account>:<name>
        sns.topicArn().map(arn -> Region.of(arn.split(":")[3])).ifPresent(client::region);
        sns.endpointOverride().map(URI::create).ifPresent(client::endpointOverride);
        return client.build();
    }

    void close(@Disposes @Named("alertSnsClient") SnsClient client) {
        client.close();
    }
}
