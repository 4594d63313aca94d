package org.greenhouse.plant;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The timestamp formats the plant API has used, read as instants. */
final class ApiTimestamps {

    /** ISO-8601 with 'T' or a space between date and time, an optional fraction and an optional zone. */
    private static final DateTimeFormatter ISO_OR_SPACED = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .toFormatter();

    private static final List<DateTimeFormatter> FORMATS = List.of(ISO_OR_SPACED,
            DateTimeFormatter.RFC_1123_DATE_TIME);

    private ApiTimestamps() {
    }

    /**
     * @param zoneForLocalTimes the zone of a timestamp that carries none
     * @throws DateTimeParseException when no known format fits
     */
    static Instant parse(String text, ZoneId zoneForLocalTimes) {
        String trimmed = text.trim();
        LocalDateTime plain = plainIsoLocal(trimmed);
        if (plain != null) {
            return plain.atZone(zoneForLocalTimes).toInstant();
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                var parsed = format.parseBest(trimmed, ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof ZonedDateTime zoned
                        ? zoned.toInstant()
                        : ((LocalDateTime) parsed).atZone(zoneForLocalTimes).toInstant();
            } catch (DateTimeParseException tryNext) {
                // the next format may fit
            }
        }
        throw new DateTimeParseException("not a timestamp the plant API uses", text, 0);
    }

    /**
     * The shape the current API sends for every reading, {@code 2026-01-26T15:16:04.703006} (no zone, 'T' or a
     * space, 0-9 fraction digits), read without the formatter machinery, which took a tenth of a fetch thread's
     * time at 10,000 plants. Null for anything else and for fields out of range (February 30th, hour 24): those
     * take the formatters' way, which resolves or refuses them as it always did.
     */
    private static LocalDateTime plainIsoLocal(String text) {
        int length = text.length();
        if (length < 19 || length == 20 || length > 29 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != 'T' && text.charAt(10) != ' ') || text.charAt(13) != ':'
                || text.charAt(16) != ':' || (length > 19 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fraction = digits(text, 20, length);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = length - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The decimal number in text[from, to), -1 unless it is all ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
