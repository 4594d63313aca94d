package org.greenhouse.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily summaries: numpy's default quantiles, grouping per plant and UTC day, a stable result, memory
 * bounded whatever the number of plants, and the columns of the daily_summary dataset. Every test goes through {@link DailySummaries} holding two readings at
 * most, so sorting on disk and merging are part of each.
 */
class DailySummaryTest {

    private static final double EPS = 1e-9;
    private static final Instant WATERED = Instant.parse("2026-01-26T06:00:00Z");

    private static long nextId = 1;

    // ---- quantiles (numpy.quantile / pandas default: linear between closest ranks) ----

    @Test
    void fourValuesInterpolateBetweenClosestRanks() {
        DailySummary.Stats stats = statsOf(1, 2, 3, 4);

        assertStats(stats, 1, 4, 2.5, 2.5, 1.75, 3.25);
    }

    @Test
    void aSingleValueIsEveryStatistic() {
        DailySummary.Stats stats = statsOf(21.5);

        assertStats(stats, 21.5, 21.5, 21.5, 21.5, 21.5, 21.5);
    }

    @Test
    void unsortedInputIsSortedFirst() {
        // sorted: 1, 3, 5, 7, 10 -> positions 1.0, 2.0, 3.0 are exact ranks
        DailySummary.Stats stats = statsOf(7, 1, 10, 3, 5);

        assertStats(stats, 1, 10, 5.2, 5, 3, 7);
    }

    @Test
    void unsortedEvenCountInterpolates() {
        // sorted: 2, 4, 8, 16, 32, 64; n-1 = 5
        // p25 pos 1.25 -> 4 + 0.25*4 = 5; median pos 2.5 -> 8 + 0.5*8 = 12; p75 pos 3.75 -> 16 + 0.75*16 = 28
        DailySummary.Stats stats = statsOf(64, 8, 2, 32, 4, 16);

        assertStats(stats, 2, 64, 21, 12, 5, 28);
    }

    @Test
    void duplicatesCountAsSeparateValues() {
        // sorted: 1, 2, 2, 2, 9; n-1 = 4 -> p25 pos 1, median pos 2, p75 pos 3
        DailySummary.Stats stats = statsOf(2, 9, 2, 1, 2);

        assertStats(stats, 1, 9, 3.2, 2, 2, 2);
    }

    @Test
    void twoValuesInterpolateAtQuarters() {
        // numpy.quantile([10, 20], [.25, .5, .75]) == [12.5, 15, 17.5]
        DailySummary.Stats stats = statsOf(20, 10);

        assertStats(stats, 10, 20, 15, 15, 12.5, 17.5);
    }

    @Test
    void temperatureAndSoilMoistureAreSummarizedSeparately() {
        Instant t = Instant.parse("2026-01-26T10:00:00Z");
        List<ArchivedReading> readings = List.of(
                reading(1, "Rose", t, 10, 40, WATERED),
                reading(1, "Rose", t.plusSeconds(60), 20, 30, WATERED),
                reading(1, "Rose", t.plusSeconds(120), 30, 20, WATERED),
                reading(1, "Rose", t.plusSeconds(180), 40, 10, WATERED));

        DailySummary summary = summaries(readings).get(0);

        assertStats(summary.temperature(), 10, 40, 25, 25, 17.5, 32.5);
        assertStats(summary.soilMoisture(), 10, 40, 25, 25, 17.5, 32.5);
        assertEquals(4, summary.readings());
    }

    // ---- grouping and ordering ----

    @Test
    void readingsEitherSideOfMidnightUtcFallOnDifferentDays() {
        List<ArchivedReading> readings = List.of(
                reading(1, "Rose", Instant.parse("2026-01-26T23:59:59Z"), 20, 50, WATERED),
                reading(1, "Rose", Instant.parse("2026-01-27T00:00:00Z"), 30, 60, WATERED));

        List<DailySummary> summaries = summaries(readings);

        assertEquals(2, summaries.size());
        assertEquals(LocalDate.parse("2026-01-26"), summaries.get(0).day());
        assertEquals(1, summaries.get(0).readings());
        assertEquals(20, summaries.get(0).temperature().mean(), EPS);
        assertEquals(LocalDate.parse("2026-01-27"), summaries.get(1).day());
        assertEquals(1, summaries.get(1).readings());
        assertEquals(30, summaries.get(1).temperature().mean(), EPS);
    }

