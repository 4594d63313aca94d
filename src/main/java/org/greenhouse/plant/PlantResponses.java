package org.greenhouse.plant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/** Turns what the plant API answered (or how asking it failed) into a {@link PlantOutcome}. */
@ApplicationScoped
@Named("plantResponses")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class PlantResponses {

    public static final String PLANT_ID = "plantId";

    private final PlantConfig config;
    private final PlantResponseParser parser;

    @Inject
    public PlantResponses(PlantConfig config) {
        this.config = config;
        this.parser = new PlantResponseParser(config.rules());
    }

    /** An answer with a body, whatever its status: the body's {@code error} field is what counts. */
    public PlantOutcome answered(@Header(PLANT_ID) int plantId, @Header(Exchange.CONTENT_LENGTH) Long contentLength,
            InputStream body) throws IOException {
        int limit = config.maxBodyBytes();
        if (contentLength != null && contentLength > limit) {
            abort(body);
            return oversized(plantId, "declared Content-Length " + contentLength, "");
        }
        if (body == null) {
            return parser.parse(plantId, "", Instant.now());
        }
        try (body) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                abort(body);
                return oversized(plantId, "more than " + limit + " bytes",
                        new String(bytes, 0, Math.min(bytes.length, config.rejectBodyLimit()), StandardCharsets.UTF_8));
            }
            return parser.parse(plantId, new String(bytes, StandardCharsets.UTF_8), Instant.now());
        }
    }

    /**
     * Asking failed after every retry. An error body that came with a 5xx still counts as what it says (the
     * API's statuses are not reliable); anything else is a fetch failure, kept with the body it had.
     */
    public PlantOutcome failed(@Header(PLANT_ID) int plantId, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the route retries exactly these until its attempts are used up
        boolean retried = cause instanceof IOException || cause instanceof HttpOperationFailedException;
        int attempts = retried ? 1 + config.retry().maxRetries() : 1;
        if (cause instanceof HttpOperationFailedException http) {
            String body = http.getResponseBody();
            if (body != null && !body.isBlank()) {
                PlantOutcome outcome = parser.parse(plantId, body, Instant.now());
                if (!(outcome instanceof PlantOutcome.Reading) && !isBadBody(outcome)) {
                    return outcome;
                }
            }
            return new PlantOutcome.Rejected(plantId, RejectReason.FETCH_FAILED,
                    "HTTP " + http.getStatusCode() + " after " + attempts + " attempt(s)", body);
        }
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new PlantOutcome.Rejected(plantId, RejectReason.FETCH_FAILED,
                what + " after " + attempts + " attempt(s)", null);
    }

    private static boolean isBadBody(PlantOutcome outcome) {
        return outcome instanceof PlantOutcome.Rejected rejected
                && (rejected.reason() == RejectReason.MALFORMED || rejected.reason() == RejectReason.INVALID);
    }

    private PlantOutcome oversized(int plantId, String why, String head) {
        return new PlantOutcome.Rejected(plantId, RejectReason.OVERSIZED,
                "response body refused: " + why + " over the limit of " + config.maxBodyBytes() + " bytes", head);
    }

    /** Drops the connection instead of draining the rest of an oversized body. */
    private static void abort(InputStream body) throws IOException {
        if (body instanceof EofSensorInputStream connectionStream) {
            connectionStream.abort();
        } else if (body != null) {
            body.close();
        }
    }
}
