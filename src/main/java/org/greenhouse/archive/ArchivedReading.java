package org.greenhouse.archive;

import java.time.Instant;

/**
 * One archived reading, flat: the reading with the plant, botanist and origin attributes an analyst
 * needs, as it stands in the Parquet dataset {@code plant_reading}.
 */
public record ArchivedReading(long readingId, int plantId, String plantName, String scientificName,
        String botanistName, String botanistEmail, String botanistPhone, String city, String country,
        String countryCode, double latitude, double longitude, Instant recordingTaken, double soilMoisture,
        double temperature, Instant lastWatered) {
}