    @Test
    void summariesAreOrderedByDayThenPlant() {
        Instant day1 = Instant.parse("2026-01-26T12:00:00Z");
        Instant day2 = Instant.parse("2026-01-27T12:00:00Z");
        List<ArchivedReading> readings = List.of(
                reading(7, "Fern", day2, 20, 50, WATERED),
                reading(3, "Cactus", day2, 20, 50, WATERED),
                reading(7, "Fern", day1, 20, 50, WATERED),
                reading(12, "Orchid", day1, 20, 50, WATERED),
                reading(3, "Cactus", day1, 20, 50, WATERED));

        List<String> order = summaries(readings).stream().map(s -> s.day() + "/" + s.plantId()).toList();

        assertEquals(List.of("2026-01-26/3", "2026-01-26/7", "2026-01-26/12", "2026-01-27/3", "2026-01-27/7"),
                order);
    }

    @Test
    void readingsArePartitionedPerPlant() {
        Instant t = Instant.parse("2026-01-26T08:00:00Z");
        List<ArchivedReading> readings = List.of(
                reading(1, "Rose", t, 10, 50, WATERED),
                reading(2, "Tulip", t, 100, 5, WATERED),
                reading(1, "Rose", t.plusSeconds(60), 12, 50, WATERED));

        List<DailySummary> summaries = summaries(readings);

        assertEquals(2, summaries.size());
        assertEquals(1, summaries.get(0).plantId());
        assertEquals(2, summaries.get(0).readings());
        assertStats(summaries.get(0).temperature(), 10, 12, 11, 11, 10.5, 11.5);
        assertEquals(2, summaries.get(1).plantId());
        assertEquals(1, summaries.get(1).readings());
        assertStats(summaries.get(1).temperature(), 100, 100, 100, 100, 100, 100);
    }

    @Test
    void thePlantNameComesFromTheLatestReadingOfTheDay() {
        List<ArchivedReading> readings = List.of(
                reading(1, "Late name", Instant.parse("2026-01-26T22:00:00Z"), 20, 50, WATERED),
                reading(1, "Early name", Instant.parse("2026-01-26T01:00:00Z"), 20, 50, WATERED),
                reading(1, "Middle name", Instant.parse("2026-01-26T12:00:00Z"), 20, 50, WATERED),
                // the next day, under yet another name, must not rename the day before
                reading(1, "Next day name", Instant.parse("2026-01-27T00:00:00Z"), 20, 50, WATERED));

        List<DailySummary> summaries = summaries(readings);

        assertEquals("Late name", summaries.get(0).plantName());
        assertEquals("Next day name", summaries.get(1).plantName());
    }

    @Test
    void timesWateredCountsDistinctLastWateredValues() {
        Instant t = Instant.parse("2026-01-26T08:00:00Z");
        Instant watered1 = Instant.parse("2026-01-25T18:00:00Z");
        Instant watered2 = Instant.parse("2026-01-26T09:30:00Z");
        Instant watered3 = Instant.parse("2026-01-26T15:00:00Z");
        List<ArchivedReading> readings = List.of(
                reading(1, "Rose", t, 20, 50, watered1),
                reading(1, "Rose", t.plusSeconds(3600), 20, 50, watered1),
                reading(1, "Rose", t.plusSeconds(7200), 20, 50, watered2),
                reading(1, "Rose", t.plusSeconds(10800), 20, 50, watered2),
                reading(1, "Rose", t.plusSeconds(36000), 20, 50, watered3),
                reading(2, "Tulip", t, 20, 50, watered1));

        List<DailySummary> summaries = summaries(readings);

        assertEquals(3, summaries.get(0).timesWatered());
        assertEquals(1, summaries.get(1).timesWatered());
    }

