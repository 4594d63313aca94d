package org.greenhouse.events;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/** The retry of records Kinesis did not take (or of a Kinesis that did not answer): bounded, backing off. */
public class EventsPutRetry {

    @Produces
    @Singleton
    @Named("eventsPutRetryPolicy")
    RedeliveryPolicy eventsPutRetryPolicy(EventsConfig config) {
        return new RedeliveryPolicy()
                .maximumRedeliveries(config.kinesis().putRetries())
                .redeliveryDelay(config.kinesis().putRetryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false);
    }
}
