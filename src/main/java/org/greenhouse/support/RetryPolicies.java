package org.greenhouse.support;

import java.time.Duration;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/** The one kind of retry the pipelines use: bounded, with delays doubling from the first. */
public final class RetryPolicies {

    private RetryPolicies() {
    }

    /** The delay before retrying after the failed attempt {@code attempt} (1, 2, ...), as {@link #exponential} waits. */
    public static Duration delayBefore(int attempt, Duration initialDelay) {
        return initialDelay.multipliedBy(1L << Math.min(attempt - 1, 30));
    }

    /** Retries are logged at DEBUG and exhaustion not at all: the route's failure handling says what failed. */
    public static RedeliveryPolicy exponential(int maxRetries, Duration initialDelay) {
        return new RedeliveryPolicy()
                .maximumRedeliveries(maxRetries)
                .redeliveryDelay(initialDelay.toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false);
    }
}