    @Test
    void theSameReadingsInAnotherOrderGiveEqualSummaries() {
        List<ArchivedReading> readings = new ArrayList<>();
        Random random = new Random(42);
        Instant start = Instant.parse("2026-01-26T20:00:00Z");
        for (int i = 0; i < 60; i++) {
            int plant = 1 + i % 4;
            readings.add(reading(plant, "Plant " + plant, start.plusSeconds(600L * i), 15 + random.nextDouble() * 10,
                    random.nextDouble() * 100, WATERED.plusSeconds(3600L * random.nextInt(3))));
        }
        List<DailySummary> expected = summaries(readings);

        List<ArchivedReading> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, new Random(7));
        List<ArchivedReading> reversed = new ArrayList<>(readings);
        Collections.reverse(reversed);

        assertEquals(expected, summaries(shuffled));
        assertEquals(expected, summaries(reversed));
        assertEquals(8, expected.size(), "4 plants over 2 days");
    }

    @Test
    void noReadingsGiveNoSummaries() {
        assertEquals(List.of(), summaries(List.of()));
    }

    // ---- bounded memory ----

    @Test
    void manyPlantsAreSummarizedHoldingNoMoreThanTheLimit() throws IOException {
        // 5,000 plants, 24 readings each over two days, arriving in time order as the archive's objects hold them
        List<ArchivedReading> readings = new ArrayList<>();
        Random random = new Random(3);
        Instant start = Instant.parse("2026-01-26T18:00:00Z");
        for (int hour = 0; hour < 24; hour++) {
            for (int plant = 1; plant <= 5_000; plant++) {
                readings.add(reading(plant, "Plant " + plant, start.plusSeconds(3600L * hour + plant % 60),
                        10 + random.nextInt(200) / 10.0, random.nextInt(1000) / 10.0,
                        WATERED.plusSeconds(3600L * random.nextInt(4))));
            }
        }
        List<DailySummary> summaries = new ArrayList<>();
        int mostHeld;
        int spills;
        try (DailySummaries bounded = new DailySummaries(dir, 1_000)) {
            for (ArchivedReading reading : readings) {
                bounded.add(DailySummaries.Reading.of(reading));
            }
            bounded.finish(summaries::add);
            mostHeld = bounded.mostHeld();
            spills = bounded.spills();
        }

        assertEquals(1_000, mostHeld, "never more readings held than the limit");
        assertEquals(120, spills, "120,000 readings went through disk in loads of 1,000");
        assertEquals(inMemory(readings), summaries);
        assertEquals(10_000, summaries.size(), "5,000 plants on two days");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the spilled files are removed");
        }
    }

    /** The summaries computed the obvious way, everything in memory: what the bounded computation must equal. */
    private static List<DailySummary> inMemory(List<ArchivedReading> readings) {
        Map<LocalDate, Map<Integer, List<ArchivedReading>>> byDayAndPlant = readings.stream().collect(
                Collectors.groupingBy(r -> LocalDate.ofInstant(r.recordingTaken(), ZoneOffset.UTC), TreeMap::new,
                        Collectors.groupingBy(ArchivedReading::plantId, TreeMap::new, Collectors.toList())));
        List<DailySummary> summaries = new ArrayList<>();
        byDayAndPlant.forEach((day, plants) -> plants.forEach((plant, of) -> {
            ArchivedReading latest = of.stream().max(Comparator.comparing(ArchivedReading::recordingTaken)
                    .thenComparing(ArchivedReading::readingId)).orElseThrow();
            summaries.add(new DailySummary(plant, latest.plantName(), day, of.size(),
                    DailySummary.Stats.of(of.stream().mapToDouble(ArchivedReading::temperature).toArray()),
                    DailySummary.Stats.of(of.stream().mapToDouble(ArchivedReading::soilMoisture).toArray()),
                    (int) of.stream().map(ArchivedReading::lastWatered).distinct().count()));
        }));
        return summaries;
    }

    // ---- the daily_summary dataset ----

    @Test
    void eachStatisticIsWrittenToItsOwnParquetColumn() throws IOException {
        Instant t = Instant.parse("2026-01-26T10:00:00Z");
        Instant watered2 = WATERED.plusSeconds(7200);
        DailySummary summary = summaries(List.of(
                reading(4, "Rose", t, 1, 10, WATERED),
                reading(4, "Rose", t.plusSeconds(60), 9, 90, WATERED),
                reading(4, "Rose", t.plusSeconds(120), 4, 40, watered2),
                reading(4, "Rose", t.plusSeconds(180), 2, 20, watered2))).get(0);
        Path file = dir.resolve("daily_summary.parquet");
        try (ParquetWriter<GenericRecord> writer = ParquetDatasets.writer(file, ParquetDatasets.SUMMARY)) {
            writer.write(ParquetDatasets.record(summary));
        }

        Map<String, Object> columns = new LinkedHashMap<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .build()) {
            GenericRecord row = reader.read();
            row.getSchema().getFields().forEach(f -> columns.put(f.name(), row.get(f.name())));
            assertNull(reader.read(), "one row");
        }

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("plant_id", 4);
        expected.put("plant_name", "Rose");
        expected.put("day", (int) LocalDate.parse("2026-01-26").toEpochDay());
        expected.put("readings", 4);
        // sorted 1, 2, 4, 9: mean 4, median 3, quartiles at ranks 0.75 and 2.25
        double[] temperature = { 1, 9, 4, 3, 1.75, 5.25 };
        String[] stats = { "min", "max", "mean", "median", "p25", "p75" };
        for (int i = 0; i < stats.length; i++) {
            expected.put("temperature_" + stats[i], temperature[i]);
        }
        for (int i = 0; i < stats.length; i++) {
            expected.put("soil_moisture_" + stats[i], temperature[i] * 10);
        }
        expected.put("times_watered", 2);
        columns.replaceAll((name, value) -> value instanceof CharSequence text ? text.toString() : value);
        assertEquals(expected, columns);
    }

    // ---- helpers ----

    @TempDir
    static Path dir;

    /** The readings' summaries, computed holding two readings at a time. */
    private static List<DailySummary> summaries(List<ArchivedReading> readings) {
        List<DailySummary> summaries = new ArrayList<>();
        try (DailySummaries bounded = new DailySummaries(dir, 2)) {
            for (ArchivedReading reading : readings) {
                bounded.add(DailySummaries.Reading.of(reading));
            }
            bounded.finish(summaries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return summaries;
    }

    private static DailySummary.Stats statsOf(double... temperatures) {
        Instant t = Instant.parse("2026-01-26T10:00:00Z");
        List<ArchivedReading> readings = new ArrayList<>();
        for (int i = 0; i < temperatures.length; i++) {
            readings.add(reading(1, "Rose", t.plusSeconds(i), temperatures[i], 50, WATERED));
        }
        List<DailySummary> summaries = summaries(readings);
        assertEquals(1, summaries.size());
        assertEquals(temperatures.length, summaries.get(0).readings());
        return summaries.get(0).temperature();
    }

    private static void assertStats(DailySummary.Stats stats, double min, double max, double mean, double median,
            double p25, double p75) {
        assertEquals(min, stats.min(), EPS, "min");
        assertEquals(max, stats.max(), EPS, "max");
        assertEquals(mean, stats.mean(), EPS, "mean");
        assertEquals(median, stats.median(), EPS, "median");
        assertEquals(p25, stats.p25(), EPS, "p25");
        assertEquals(p75, stats.p75(), EPS, "p75");
    }

    private static ArchivedReading reading(int plantId, String plantName, Instant taken, double temperature,
            double soilMoisture, Instant lastWatered) {
        return new ArchivedReading(nextId++, plantId, plantName, null, "Botanist", "b@example.com", null, "City",
                "Country", null, 1.0, 2.0, taken, soilMoisture, temperature, lastWatered);
    }
}
