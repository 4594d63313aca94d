package org.greenhouse.dashboard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.PlantApiStub;

/** Plant cycles with fresh readings: plant 1 and 2 answer the values given, with a new reading time each cycle. */
final class DashboardFixtures {

    private static final AtomicInteger MINUTE = new AtomicInteger();
    /** A start a little in the past, so a hundred cycles stay within the API's future tolerance. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS);

    private DashboardFixtures() {
    }

    /** Serves plants 1 and 2 (a new reading each), then runs one plant cycle. */
    static void cycle(ProducerTemplate camel, double plant1Moisture, double plant2Moisture) {
        Instant taken = BASE.plus(MINUTE.incrementAndGet(), ChronoUnit.MINUTES);
        serve(1, plant1Moisture, taken, taken.minus(30, ChronoUnit.MINUTES));
        serve(2, plant2Moisture, taken, taken.minus(3, ChronoUnit.DAYS));
        camel.requestBody("direct:plant-ingest", (Object) null);
    }

    private static void serve(int plant, double moisture, Instant taken, Instant watered) {
        PlantApiStub.answer(plant, WireMock.aResponse().withStatus(200).withBody(PlantApiStub.recordedPlantAs(plant,
                node -> {
                    node.put("name", plant == 1 ? "Venus flytrap" : "Corpse flower");
                    node.put("soil_moisture", moisture);
                    node.put("temperature", 18.5);
                    node.put("recording_taken", api(taken));
                    node.put("last_watered", api(watered));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("botanist"))
                            .put("email", "botanist" + plant + "@plants.test").put("name", "Botanist " + plant);
                })));
    }

    private static String api(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
