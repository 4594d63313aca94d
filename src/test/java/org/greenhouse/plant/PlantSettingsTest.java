package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The startup check of greenhouse.plant.*, on the settings as application.properties gives them. */
class PlantSettingsTest {

    /** application.properties (no profile), with the production-only settings given and the overrides. */
    static PlantConfig config(Map<String, String> overrides) throws IOException {
        Map<String, String> values = new HashMap<>(Map.of("greenhouse.plant.base-url", "http://plants.example"));
        values.putAll(overrides);
        return new SmallRyeConfigBuilder().withMapping(PlantConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(
                        PlantSettingsTest.class.getClassLoader().getResource("application.properties"), 100))
                .withSources(new PropertiesConfigSource(values, "test", 400))
                .build().getConfigMapping(PlantConfig.class);
    }

    @Test
    void theShippedSettingsPass() throws IOException {
        assertEquals(List.of(), PlantSettings.problems(config(Map.of())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ids                          | abc   | greenhouse.plant.ids: plant ids 'abc': 'abc' is not an id or a range (write e.g. 1-50 or 1,4,9-12)",
        "ids                          | 9-1   | greenhouse.plant.ids: plant id range '9-1' runs backwards (write e.g. 1-50 or 1,4,9-12)",
        "ids                          | ','   | greenhouse.plant.ids: plant ids ',' name no plant (write e.g. 1-50 or 1,4,9-12)",
        "period                       | 0s    | greenhouse.plant.period must be longer than 0, not 0s",
        "period                       | -5s   | greenhouse.plant.period must be longer than 0, not -5s",
        "initial-delay                | -1s   | greenhouse.plant.initial-delay must not be negative, not -1s",
        "connect-timeout              | 0ms   | greenhouse.plant.connect-timeout must be longer than 0, not 0s",
        "read-timeout                 | 0s    | greenhouse.plant.read-timeout must be longer than 0, not 0s",
        "cycle-deadline               | -1ms  | greenhouse.plant.cycle-deadline must be longer than 0, not -1ms",
        "retry.initial-delay          | -1s   | greenhouse.plant.retry.initial-delay must not be negative, not -1s",
        "parallelism                  | 0     | greenhouse.plant.parallelism must be at least 1, not 0",
        "retry.max-retries            | -1    | greenhouse.plant.retry.max-retries must be at least 0, not -1",
        "max-body-bytes               | 0     | greenhouse.plant.max-body-bytes must be at least 1, not 0",
        "discovery.stop-after-missing | 0     | greenhouse.plant.discovery.stop-after-missing must be at least 1, not 0",
        "reject-body-limit            | -1    | greenhouse.plant.reject-body-limit must be 0..1000000, not -1",
        "reject-body-limit            | 1000001 | greenhouse.plant.reject-body-limit must be 0..1000000, not 1000001",
        "validation.min-temperature   | 80    | greenhouse.plant.validation.min-temperature (80.0) is above "
                + "greenhouse.plant.validation.max-temperature (70.0)",
        "validation.future-tolerance  | -1s   | greenhouse.plant.validation.future-tolerance must not be negative, not -1s",
    })
    void aValueNoCycleCanWorkWithIsNamedWithItsSetting(String setting, String value, String problem)
            throws IOException {
        assertEquals(List.of(problem), PlantSettings.problems(config(Map.of("greenhouse.plant." + setting, value))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plants.example:8080     | greenhouse.plant.base-url must be an http:// or https:// URL with a host and no query, not 'plants.example:8080'",
        "ftp://plants.example    | greenhouse.plant.base-url must be an http:// or https:// URL with a host and no query, not 'ftp://plants.example'",
        "http://                 | greenhouse.plant.base-url must be an http:// or https:// URL with a host and no query, not 'http://'",
        "http://plants.example/v1?key=K | greenhouse.plant.base-url must be an http:// or https:// URL with a host and no query, not 'http://plants.example/v1?key=K'",
        "http://plants example/  | greenhouse.plant.base-url must be an http:// or https:// URL with a host and no query, not 'http://plants example/'",
    })
    void aPlantApiUrlThatIsNotOneIsNamed(String value, String problem) throws IOException {
        assertEquals(List.of(problem), PlantSettings.problems(config(Map.of("greenhouse.plant.base-url", value))));
        assertEquals(List.of(), PlantSettings.problems(config(Map.of("greenhouse.plant.base-url",
                "https://plants.example:8443/api/"))));
    }

    @Test
    void theBoundsThemselvesAreAccepted() throws IOException {
        assertEquals(List.of(), PlantSettings.problems(config(Map.of("greenhouse.plant.initial-delay", "0s",
                "greenhouse.plant.retry.max-retries", "0", "greenhouse.plant.retry.initial-delay", "0s",
                "greenhouse.plant.parallelism", "1", "greenhouse.plant.max-body-bytes", "1",
                "greenhouse.plant.reject-body-limit", "1000000", "greenhouse.plant.discovery.stop-after-missing", "1",
                "greenhouse.plant.validation.min-temperature", "70", "greenhouse.plant.validation.future-tolerance",
                "0s"))));
        assertEquals(List.of(), PlantSettings.problems(config(Map.of("greenhouse.plant.reject-body-limit", "0",
                "greenhouse.plant.period", "1ms"))));
    }

    @Test
    void theAppRefusesToStartNamingEveryProblem() throws IOException {
        var refused = assertThrows(IllegalArgumentException.class, () -> new PlantSettings(config(Map.of(
                "greenhouse.plant.ids", "abc", "greenhouse.plant.period", "0s"))));
        assertTrue(refused.getMessage().startsWith("Invalid plant settings: greenhouse.plant.ids: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("; greenhouse.plant.period must be longer than 0, not 0s"),
                refused.getMessage());
    }
}
