package org.greenhouse.plant;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The physical limits and clock rules a reading must meet.
 *
 * @param apiZone the zone of API timestamps that carry none
 * @param futureTolerance how far past "now" a recording may be stamped (sensor clocks drift)
 */
public record ValidationRules(double minTemperature, double maxTemperature, ZoneId apiZone,
        Duration futureTolerance) {

    public static final double MIN_MOISTURE = 0;
    public static final double MAX_MOISTURE = 100;
}
