package org.greenhouse.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.junit.jupiter.api.Test;

/** The plant client's backoff waits as Camel's redelivery does for the routes: one kind of retry. */
class RetryPoliciesTest {

    @Test
    void theDelayBeforeEachRetryDoublesFromTheFirstAsCamelsRedeliveryDoes() {
        Duration first = Duration.ofMillis(250);
        RedeliveryPolicy camel = RetryPolicies.exponential(3, first);
        long previous = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            long camelDelay = camel.calculateRedeliveryDelay(previous, attempt);
            assertEquals(Duration.ofMillis(camelDelay), RetryPolicies.delayBefore(attempt, first), "after attempt " + attempt);
            previous = camelDelay;
        }
        assertEquals(Duration.ofSeconds(1), RetryPolicies.delayBefore(3, first));
    }
}
