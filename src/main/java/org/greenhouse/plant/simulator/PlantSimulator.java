package org.greenhouse.plant.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * A plant API for running without the museum: plants derived from the recorded responses (both shapes),
 * with values that drift over time and faults at configured rates.
 */
@ApplicationScoped
@Named("plantSimulator")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class PlantSimulator {

    public static final String LATENCY_HEADER = "simulatorLatencyMillis";
    static final String FIXTURES = "plant-api/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CURRENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SimulatorConfig config;
    private final List<ObjectNode> plants;

    @Inject
    public PlantSimulator(SimulatorConfig config) {
        this.config = config;
        this.plants = new ArrayList<>(recorded("current"));
        this.plants.addAll(recorded("legacy"));
    }

    public void respond(@Header("id") String id, Exchange exchange) {
        Message answer = exchange.getMessage();
        var random = ThreadLocalRandom.current();
        var rates = config.rates();
        long latency = config.latency().toMillis() + (random.nextDouble() < rates.slow() ? config.slowLatency().toMillis() : 0);
        answer.setHeader(LATENCY_HEADER, latency);
        answer.setHeader(Exchange.CONTENT_TYPE, "application/json");
        int plantId;
        try {
            plantId = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            answer(answer, 400, "{\"error\": \"plant id must be a number\"}");
            return;
        }
        double roll = random.nextDouble();
        if (plantId < 1 || plantId > config.plants() || roll < rates.notFound()) {
            answer(answer, 404, error("plant not found", plantId));
        } else if ((roll -= rates.notFound()) < rates.sensorFault()) {
            answer(answer, 200, error("plant sensor fault", plantId));
        } else if ((roll -= rates.sensorFault()) < rates.onLoan()) {
            answer(answer, 200, error("plant on loan to another museum", plantId));
        } else if ((roll -= rates.onLoan()) < rates.malformed()) {
            String plant = plant(plantId, Instant.now());
            answer(answer, 200, plant.substring(0, plant.length() / 2));
        } else {
            answer(answer, 200, plant(plantId, Instant.now()));
        }
    }

    /** Plant n is the n-th recording (wrapping around), with today's time and drifting values. */
    String plant(int plantId, Instant now) {
        ObjectNode plant = plants.get((plantId - 1) % plants.size()).deepCopy();
        boolean legacy = plant.get("origin_location").isArray();
        double phase = now.getEpochSecond() / 600.0 + plantId;
        var random = ThreadLocalRandom.current();
        double moisture = plant.get("soil_moisture").asDouble() + 3 * Math.sin(phase) + random.nextDouble(-0.5, 0.5);
        double temperature = plant.get("temperature").asDouble() + Math.cos(phase) + random.nextDouble(-0.2, 0.2);
        LocalDateTime taken = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        LocalDateTime watered = taken.minusMinutes(7L * plantId % 180).withNano(0);
        plant.put("plant_id", plantId);
        plant.put("soil_moisture", Math.max(0, Math.min(100, moisture)));
        plant.put("temperature", temperature);
        plant.put("recording_taken", (legacy ? LEGACY_TIME : CURRENT_TIME).format(taken));
        plant.put("last_watered", legacy ? DateTimeFormatter.RFC_1123_DATE_TIME.format(watered.atOffset(ZoneOffset.UTC))
                : watered.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        return plant.toString();
    }

    private static String error(String error, int plantId) {
        return JSON.createObjectNode().put("error", error).put("plant_id", plantId).toString();
    }

    private static void answer(Message message, int status, String body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody(body);
    }

    private static List<ObjectNode> recorded(String shape) {
        List<ObjectNode> found = new ArrayList<>();
        ClassLoader loader = PlantSimulator.class.getClassLoader();
        for (int id = 0; id <= 99; id++) {
            try (InputStream in = loader.getResourceAsStream(FIXTURES + shape + "/plant-%04d.json".formatted(id))) {
                if (in != null) {
                    found.add((ObjectNode) JSON.readTree(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("recorded plant " + id + " (" + shape + ") is unreadable", e);
            }
        }
        return found;
    }
}
