package org.greenhouse.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a plant is out of range (greenhouse.alerts.plant.*): each of its last {@link #readings()} readings has its
 * soil moisture below {@link #minSoilMoisture()} or its temperature outside [{@link #minTemperature()},
 * {@link #maxTemperature()}]. A plant with fewer readings than that is not judged out of range: one odd reading is
 * a sensor's hiccup, not a plant in trouble.
 */
public record PlantLimits(double minSoilMoisture, double minTemperature, double maxTemperature, int readings) {

    /** One reading, as far as the limits care. */
    public record Reading(Instant taken, double soilMoisture, double temperature) {
    }

    /**
     * A plant's latest readings judged.
     *
     * @param problem what is out of range in the latest reading, and for how many readings; null when in range
     * @param latest the newest reading (null when the plant has none)
     */
    public record Verdict(boolean outOfRange, String problem, Reading latest) {
    }

    public PlantLimits {
        if (readings < 1) {
            throw bad("greenhouse.alerts.plant.readings", readings, "must be at least 1");
        }
        if (!(minTemperature < maxTemperature)) {
            throw bad("greenhouse.alerts.plant.min-temperature", minTemperature,
                    "must be below greenhouse.alerts.plant.max-temperature (" + maxTemperature + ")");
        }
        if (!(minSoilMoisture >= 0 && minSoilMoisture <= 100)) {
            throw bad("greenhouse.alerts.plant.min-soil-moisture", minSoilMoisture, "must be a percentage (0-100)");
        }
    }

    public static PlantLimits of(AlertsConfig.Plant config) {
        return new PlantLimits(config.minSoilMoisture(), config.minTemperature(), config.maxTemperature(),
                config.readings());
    }

    /** What is out of range in one reading; empty when nothing is. */
    public List<String> problems(Reading reading) {
        List<String> problems = new ArrayList<>();
        if (reading.soilMoisture() < minSoilMoisture) {
            problems.add("soil moisture " + number(reading.soilMoisture()) + " % below " + number(minSoilMoisture) + " %");
        }
        if (reading.temperature() < minTemperature) {
            problems.add("temperature " + number(reading.temperature()) + " °C below " + number(minTemperature) + " °C");
        } else if (reading.temperature() > maxTemperature) {
            problems.add("temperature " + number(reading.temperature()) + " °C above " + number(maxTemperature) + " °C");
        }
        return problems;
    }

    /** Judges a plant by its readings, newest first (only the first {@link #readings()} count). */
    public Verdict judge(List<Reading> newestFirst) {
        Reading latest = newestFirst.isEmpty() ? null : newestFirst.get(0);
        if (newestFirst.size() < readings) {
            return new Verdict(false, null, latest);
        }
        for (Reading reading : newestFirst.subList(0, readings)) {
            if (problems(reading).isEmpty()) {
                return new Verdict(false, null, latest);
            }
        }
        String problem = String.join(", ", problems(latest))
                + (readings == 1 ? " in the latest reading" : " (the last " + readings + " readings all out of range)");
        return new Verdict(true, problem, latest);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static IllegalArgumentException bad(String setting, Object value, String rule) {
        return new IllegalArgumentException(setting + "=" + value + ": " + rule);
    }
}
