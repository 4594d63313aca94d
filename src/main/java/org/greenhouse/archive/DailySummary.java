package org.greenhouse.archive;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One plant's day (UTC) in numbers, as the dataset {@code daily_summary} holds it. Computed from every
 * archived reading of that day, so recomputing a day gives the same rows.
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

    /** The summaries of every plant and day the readings cover, ordered by day and plant. */
    public static List<DailySummary> of(Collection<ArchivedReading> readings) {
        Map<LocalDate, Map<Integer, List<ArchivedReading>>> byDayAndPlant = readings.stream().collect(
                Collectors.groupingBy(r -> LocalDate.ofInstant(r.recordingTaken(), ZoneOffset.UTC), TreeMap::new,
                        Collectors.groupingBy(ArchivedReading::plantId, TreeMap::new, Collectors.toList())));
        return byDayAndPlant.entrySet().stream()
                .flatMap(day -> day.getValue().values().stream().map(plant -> summarize(day.getKey(), plant)))
                .toList();
    }

    private static DailySummary summarize(LocalDate day, List<ArchivedReading> readings) {
        // the latest reading names the plant as it was at the end of the day
        ArchivedReading latest = readings.stream().max(Comparator.comparing(ArchivedReading::recordingTaken)
                .thenComparing(ArchivedReading::readingId)).orElseThrow();
        double[] temperatures = new double[readings.size()];
        double[] moistures = new double[readings.size()];
        for (int i = 0; i < readings.size(); i++) {
            temperatures[i] = readings.get(i).temperature();
            moistures[i] = readings.get(i).soilMoisture();
        }
        return new DailySummary(latest.plantId(), latest.plantName(), day, readings.size(), Stats.of(temperatures),
                Stats.of(moistures), (int) readings.stream().map(ArchivedReading::lastWatered).distinct().count());
    }
}
