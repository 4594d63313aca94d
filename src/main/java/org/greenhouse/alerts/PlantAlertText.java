package org.greenhouse.alerts;

import java.util.Map;

/**
 * The words of a plant alert, mailed to the plant's botanist: which plant, what is out of range since when, the
 * latest values, and, when it is back in range, for how long it was not. The plant's name and the details come from
 * the plant API: escaped like every outside text.
 */
public final class PlantAlertText implements AlertText.Words {

    public static final PlantAlertText WORDS = new PlantAlertText();

    private PlantAlertText() {
    }

    @Override
    public String subject(String prefix, AlertText.Notice notice) {
        String what = notice.decision() == EpisodePolicy.Decision.OPENED
                ? notice.pipeline() + " out of range: " + AlertText.escape(notice.episode().firstError(), 200)
                : notice.pipeline() + " back in range";
        return AlertText.asciiLine(prefix + " " + what, AlertText.SUBJECT_LIMIT);
    }

    @Override
    public String body(AlertText.Notice notice) {
        EpisodeState episode = notice.episode();
        String plant = AlertText.escape(notice.pipeline(), 200);
        StringBuilder text = new StringBuilder();
        if (notice.decision() == EpisodePolicy.Decision.OPENED) {
            text.append(plant).append(" is out of range since ").append(AlertText.time(episode.since())).append(".\n\n");
            text.append("What: ").append(AlertText.escape(episode.firstError(), AlertText.ERROR_LIMIT)).append('\n');
        } else {
            text.append(plant).append(" is back in range at ").append(AlertText.time(notice.at()))
                    .append(", after being out of range since ").append(AlertText.time(episode.since())).append(".\n\n");
            text.append("Out of range at first: ").append(AlertText.escape(episode.firstError(), AlertText.ERROR_LIMIT))
                    .append('\n');
            text.append("Out of range at last: ").append(AlertText.escape(episode.lastError(), AlertText.ERROR_LIMIT))
                    .append(" (at ").append(AlertText.time(episode.lastFailureAt())).append(")\n");
        }
        text.append("Cycles out of range: ").append(episode.failures()).append('\n');
        for (Map.Entry<String, String> detail : episode.details().entrySet()) {
            text.append(AlertText.escape(detail.getKey(), 100)).append(": ")
                    .append(AlertText.escape(detail.getValue(), 200)).append('\n');
        }
        if (notice.decision() == EpisodePolicy.Decision.OPENED) {
            text.append("\nNo further mail is sent while it stays out of range; one note follows when it is back.\n");
        }
        return text.toString();
    }
}
