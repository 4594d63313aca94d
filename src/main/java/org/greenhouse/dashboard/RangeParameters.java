package org.greenhouse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The dashboard's query parameters read and checked: a bad one is a {@link Refused} (answered 400 with the reason),
 * never an error of ours.
 */
final class RangeParameters {

    /** A client's parameter that cannot be used; the message says which and why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** A history range, from inclusive, to exclusive. */
    record Range(Instant from, Instant to) {
    }

    private RangeParameters() {
    }

    /** An optional plant id (null when absent). */
    static Integer plant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int plant = Integer.parseInt(text.strip());
            if (plant < 0) {
                throw new NumberFormatException();
            }
            return plant;
        } catch (NumberFormatException e) {
            throw new Refused("plant must be a plant id (a whole number), not '" + text + "'");
        }
    }

    /** The hours of the live chart: 1 to 24 (the database's readings), 24 when absent. */
    static int hours(String text) {
        if (text == null || text.isBlank()) {
            return 24;
        }
        try {
            int hours = Integer.parseInt(text.strip());
            if (hours >= 1 && hours <= 24) {
                return hours;
            }
        } catch (NumberFormatException e) {
            // refused below, with the rule
        }
        throw new Refused("hours must be a whole number from 1 to 24 (older readings: /api/dashboard/history), not '"
                + text + "'");
    }

    /**
     * A history range: {@code from} and {@code to} as ISO instants (2026-01-25T10:00:00Z) or dates (their start,
     * UTC); to defaults to now, from to 7 days before to; at most {@code longest} long.
     */
    static Range range(String fromText, String toText, Instant now, Duration longest) {
        Instant to = toText == null || toText.isBlank() ? now : time("to", toText);
        Instant from = fromText == null || fromText.isBlank() ? to.minus(Duration.ofDays(7)) : time("from", fromText);
        if (!from.isBefore(to)) {
            throw new Refused("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw new Refused("the range from " + from + " to " + to + " is longer than greenhouse.dashboard.max-history ("
                    + longest.toDays() + " days)");
        }
        return new Range(from, to);
    }

    private static Instant time(String parameter, String text) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(parameter + " must be an ISO instant with its offset (2026-01-25T10:00:00Z) or a date "
                    + "(2026-01-25), not '" + text + "'");
        }
    }
}
