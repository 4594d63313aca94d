package org.greenhouse.support;

import java.util.Locale;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.greenhouse.query.QueryHttp;

/**
 * The header filter of every platform-http route (camel.component.platform-http.header-filter-strategy):
 * an answer carries only the headers the app's HTTP APIs define. Camel copies every message header into the
 * response otherwise, and query parameters and request headers are message headers, so {@code ?Set-Cookie=..}
 * came back as a real Set-Cookie, and a decoded CR/LF in one made the answer fail after the route had run.
 * Request headers and query parameters still reach the routes as Camel's HTTP filter lets them.
 */
@Singleton
@Named("apiResponseHeaders")
@RegisterForReflection
public class ApiResponseHeaders extends HttpHeaderFilterStrategy {

    /**
     * Content-Type of every answer, Retry-After of a 503, the query API's limit header; Vert.x adds
     * Content-Length or Transfer-Encoding.
     */
    static final Set<String> DEFINED = Set.of("content-type", "retry-after",
            QueryHttp.LIMIT_HEADER.toLowerCase(Locale.ROOT));

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !DEFINED.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
