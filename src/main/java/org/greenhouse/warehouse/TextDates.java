package org.greenhouse.warehouse;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * totesys keeps some dates as text. Only ISO dates ({@code 2024-02-29}) are taken; anything else is never
 * guessed ({@code 01/05/2024} could be either day or month): the caller loads NULL and records a reject.
 */
public final class TextDates {

    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** A parsed date, or why there is none; both null for NULL. */
    public record Parsed(LocalDate date, String problem) {
    }

    private TextDates() {
    }

    public static Parsed parse(String text) {
        if (text == null) {
            return new Parsed(null, null);
        }
        if (text.isEmpty()) {
            return new Parsed(null, "empty text is not a date");
        }
        if (!ISO.matcher(text).matches()) {
            return new Parsed(null, "not an ISO date (yyyy-mm-dd); never guessed");
        }
        try {
            return new Parsed(LocalDate.parse(text, STRICT), null);
        } catch (DateTimeParseException e) {
            return new Parsed(null, "no such date");
        }
    }
}
