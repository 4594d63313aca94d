package org.greenhouse.plant;

import java.util.concurrent.ExecutorService;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.quarkus.core.events.ComponentAddEvent;
import org.apache.hc.core5.util.Timeout;
import org.greenhouse.support.RetryPolicies;

/** The threads, HTTP client and retries the plant pipeline fetches with, set by greenhouse.plant.*. */
public class PlantFetching {

    @Produces
    @Singleton
    @Named("plantFetchPool")
    ExecutorService plantFetchPool(CamelContext camel, PlantConfig config) {
        var profile = new ThreadPoolProfileBuilder("plant-fetch")
                .poolSize(config.parallelism())
                .maxPoolSize(config.parallelism())
                .maxQueueSize(-1) // a cycle queues all its plants; the pool size is the bound
                // kept between cycles (Camel's default lets idle threads end after 60 s, a period's length)
                .allowCoreThreadTimeOut(false)
                .build();
        // Camel owns the pool and shuts it down with the context
        return camel.getExecutorServiceManager().newThreadPool(this, "plant-fetch", profile);
    }

    @Produces
    @Singleton
    @Named("plantFetchRetryPolicy")
    RedeliveryPolicy plantFetchRetryPolicy(PlantConfig config) {
        return RetryPolicies.exponential(config.retry().maxRetries(), config.retry().initialDelay());
    }

    /** Camel's HTTP options take milliseconds; ours are durations with units. */
    void configureHttp(@Observes ComponentAddEvent added, PlantConfig config) {
        if (added.getComponent() instanceof HttpComponent http) {
            http.setConnectTimeout(Timeout.of(config.connectTimeout()));
            http.setResponseTimeout(Timeout.of(config.readTimeout()));
            http.setSoTimeout(Timeout.of(config.readTimeout()));
            http.setConnectionsPerRoute(Math.max(config.parallelism(), 20));
        }
    }
}
