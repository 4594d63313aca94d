package org.greenhouse.plant;

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
        for (DateTimeFormatter format : FORMATS) {
            try {
                var parsed = format.parseBest(text.trim(), ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof ZonedDateTime zoned
                        ? zoned.toInstant()
                        : ((LocalDateTime) parsed).atZone(zoneForLocalTimes).toInstant();
            } catch (DateTimeParseException tryNext) {
                // the next format may fit
            }
        }
        throw new DateTimeParseException("not a timestamp the plant API uses", text, 0);
    }
}
