package org.greenhouse.events;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.greenhouse.support.RetryPolicies;

/** The retry of records Kinesis did not take (or of a Kinesis that did not answer): bounded, backing off. */
public class EventsPutRetry {

    @Produces
    @Singleton
    @Named("eventsPutRetryPolicy")
    RedeliveryPolicy eventsPutRetryPolicy(EventsConfig config) {
        return RetryPolicies.exponential(config.kinesis().putRetries(), config.kinesis().putRetryDelay());
    }
}
