package org.greenhouse.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.greenhouse.alerts.EpisodePolicy.Decision;
import org.junit.jupiter.api.Test;

class AlertTextTest {

    private static final Instant SINCE = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Map<String, String> WHERE = new LinkedHashMap<>(Map.of("pipeline_run.run_id", "42"));

    private static AlertText.Notice opened(String error) {
        return new AlertText.Notice("plant-ingest", Decision.OPENED,
                new EpisodeState(true, SINCE, 1, error, error, SINCE, WHERE), SINCE);
    }

    @Test
    void theOpeningAlertSaysWhatFailedSinceWhenHowOftenAndWhereToLook() {
        var notice = opened("SQLException: Connection refused");

        assertEquals("[greenhouse] plant-ingest failed: SQLException", AlertText.subject("[greenhouse]", notice));
        String body = AlertText.body(notice);
        assertTrue(body.startsWith("plant-ingest failed at 2026-12-01T10:00:00Z.\n"), body);
        assertTrue(body.contains("\nWhat failed: SQLException: Connection refused\n"), body);
        assertTrue(body.contains("\nFailing since: 2026-12-01T10:00:00Z"), body);
        assertTrue(body.contains("\nFailures in this episode: 1\n"), body);
        assertTrue(body.contains("\n  pipeline_run.run_id: 42 (the episode's first failed run)\n"), body);
        assertTrue(body.contains("metric greenhouse.runs{pipeline=\"plant-ingest\",result=\"failed\"}"), body);
        assertTrue(body.contains("alert_key 'pipeline:plant-ingest'"), body);
    }

    @Test
    void theRecoveryNoteSaysHowLongAndHowManyFailures() {
        var episode = new EpisodeState(true, SINCE, 7, "SQLException: first", "IOException: last",
                SINCE.plusSeconds(360), WHERE);
        var notice = new AlertText.Notice("plant-archive", Decision.RECOVERED, episode, SINCE.plusSeconds(420));

        assertEquals("[gh-prod] plant-archive recovered after 7 failures", AlertText.subject("[gh-prod]", notice));
        String body = AlertText.body(notice);
        assertTrue(body.startsWith("plant-archive succeeded again at 2026-12-01T10:07:00Z, after failing since "
                + "2026-12-01T10:00:00Z (7 min).\n"), body);
        assertTrue(body.contains("\nFailures in the episode: 7\n"), body);
        assertTrue(body.contains("\nFirst error: SQLException: first\n"), body);
        assertTrue(body.contains("\nLast error: IOException: last (at 2026-12-01T10:06:00Z)\n"), body);
    }

    @Test
    void theRecoveryNoteSaysWhereToLookToo() {
        var notice = new AlertText.Notice("plant-archive", Decision.RECOVERED,
                new EpisodeState(true, SINCE, 2, "E: a", "E: b", SINCE, WHERE), SINCE.plusSeconds(60));

        assertTrue(AlertText.body(notice).contains("\nWhere to look:\n  pipeline_run.run_id: 42"),
                AlertText.body(notice));
    }

    @Test
    void anEpisodesLengthIsInSecondsMinutesOrHours() {
        assertEquals("(45 s)", lasted(45));
        assertEquals("(1 min)", lasted(60));
        assertEquals("(119 min)", lasted(119 * 60));
        assertEquals("(2 h 0 min)", lasted(120 * 60));
        assertEquals("(26 h 5 min)", lasted(26 * 3600 + 5 * 60));
    }

    private static String lasted(long seconds) {
        var notice = new AlertText.Notice("plant-archive", Decision.RECOVERED,
                new EpisodeState(true, SINCE, 2, "E: a", "E: b", SINCE, WHERE), SINCE.plusSeconds(seconds));
        String body = AlertText.body(notice);
        return body.substring(body.indexOf('('), body.indexOf(')') + 1);
    }

    @Test
    void anErrorWithoutAKindIsNamedWhole() {
        assertEquals("[greenhouse] plant-ingest failed: unknown error", AlertText.subject("[greenhouse]", opened(null)));
        assertEquals("[greenhouse] plant-ingest failed: : no kind", AlertText.subject("[greenhouse]", opened(": no kind")));
        assertEquals("[greenhouse] plant-ingest failed: Timeout", AlertText.subject("[greenhouse]", opened("Timeout")));
    }

    @Test
    void subjectsTurnDeleteIntoAQuestionMark() {
        assertEquals("[greenhouse] plant-ingest failed: a?b", AlertText.subject("[greenhouse]", opened("a\u007fb: x")));
    }

    @Test
    void clientTextCannotForgeLinesOrHeaders() {
        var notice = opened("IOException: bad\r\nBcc: victim@example.com\n\nWhat failed: nothing\u202e\u0007");

        String body = AlertText.body(notice);
        assertTrue(body.contains("What failed: IOException: bad\\r\\nBcc: victim@example.com\\n\\nWhat failed: "
                + "nothing\\u202e\\u0007\n"), body);
        assertFalse(body.contains("\nBcc:"), body);
        String subject = AlertText.subject("[greenhouse]", opened("Bad\r\nBcc: x@y.z: rest"));
        assertEquals("[greenhouse] plant-ingest failed: Bad??Bcc", subject);
    }

    @Test
    void subjectsArePrintableAsciiUnderOneHundredCharacters() {
        String subject = AlertText.subject("[greenhouse]", opened("Überlänge".repeat(30) + ": x"));
        assertEquals(99, subject.length());
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), subject);
    }

    @Test
    void longTextIsCutToItsBound() {
        assertEquals("abc...", AlertText.escape("abcdef", 3));
        assertEquals("abc", AlertText.escape("abc", 3));
        assertEquals("a\\n...", AlertText.escape("a\nbc", 3));
        assertEquals("none", AlertText.escape(null, 3));
        String body = AlertText.body(opened("E: " + "x".repeat(5000)));
        assertTrue(body.contains("x".repeat(AlertText.ERROR_LIMIT - 3) + "...\n"), "cut at " + AlertText.ERROR_LIMIT);
        assertFalse(body.contains("x".repeat(AlertText.ERROR_LIMIT)));
    }
}
