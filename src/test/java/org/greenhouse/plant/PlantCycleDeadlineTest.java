package org.greenhouse.plant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.greenhouse.testing.PlantApiStub.answer;
import static org.greenhouse.testing.PlantApiStub.fixture;
import static org.greenhouse.testing.TestDatabase.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.greenhouse.testing.H2Profile;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cycle deadline: plants that answer after it are counted as missed_deadline, the cycle stores what came
 * in time and ends at the deadline instead of waiting for the late ones.
 */
@QuarkusTest
@TestProfile(PlantCycleDeadlineTest.ShortDeadline.class)
class PlantCycleDeadlineTest {

    static final Duration DEADLINE = Duration.ofSeconds(4);
    /** Well past the deadline and within the read timeout, so a late answer would still be read. */
    static final Duration LATE = Duration.ofSeconds(12);

    public static class ShortDeadline extends H2Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("greenhouse.plant.cycle-deadline", DEADLINE.toMillis() + "ms");
            overrides.put("greenhouse.plant.read-timeout", LATE.plusSeconds(10).toMillis() + "ms");
            return overrides;
        }
    }

    @Inject
    ProducerTemplate camel;

    @BeforeEach
    void startFromNothing() throws Exception {
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
    }

    @Test
    void plantsAnsweringAfterTheDeadlineAreCountedAsMissedAndTheCycleEndsAtTheDeadline() throws Exception {
        for (int late : List.of(3, 4)) {
            answer(late, aResponse().withStatus(200).withFixedDelay((int) LATE.toMillis())
                    .withBody(fixture("plant-api/current/plant-%04d.json".formatted(late))));
        }

        long started = System.nanoTime();
        PlantCycle.Report report = camel.requestBodyAndHeader("direct:plant-ingest", null, PlantCycle.PLANT_IDS,
                "1-10", PlantCycle.Report.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // 1-10: 7 is not found, 3 and 4 answer too late, the other 7 are stored
        assertEquals(new CycleCounts(10, 7, 0, 0, 1, 0, 2), report.counts());
        assertEquals(List.of(1, 2, 5, 6, 8, 9, 10), rows("SELECT plant_id FROM plant_reading ORDER BY plant_id")
                .stream().map(r -> ((Number) r.get("plant_id")).intValue()).toList());
        var run = rows("SELECT status, missed_deadline FROM pipeline_run WHERE run_id = ?", report.runId()).get(0);
        assertEquals("SUCCEEDED", run.get("status"));
        assertEquals(2, ((Number) run.get("missed_deadline")).intValue());
        assertTrue(took.compareTo(LATE) < 0, "the cycle took " + took + ": it waited for the late plants");
        assertTrue(report.duration().compareTo(DEADLINE) >= 0, "the cycle waited " + report.duration()
                + " for the plants that had not answered, up to the deadline");
    }
}
