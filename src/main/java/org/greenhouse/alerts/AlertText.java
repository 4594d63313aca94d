package org.greenhouse.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The words of a pipeline alert: a short subject and a plain-text body that say which pipeline, what failed,
 * since when, how many failures the episode had, and where to look. Error texts and details can carry what a
 * client or a remote API sent: their control characters (line breaks too) are escaped, so they cannot forge
 * lines or mail headers, and they are cut to a bound.
 */
public final class AlertText {

    /** SNS takes subjects of printable ASCII, under 100 characters. */
    static final int SUBJECT_LIMIT = 99;
    static final int ERROR_LIMIT = 1000;

    private AlertText() {
    }

    /** How the alerts of one kind of key are worded: pipelines ({@link #PIPELINE}), plants (PlantAlertText). */
    public interface Words {
        String subject(String prefix, Notice notice);

        String body(Notice notice);
    }

    /** The words of a pipeline's alerts. */
    public static final Words PIPELINE = new Words() {
        @Override
        public String subject(String prefix, Notice notice) {
            return AlertText.subject(prefix, notice);
        }

        @Override
        public String body(Notice notice) {
            return AlertText.body(notice);
        }
    };

    /** What an alert is about: the pipeline, the episode (failing state), and when it opened or ended. */
    public record Notice(String pipeline, EpisodePolicy.Decision decision, EpisodeState episode, Instant at) {
        public Notice {
            if (!decision.notifies()) {
                throw new IllegalArgumentException(decision + " sends nothing");
            }
        }
    }

    public static String subject(String prefix, Notice notice) {
        String what = notice.decision() == EpisodePolicy.Decision.OPENED
                ? notice.pipeline() + " failed: " + errorKind(notice.episode().firstError())
                : notice.pipeline() + " recovered after " + failures(notice.episode().failures());
        return asciiLine(prefix + " " + what, SUBJECT_LIMIT);
    }

    public static String body(Notice notice) {
        EpisodeState episode = notice.episode();
        StringBuilder text = new StringBuilder();
        if (notice.decision() == EpisodePolicy.Decision.OPENED) {
            text.append(notice.pipeline()).append(" failed at ").append(time(notice.at())).append(".\n\n");
            text.append("What failed: ").append(escape(episode.firstError(), ERROR_LIMIT)).append('\n');
            text.append("Failing since: ").append(time(episode.since())).append(" (the episode's first failure)\n");
            text.append("Failures in this episode: ").append(episode.failures()).append('\n');
            whereToLook(text, notice.pipeline(), episode);
            text.append("\nNo further alert is sent while ").append(notice.pipeline())
                    .append(" keeps failing; one note follows when it succeeds again.\n");
        } else {
            Duration lasted = Duration.between(episode.since(), notice.at());
            text.append(notice.pipeline()).append(" succeeded again at ").append(time(notice.at()))
                    .append(", after failing since ").append(time(episode.since())).append(" (")
                    .append(lasted(lasted)).append(").\n\n");
            text.append("Failures in the episode: ").append(episode.failures()).append('\n');
            text.append("First error: ").append(escape(episode.firstError(), ERROR_LIMIT)).append('\n');
            text.append("Last error: ").append(escape(episode.lastError(), ERROR_LIMIT)).append(" (at ")
                    .append(time(episode.lastFailureAt())).append(")\n");
            whereToLook(text, notice.pipeline(), episode);
        }
        return text.toString();
    }

    private static void whereToLook(StringBuilder text, String pipeline, EpisodeState episode) {
        text.append("\nWhere to look:\n");
        for (Map.Entry<String, String> detail : episode.details().entrySet()) {
            text.append("  ").append(escape(detail.getKey(), 100)).append(": ").append(escape(detail.getValue(), 200))
                    .append(" (the episode's first failed run)\n");
        }
        text.append("  the app's log lines of ").append(pipeline).append(" from ").append(time(episode.since()))
                .append('\n');
        text.append("  metric greenhouse.runs{pipeline=\"").append(pipeline).append("\",result=\"failed\"}\n");
        text.append("  table alert_episode, alert_key 'pipeline:").append(pipeline).append("'\n");
    }

    /** The exception's class name, which an error description starts with ("SQLException: ..."). */
    private static String errorKind(String error) {
        if (error == null) {
            return "unknown error";
        }
        int colon = error.indexOf(':');
        return colon > 0 ? error.substring(0, colon) : error;
    }

    private static String failures(int failures) {
        return failures == 1 ? "1 failure" : failures + " failures";
    }

    static String time(Instant at) {
        return at == null ? "unknown" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String lasted(Duration lasted) {
        long minutes = lasted.toMinutes();
        if (minutes < 1) {
            return lasted.toSeconds() + " s";
        }
        return minutes < 120 ? minutes + " min" : lasted.toHours() + " h " + lasted.toMinutesPart() + " min";
    }

    /**
     * Text as one line: control and format characters (line breaks, tabs, bidirectional overrides) written as
     * escapes (a backslash with n, r, t, or u and four hex digits), cut to {@code limit} characters with "..."
     * when longer.
     */
    public static String escape(String text, int limit) {
        if (text == null) {
            return "none";
        }
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), limit); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        boolean cut = text.length() > limit || escaped.length() > limit;
        return cut ? escaped.substring(0, Math.min(escaped.length(), limit)) + "..." : escaped.toString();
    }

    /** Printable ASCII only (anything else becomes '?'), one line, at most {@code limit} characters. */
    public static String asciiLine(String text, int limit) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length() && line.length() < limit; i++) {
            char c = text.charAt(i);
            line.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return line.toString();
    }
}
