package org.greenhouse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart's readings in at most {@code maxPoints} points: the range [from, to) cut into equal time buckets, each
 * point the mean of the readings in its bucket at the bucket's mean time; empty buckets give no point. Readings
 * arrive in time order, one at a time (from the database or streamed from the archive), so memory stays bounded
 * by the points, not by the readings.
 */
public final class Series {

    /** One point of the chart: epoch seconds, mean soil moisture, mean temperature, readings averaged. */
    public record Point(long t, double soilMoisture, double temperature, int readings) {
    }

    private final long fromMillis;
    private final long bucketMillis;
    private final long toMillis;
    private final List<Point> points = new ArrayList<>();
    private long bucket = Long.MIN_VALUE;
    private double timeSum;
    private double moistureSum;
    private double temperatureSum;
    private int count;
    private long readings;

    public Series(Instant from, Instant to, int maxPoints) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1");
        }
        this.fromMillis = from.toEpochMilli();
        this.toMillis = to.toEpochMilli();
        this.bucketMillis = Math.max(1, (long) Math.ceil((double) Duration.between(from, to).toMillis() / maxPoints));
    }

    /** Adds a reading; readings outside [from, to) are left out. Readings must come in time order. */
    public void add(Instant taken, double soilMoisture, double temperature) {
        long at = taken.toEpochMilli();
        if (at < fromMillis || at >= toMillis) {
            return;
        }
        long index = (at - fromMillis) / bucketMillis;
        if (index < bucket) {
            throw new IllegalArgumentException("readings out of time order at " + taken);
        }
        if (index != bucket) {
            flush();
            bucket = index;
        }
        timeSum += at;
        moistureSum += soilMoisture;
        temperatureSum += temperature;
        count++;
        readings++;
    }

    /** The points so far, in time order. */
    public List<Point> points() {
        flush();
        return List.copyOf(points);
    }

    /** Readings taken in (inside the range). */
    public long readings() {
        return readings;
    }

    private void flush() {
        if (count > 0) {
            points.add(new Point(Math.round(timeSum / count / 1000), moistureSum / count, temperatureSum / count, count));
            count = 0;
            timeSum = 0;
            moistureSum = 0;
            temperatureSum = 0;
        }
    }
}
