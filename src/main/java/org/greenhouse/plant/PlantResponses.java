package org.greenhouse.plant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns what the plant API answered for one plant, or how asking it failed, into a {@link PlantOutcome}. No I/O:
 * {@link PlantApiClient} asks and reads, this decides.
 */
final class PlantResponses {

    private final int maxBodyBytes;
    private final int rejectBodyLimit;
    private final PlantResponseParser parser;

    PlantResponses(int maxBodyBytes, int rejectBodyLimit, ValidationRules rules) {
        this.maxBodyBytes = maxBodyBytes;
        this.rejectBodyLimit = rejectBodyLimit;
        this.parser = new PlantResponseParser(rules);
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** A whole answer below 500, whatever its status: the body's {@code error} field is what counts. */
    PlantOutcome answered(int plantId, String body) {
        return parser.parse(plantId, body, Instant.now());
    }

    /** The answer declared a body over the limit; it was dropped unread. */
    PlantOutcome declaredOversized(int plantId, long contentLength) {
        return oversized(plantId, "declared Content-Length " + contentLength, "");
    }

    /** More than the limit arrived before the answer ended; {@code head} is what was read, cut to the reject bound. */
    PlantOutcome oversized(int plantId, byte[] head) {
        return oversized(plantId, "more than " + maxBodyBytes + " bytes",
                new String(head, 0, Math.min(head.length, rejectBodyLimit), StandardCharsets.UTF_8));
    }

    /**
     * Every attempt was answered with a 5xx. An error body still counts as what it says (the API's statuses are
     * not reliable); anything else is a fetch failure, kept with the body it had.
     */
    PlantOutcome serverFailed(int plantId, int status, String body, int attempts) {
        if (body != null && !body.isBlank()) {
            PlantOutcome outcome = parser.parse(plantId, body, Instant.now());
            if (!(outcome instanceof PlantOutcome.Reading) && !isBadBody(outcome)) {
                return outcome;
            }
        }
        return new PlantOutcome.Rejected(plantId, RejectReason.FETCH_FAILED,
                "HTTP " + status + " after " + attempts + " attempt(s)", body);
    }

    /** Every attempt failed before a whole answer came (refused, reset, timed out). */
    PlantOutcome transportFailed(int plantId, Throwable cause, int attempts) {
        String what = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new PlantOutcome.Rejected(plantId, RejectReason.FETCH_FAILED, what + " after " + attempts + " attempt(s)",
                null);
    }

    private static boolean isBadBody(PlantOutcome outcome) {
        return outcome instanceof PlantOutcome.Rejected rejected
                && (rejected.reason() == RejectReason.MALFORMED || rejected.reason() == RejectReason.INVALID);
    }

    private PlantOutcome oversized(int plantId, String why, String head) {
        return new PlantOutcome.Rejected(plantId, RejectReason.OVERSIZED,
                "response body refused: " + why + " over the limit of " + maxBodyBytes + " bytes", head);
    }
}
