package org.greenhouse.plant;

import java.math.BigDecimal;
import java.time.Instant;

/** One validated, cleaned answer of the plant API: the plant as described now and the reading it reports. */
public record PlantObservation(int plantId, String name, String scientificName, Botanist botanist, Origin origin,
        PlantImages images, Instant recordingTaken, BigDecimal soilMoisture, double temperature,
        Instant lastWatered) {
}
