package org.greenhouse.events;

import java.util.List;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code POST /api/events} as the HTTP server receives it, before the route reads a byte of its body: a request
 * without a valid X-Api-Key header, or with a key in its URL, is answered 401 from its head alone, and at most
 * {@code greenhouse.events.max-bodies-in-flight} requests are read and handled at once (503 beyond that). So a
 * flood without a key costs the app no body memory, and bodies in memory are bounded by that many times
 * {@code greenhouse.events.max-body-size}. The route checks the key again: the Lambda handler calls it directly.
 */
@ApplicationScoped
public class EventsHttpGate {

    static final String PATH = "/api/events";
    /** Before the route's own handlers (its body handler first), which Camel adds in the order 0 and up. */
    private static final int BEFORE_THE_ROUTE = -1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys;
    private final Semaphore bodies;
    private final long retryAfterSeconds;

    @Inject
    public EventsHttpGate(EventsConfig config, MeterRegistry metrics) {
        if (config.maxBodiesInFlight() < 1) {
            throw new IllegalArgumentException("greenhouse.events.max-bodies-in-flight is " + config.maxBodiesInFlight()
                    + ": it must be at least 1");
        }
        this.keys = new ApiKeys(config.apiKeys().orElse(List.of()));
        this.bodies = new Semaphore(config.maxBodiesInFlight());
        this.retryAfterSeconds = config.kinesis().retryAfter().toSeconds();
        int bound = config.maxBodiesInFlight();
        Gauge.builder("greenhouse.events.bodies.in.flight", bodies, permits -> bound - permits.availablePermits())
                .description("POST /api/events requests whose body is being read or handled").register(metrics);
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).order(BEFORE_THE_ROUTE).handler(this::admit)
                .failureHandler(EventsHttpGate::clientGone);
    }

    void admit(RoutingContext request) {
        // a key in the URL is in access logs, proxies and browser history: refused even beside a valid header
        if (request.queryParams().names().stream().anyMatch(EventIngest.API_KEY::equalsIgnoreCase)) {
            refuse(request, 401, "the API key goes in the " + EventIngest.API_KEY + " header, never in the URL; "
                    + "nothing of this request was read");
            return;
        }
        List<String> presented = request.request().headers().getAll(EventIngest.API_KEY);
        if (presented.size() != 1 || !keys.accepts(presented.get(0))) {
            refuse(request, 401, "a valid " + EventIngest.API_KEY + " header is required");
            return;
        }
        if (!bodies.tryAcquire()) {
            request.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
            refuse(request, 503, "too many requests are being received; nothing of this one was read: send it again "
                    + "after Retry-After seconds");
            return;
        }
        request.addEndHandler(ended -> bodies.release());
        request.next();
    }

    /** A client that hangs up while sending its body is no error of the app's, and nothing can be answered. */
    private static void clientGone(RoutingContext request) {
        if (!(request.failure() instanceof HttpClosedException)) {
            request.next();
        }
    }

    private static void refuse(RoutingContext request, int status, String error) {
        HttpServerResponse response = request.response().setStatusCode(status).putHeader("Content-Type",
                "application/json");
        response.end(JSON.createObjectNode().put("error", error).toString());
    }
}
