package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** What each way an answer can end becomes, without any HTTP: PlantApiClient reads, this decides. */
class PlantResponsesTest {

    private final PlantResponses responses = new PlantResponses(100, 10,
            new ValidationRules(-15, 70, ZoneOffset.UTC, Duration.ofMinutes(5)));

    @Test
    void anErrorBodyThatCameWithA5xxStillCountsAsWhatItSays() {
        assertEquals(new PlantOutcome.NotFound(58),
                responses.serverFailed(58, 503, "{\"error\": \"plant not found\", \"plant_id\": 58}", 3));
    }

    @Test
    void a5xxWithoutAReadableErrorIsAFetchFailureKeptWithItsBody() {
        String html = "<html><body>502 Bad Gateway</body></html>";
        assertEquals(new PlantOutcome.Rejected(53, RejectReason.FETCH_FAILED, "HTTP 502 after 3 attempt(s)", html),
                responses.serverFailed(53, 502, html, 3));
        assertEquals(new PlantOutcome.Rejected(52, RejectReason.FETCH_FAILED, "HTTP 500 after 2 attempt(s)", ""),
                responses.serverFailed(52, 500, "", 2));
    }

    @Test
    void aTransportFailureNamesItsCauseAndTheAttempts() {
        assertEquals(new PlantOutcome.Rejected(61, RejectReason.FETCH_FAILED,
                        "ConnectException: Connection refused after 3 attempt(s)", null),
                responses.transportFailed(61, new ConnectException("Connection refused"), 3));
    }

    @Test
    void anOversizedBodyIsRefusedWithItsHeadCutToTheRejectBound() {
        byte[] head = "0123456789abcdef".repeat(8).getBytes(StandardCharsets.UTF_8);
        assertEquals(new PlantOutcome.Rejected(62, RejectReason.OVERSIZED,
                        "response body refused: more than 100 bytes over the limit of 100 bytes", "0123456789"),
                responses.oversized(62, head));
        assertEquals(new PlantOutcome.Rejected(57, RejectReason.OVERSIZED,
                        "response body refused: declared Content-Length 101 over the limit of 100 bytes", ""),
                responses.declaredOversized(57, 101));
    }

    @Test
    void aWholeAnswerBelow500IsParsed() {
        assertInstanceOf(PlantOutcome.NotFound.class, responses.answered(7, "{\"error\": \"plant not found\"}"));
        assertEquals(RejectReason.MALFORMED,
                assertInstanceOf(PlantOutcome.Rejected.class, responses.answered(54, "{\"plant_id\": 5")).reason());
    }
}
