package org.greenhouse.dashboard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.greenhouse.query.ResultColumn;
import org.greenhouse.query.RowSink;

/**
 * Rows of the query service read by column name into what the dashboard draws, as they stream in: archived readings
 * into a {@link Series}, daily summaries into {@link Day}s. The engines answer text (DuckDB and Athena write a
 * timestamp as {@code 2026-01-25 10:00:00[.fff]}).
 */
final class ArchiveRows {

    /** One day of daily_summary: the mean and the p25-p75 band of soil moisture and temperature. */
    record Day(String day, int readings, double soilMoistureMean, double soilMoistureP25, double soilMoistureP75,
            double temperatureMean, double temperatureP25, double temperatureP75) {
    }

    private ArchiveRows() {
    }

    /** A sink that adds each archived reading to the series. */
    static RowSink readings(Series into) {
        return new Named(List.of("recording_taken", "soil_moisture", "temperature"),
                values -> into.add(timestamp(values[0]), Double.parseDouble(values[1]), Double.parseDouble(values[2])));
    }

    /** A sink that collects daily summaries (at most one per day of a plant: the query bounds them). */
    static RowSink days(List<Day> into) {
        return new Named(List.of("day", "readings", "soil_moisture_mean", "soil_moisture_p25", "soil_moisture_p75",
                "temperature_mean", "temperature_p25", "temperature_p75"),
                v -> into.add(new Day(v[0].substring(0, 10), Integer.parseInt(v[1]), Double.parseDouble(v[2]),
                        Double.parseDouble(v[3]), Double.parseDouble(v[4]), Double.parseDouble(v[5]),
                        Double.parseDouble(v[6]), Double.parseDouble(v[7]))));
    }

    static Instant timestamp(String text) {
        String value = text.strip().replace(' ', 'T');
        if (value.endsWith("Z") || value.lastIndexOf('+') > 10 || value.lastIndexOf('-') > 10) {
            return OffsetDateTime.parse(value).toInstant();
        }
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    /** Hands on the named columns' values of each row, in the order named; a row with a NULL among them is skipped. */
    private static final class Named implements RowSink {
        private final List<String> names;
        private final Consumer<String[]> row;
        private int[] indexes;

        Named(List<String> names, Consumer<String[]> row) {
            this.names = names;
            this.row = row;
        }

        @Override
        public void columns(List<ResultColumn> columns) {
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                positions.put(columns.get(i).name().toLowerCase(java.util.Locale.ROOT), i);
            }
            List<String> missing = new ArrayList<>();
            indexes = new int[names.size()];
            for (int i = 0; i < names.size(); i++) {
                Integer position = positions.get(names.get(i));
                if (position == null) {
                    missing.add(names.get(i));
                } else {
                    indexes[i] = position;
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the archive's answer lacks column(s) " + missing);
            }
        }

        @Override
        public boolean needsTypes() {
            return false;
        }

        @Override
        public boolean row(List<String> values) {
            String[] picked = new String[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                picked[i] = values.get(indexes[i]);
                if (picked[i] == null) {
                    return true;
                }
            }
            row.accept(picked);
            return true;
        }
    }
}
