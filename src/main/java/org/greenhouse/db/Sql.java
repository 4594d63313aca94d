package org.greenhouse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Conversions every repository needs: times are stored as UTC without a zone, texts within their columns.
 * Times go in and out as {@link LocalDateTime}, never through {@link java.sql.Timestamp}, whose conversion
 * uses the JVM's default zone (a stored 02:30 read back as 03:30 across a daylight saving change).
 */
public final class Sql {

    private Sql() {
    }

    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A UTC time column as an instant; null stays null. */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        LocalDateTime utc = row.getObject(column, LocalDateTime.class);
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    public static String truncate(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit);
    }
}
