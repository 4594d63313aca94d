package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.greenhouse.testing.PackagedApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged app refuses to start on a plant setting no cycle can work with, and says which. */
class PlantSettingsIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GREENHOUSE_PLANT_IDS    | abc | greenhouse.plant.ids: plant ids 'abc': 'abc' is not an id or a range",
        "GREENHOUSE_PLANT_PERIOD | 0   | greenhouse.plant.period must be longer than 0, not 0s",
        "GREENHOUSE_PLANT_PERIOD | -5s | greenhouse.plant.period must be longer than 0, not -5s",
    })
    void aBadValueStopsTheStartNamingTheSetting(String variable, String value, String message) throws Exception {
        try (PackagedApp app = PackagedApp.start("plant-settings-" + variable + value, Map.of(variable, value,
                "GREENHOUSE_PLANT_SCHEDULE_ENABLED", "true",
                "GREENHOUSE_DB_URL", "jdbc:h2:mem:plant-settings",
                "GREENHOUSE_PLANT_BASE_URL", "http://127.0.0.1:9"))) {
            assertNotEquals(0, app.awaitExit(Duration.ofSeconds(90)), "the app must not run with " + variable + "="
                    + value);
            String output = app.output();
            assertTrue(output.contains(message), "the start failure names the setting:\n" + output);
        }
    }
}
