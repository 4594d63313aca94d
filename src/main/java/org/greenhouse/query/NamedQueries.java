package org.greenhouse.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queries a client can run by name with parameters instead of SQL; the command's {@code --plant}, {@code --from}
 * and {@code --to} are {@code plant_readings}. Each also limits the partitions it reads (year, month, day), which
 * Athena bills by. Ranges are half-open: {@code from} inclusive, {@code to} exclusive; a time is an ISO instant
 * ({@code 2026-01-25T10:00:00Z}) or a date (its start, UTC).
 */
public final class NamedQueries {

    public static final String PLANT_READINGS = "plant_readings";
    public static final String DAILY_SUMMARY = "daily_summary";
    /** Events by type per hour over every family of the events' processed zone ({@code from}, {@code to}). */
    public static final String EVENTS_PER_HOUR = "events_per_hour";

    private static final Set<String> RANGE = Set.of("plant", "from", "to");

    private NamedQueries() {
    }

    public static Set<String> names() {
        return new TreeSet<>(Set.of(PLANT_READINGS, DAILY_SUMMARY, EVENTS_PER_HOUR));
    }

    /** The query of that name with these parameters (text, as a request or a command line gives them). */
    public static SqlQuery build(String name, Map<String, String> parameters) {
        for (String parameter : parameters.keySet()) {
            if (!RANGE.contains(parameter)) {
                throw new QueryRefused("query " + name + " has no parameter '" + parameter + "'; it takes plant, "
                        + "from and to");
            }
        }
        return switch (name) {
            case PLANT_READINGS -> readings(parameters);
            case DAILY_SUMMARY -> summaries(parameters);
            case EVENTS_PER_HOUR -> eventsPerHour(parameters);
            default -> throw new QueryRefused("there is no query named '" + name + "'; there are " + names());
        };
    }

    private static SqlQuery readings(Map<String, String> parameters) {
        List<String> where = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String partitionDay = "year || '-' || month || '-' || day";
        if (parameters.get("plant") != null) {
            where.add("plant_id = ?");
            values.add(plant(parameters.get("plant")));
        }
        Instant from = parameters.get("from") == null ? null : time("from", parameters.get("from"));
        Instant to = parameters.get("to") == null ? null : time("to", parameters.get("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new QueryRefused("from (" + from + ") must be before to (" + to + ")");
        }
        if (from != null) {
            where.add("recording_taken >= ?");
            values.add(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            where.add(partitionDay + " >= ?");
            values.add(LocalDate.ofInstant(from, ZoneOffset.UTC).toString());
        }
        if (to != null) {
            where.add("recording_taken < ?");
            values.add(LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            where.add(partitionDay + " <= ?");
            values.add(LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC).toString());
        }
        String sql = "SELECT * FROM plant_reading" + conditions(where) + " ORDER BY recording_taken, plant_id, reading_id";
        return new SqlQuery(sql, values, Set.of(LakeTables.named("plant_reading").orElseThrow()));
    }

    private static SqlQuery summaries(Map<String, String> parameters) {
        List<String> where = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String partitionDay = "year || '-' || month || '-' || day_of_month";
        if (parameters.get("plant") != null) {
            where.add("plant_id = ?");
            values.add(plant(parameters.get("plant")));
        }
        LocalDate from = parameters.get("from") == null ? null : day("from", parameters.get("from"));
        LocalDate to = parameters.get("to") == null ? null : day("to", parameters.get("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new QueryRefused("from (" + from + ") must be before to (" + to + ")");
        }
        if (from != null) {
            where.add("day >= ?");
            values.add(from);
            where.add(partitionDay + " >= ?");
            values.add(from.toString());
        }
        if (to != null) {
            where.add("day < ?");
            values.add(to);
            where.add(partitionDay + " < ?");
            values.add(to.toString());
        }
        String sql = "SELECT * FROM daily_summary" + conditions(where) + " ORDER BY plant_id, day";
        return new SqlQuery(sql, values, Set.of(LakeTables.named("daily_summary").orElseThrow()));
    }

    /**
     * {@code event_type, hour, events} over every event family in the half-open range of occurred_at, by hour then
     * type; the day partitions bound what is read. Athena and DuckDB both know date_trunc and UNION ALL.
     */
    private static SqlQuery eventsPerHour(Map<String, String> parameters) {
        if (parameters.get("plant") != null) {
            throw new QueryRefused("query " + EVENTS_PER_HOUR + " takes from and to, not plant");
        }
        Instant from = parameters.get("from") == null ? null : time("from", parameters.get("from"));
        Instant to = parameters.get("to") == null ? null : time("to", parameters.get("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new QueryRefused("from (" + from + ") must be before to (" + to + ")");
        }
        List<String> selects = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (LakeTable table : LakeTables.EVENTS) {
            List<String> where = new ArrayList<>();
            String partitionDay = "year || '-' || month || '-' || day";
            if (from != null) {
                where.add("occurred_at >= ?");
                values.add(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
                where.add(partitionDay + " >= ?");
                values.add(LocalDate.ofInstant(from, ZoneOffset.UTC).toString());
            }
            if (to != null) {
                where.add("occurred_at < ?");
                values.add(LocalDateTime.ofInstant(to, ZoneOffset.UTC));
                where.add(partitionDay + " <= ?");
                values.add(LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC).toString());
            }
            selects.add("SELECT type, occurred_at FROM " + table.name() + conditions(where));
        }
        String sql = "SELECT type AS event_type, date_trunc('hour', occurred_at) AS hour, count(*) AS events FROM ("
                + String.join(" UNION ALL ", selects) + ") e GROUP BY type, date_trunc('hour', occurred_at) "
                + "ORDER BY hour, event_type";
        return new SqlQuery(sql, values, Set.copyOf(LakeTables.EVENTS));
    }

    private static String conditions(List<String> where) {
        return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    }

    private static Long plant(String text) {
        try {
            long plant = Long.parseLong(text.strip());
            if (plant < 0) {
                throw new NumberFormatException();
            }
            return plant;
        } catch (NumberFormatException e) {
            throw new QueryRefused("plant must be a plant id (a whole number), not '" + text + "'");
        }
    }

    static Instant time(String parameter, String text) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new QueryRefused(parameter + " must be an ISO instant with its offset (2026-01-25T10:00:00Z) or a "
                    + "date (2026-01-25), not '" + text + "'");
        }
    }

    private static LocalDate day(String parameter, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new QueryRefused(parameter + " must be a date (2026-01-25), not '" + text + "'");
        }
    }
}
