package org.greenhouse.archive;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * One plant's day (UTC) in numbers, as the dataset {@code daily_summary} holds it. Computed from every
 * archived reading of that day ({@link DailySummaries}), so recomputing a day gives the same rows.
 */
public record DailySummary(int plantId, String plantName, LocalDate day, int readings, Stats temperature,
        Stats soilMoisture, int timesWatered) {

    /** Quartiles by linear interpolation between closest ranks (as pandas and numpy compute them). */
    public record Stats(double min, double max, double mean, double median, double p25, double p75) {

        static Stats of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double sum = 0;
            for (double value : sorted) {
                sum += value;
            }
            return new Stats(sorted[0], sorted[sorted.length - 1], sum / sorted.length, quantile(sorted, 0.5),
                    quantile(sorted, 0.25), quantile(sorted, 0.75));
        }

        private static double quantile(double[] sorted, double q) {
            double position = (sorted.length - 1) * q;
            int lower = (int) Math.floor(position);
            int upper = (int) Math.ceil(position);
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
        }
    }
}
