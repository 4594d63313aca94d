package org.greenhouse.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The plant API (and the batch extraction's JSON API) as a real HTTP server (WireMock) answering with the recorded responses, plus the faults
 * the real API shows. Ids without a stub answer "plant not found", as the real API does.
 */
public class PlantApiStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile WireMockServer server;
    private static volatile int awayFrom;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(serving().dynamicPort());
        server.start();
        // without the fallback WireMock answers unknown ids with a text 404, a malformed answer that discovery
        // does not count as missing: it would walk ids until the cycle's deadline
        reset();
        // the batch extraction's JSON API is stubbed on the same server
        return Map.of("greenhouse.plant.base-url", server.baseUrl(), "greenhouse.batch.base-url", server.baseUrl());
    }

    @Override
    public void stop() {
        server.stop();
    }

    /** Stops the API: nothing listens on its port until {@link #comeBack()}. */
    public static void goAway() {
        awayFrom = server.port();
        server.stop();
    }

    /** Starts the API again on the port it had, as a restarted server: no connection of before survives. */
    public static void comeBack() {
        WireMockServer restarted = new WireMockServer(serving().port(awayFrom));
        restarted.start();
        server = restarted;
        reset();
    }

    /** A thread for each request the app may have in flight (64), as the real API serves them all at once. */
    private static WireMockConfiguration serving() {
        return options().bindAddress("127.0.0.1").containerThreads(100);
    }

    public static WireMockServer server() {
        return server;
    }

    /** Plants 1-50 as recorded in January 2026: 7 not found (404), 15 a sensor fault, 43 on loan (both 200). */
    public static void serveRecorded() {
        reset();
        for (int id = 1; id <= 50; id++) {
            String fixture = "plant-api/current/plant-%04d.json".formatted(id);
            if (exists(fixture)) {
                answer(id, aResponse().withStatus(200).withBody(fixture(fixture)));
            }
        }
        answer(7, aResponse().withStatus(404).withBody(fixture("plant-api/errors/plant-0007-not-found.json")));
        answer(15, aResponse().withStatus(200).withBody(fixture("plant-api/errors/plant-0015-sensor-fault.json")));
        answer(43, aResponse().withStatus(200).withBody(fixture("plant-api/errors/plant-0043-on-loan.json")));
    }

    /** Plants 1 and 5 in the API's 2023 shape, looked after by one botanist. */
    public static void serveLegacy() {
        reset();
        answer(1, aResponse().withStatus(200).withBody(fixture("plant-api/legacy/plant-0001.json")));
        answer(5, aResponse().withStatus(200).withBody(fixture("plant-api/legacy/plant-0005.json")));
    }

    public static void answer(int plantId, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlEqualTo("/plants/" + plantId))
                .willReturn(response.withHeader("Content-Type", "application/json")));
    }

    /** Fails the first request for the plant with a 500, then answers with {@code then}. */
    public static void answerAfterOneFailure(int plantId, String body) {
        String scenario = "flaky-" + plantId;
        server.stubFor(get(urlEqualTo("/plants/" + plantId)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\": \"internal error\"}"))
                .willSetStateTo("recovered"));
        server.stubFor(get(urlEqualTo("/plants/" + plantId)).inScenario(scenario)
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(body)));
    }

    /** A recorded plant, changed by {@code edit} and answered as plant {@code plantId}. */
    public static String recordedPlantAs(int plantId, Consumer<ObjectNode> edit) {
        try {
            ObjectNode plant = (ObjectNode) JSON.readTree(fixture("plant-api/current/plant-0002.json"));
            plant.put("plant_id", plantId);
            edit.accept(plant);
            return plant.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixture(String path) {
        try (InputStream in = PlantApiStub.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(String path) {
        return PlantApiStub.class.getClassLoader().getResource(path) != null;
    }

    private static void reset() {
        server.resetAll();
        server.stubFor(get(urlPathMatching("/plants/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"plant not found\"}")));
    }
}
