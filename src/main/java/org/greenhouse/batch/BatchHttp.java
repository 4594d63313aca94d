package org.greenhouse.batch;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The batch API's HTTP timeouts ({@code greenhouse.batch.*}). The route's endpoint takes them from here: the
 * shared http component carries the plant pipeline's, and Camel's own timeout options take milliseconds only.
 */
public class BatchHttp {

    @Produces
    @Singleton
    @Named("batchApiTimeouts")
    @SuppressWarnings("deprecation") // a request's connect timeout still overrides the shared pool's one
    HttpClientConfigurer batchApiTimeouts(BatchConfig config) {
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                .setResponseTimeout(Timeout.of(config.readTimeout()))
                .build();
        return client -> client.setDefaultRequestConfig(timeouts);
    }
}
