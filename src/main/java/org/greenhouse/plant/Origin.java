package org.greenhouse.plant;

import java.math.BigDecimal;

/**
 * Where a plant comes from. The current API names the country, the legacy one gives its ISO code and a
 * time zone; whichever is missing is derived where the JDK knows the country, else left null.
 */
public record Origin(BigDecimal latitude, BigDecimal longitude, String city, String country, String countryCode,
        String timezone) {
}
