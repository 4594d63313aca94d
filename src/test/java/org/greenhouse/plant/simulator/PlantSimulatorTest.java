package org.greenhouse.plant.simulator;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenhouse.plant.PlantObservation;
import org.greenhouse.plant.PlantOutcome;
import org.greenhouse.plant.PlantResponseParser;
import org.greenhouse.plant.ValidationRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlantSimulatorTest {

    /** The recordings the simulator serves: 48 current, then 2 legacy. */
    private static final int RECORDINGS = 50;
    private static final int FIRST_LEGACY = 49;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not on a whole second: .7 s rounds up. */
    private static final Instant NOW = Instant.parse("2026-02-01T10:15:30.700Z");

    private final PlantSimulator simulator = new PlantSimulator(new FaultlessConfig(100));
    private final PlantResponseParser parser = new PlantResponseParser(
            new ValidationRules(-15, 70, ZoneOffset.UTC, Duration.ofMinutes(5)));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 13, 48})
    void aCurrentShapePlantParsesToAReadingWithTheRequestedIdAndTime(int id) {
        PlantObservation plant = reading(id, simulator.plant(id, NOW), NOW);

        assertAll(
                () -> assertEquals(id, plant.plantId()),
                () -> assertEquals(Instant.parse("2026-02-01T10:15:31Z"), plant.recordingTaken()),
                () -> assertTrue(plant.lastWatered().isBefore(plant.recordingTaken()), "watered before the recording"),
                () -> assertTrue(plant.lastWatered().isAfter(NOW.minus(Duration.ofHours(3))), "watered today"),
                () -> assertNull(plant.origin().timezone(), "current shape has no time zone"));
    }

    @Test
    void everySimulatedPlantIsAValidReading() {
        for (int id = 1; id <= 2 * RECORDINGS + 3; id++) {
            PlantObservation plant = reading(id, simulator.plant(id, NOW), NOW);
            int plantId = id;
            assertAll("plant " + id,
                    () -> assertEquals(plantId, plant.plantId()),
                    () -> assertTrue(plant.soilMoisture().compareTo(BigDecimal.ZERO) >= 0
                            && plant.soilMoisture().compareTo(BigDecimal.valueOf(100)) <= 0, "moisture 0..100"),
                    // the recordings hold 12.0-23.6 °C; the simulator drifts them by at most 1.2 °C
                    () -> assertTrue(plant.temperature() > 10 && plant.temperature() < 25,
                            "temperature " + plant.temperature()),
                    () -> assertTrue(plant.lastWatered().isBefore(plant.recordingTaken()), "watered before recording"));
        }
    }

    @Test
    void valuesDriftAroundTheRecordedOnes() {
        // recorded plant 1: soil_moisture 93.137, temperature 16.454
        for (int minutes = 0; minutes < 24 * 60; minutes += 37) {
            Instant at = NOW.plus(Duration.ofMinutes(minutes));
            PlantObservation plant = reading(1, simulator.plant(1, at), at);
            assertTrue(Math.abs(plant.soilMoisture().doubleValue() - 93.137) <= 3.51, plant.soilMoisture()::toString);
            assertTrue(Math.abs(plant.temperature() - 16.454) <= 1.21, () -> "temperature " + plant.temperature());
        }
    }

    @Test
    void idsBeyondTheRecordingsWrapAround() {
        PlantObservation first = reading(1, simulator.plant(1, NOW), NOW);
        PlantObservation wrapped = reading(RECORDINGS + 1, simulator.plant(RECORDINGS + 1, NOW), NOW);
        // recording 12 is recorded plant 13, as there is no recording of plant 7
        PlantObservation twiceWrapped = reading(2 * RECORDINGS + 12, simulator.plant(2 * RECORDINGS + 12, NOW), NOW);

        assertEquals(RECORDINGS + 1, wrapped.plantId());
        assertEquals("Venus flytrap", first.name());
        assertEquals(first.name(), wrapped.name());
        assertEquals(first.botanist(), wrapped.botanist());
        assertEquals(first.origin(), wrapped.origin());
        assertEquals("Canna \u2018Striata\u2019", twiceWrapped.name());
    }

    @ParameterizedTest
    @ValueSource(ints = {FIRST_LEGACY, FIRST_LEGACY + RECORDINGS})
    void someIdsAnswerInTheLegacyShape(int id) throws JsonProcessingException {
        Instant wholeSecond = Instant.parse("2026-02-01T10:15:30Z");
        String body = simulator.plant(id, wholeSecond);

        JsonNode json = JSON.readTree(body);
        assertTrue(json.get("origin_location").isArray(), body);
        assertTrue(json.get("last_watered").asText().endsWith(" GMT"), body);

        PlantObservation plant = reading(id, body, wholeSecond);
        assertAll(
                () -> assertEquals(id, plant.plantId()),
                () -> assertEquals(wholeSecond, plant.recordingTaken()),
                () -> assertEquals("South Whittier", plant.origin().city()),
                () -> assertEquals("US", plant.origin().countryCode()),
                () -> assertEquals("America/Los_Angeles", plant.origin().timezone()));
    }

    @Test
    void currentShapeIdsAnswerWithAnOriginObject() throws JsonProcessingException {
        JsonNode json = JSON.readTree(simulator.plant(1, NOW));

        assertTrue(json.get("origin_location").isObject());
        assertEquals("2026-02-01T10:15:30.700000", json.get("recording_taken").asText());
    }

    @Test
    void theRecordingsAreNotChangedBetweenCalls() {
        simulator.plant(1, NOW);
        PlantObservation again = reading(RECORDINGS + 1, simulator.plant(RECORDINGS + 1, NOW), NOW);

        assertEquals(RECORDINGS + 1, again.plantId());
        assertEquals("Venus flytrap", again.name());
    }

    private PlantObservation reading(int id, String body, Instant now) {
        PlantOutcome outcome = parser.parse(id, body, now);
        return assertInstanceOf(PlantOutcome.Reading.class, outcome, () -> "plant " + id + ": " + outcome)
                .observation();
    }

    /** Configuration without faults or latency; {@code plant(int, Instant)} uses none of it anyway. */
    private record FaultlessConfig(int plants) implements SimulatorConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Duration latency() {
            return Duration.ZERO;
        }

        @Override
        public Duration slowLatency() {
            return Duration.ZERO;
        }

        @Override
        public Rates rates() {
            return new Rates() {
                @Override
                public double notFound() {
                    return 0;
                }

                @Override
                public double sensorFault() {
                    return 0;
                }

                @Override
                public double onLoan() {
                    return 0;
                }

                @Override
                public double slow() {
                    return 0;
                }

                @Override
                public double malformed() {
                    return 0;
                }
            };
        }
    }
}
