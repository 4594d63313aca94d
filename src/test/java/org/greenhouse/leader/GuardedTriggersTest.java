package org.greenhouse.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * Every route file read as it is shipped: each route that starts by itself (a timer, a cron, anything but an
 * on-demand entry point) sits behind {@code master:} with its pipeline's lease, and does nothing but call that
 * pipeline's {@code direct:} entry point. FollowerTriggersTest shows the same in the running app.
 */
class GuardedTriggersTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROUTES = Path.of("src/main/resources/routes");
    /** Entry points that run only when called: by a caller, an HTTP request, another route. */
    private static final List<String> ON_DEMAND = List.of("direct:", "seda:", "platform-http:");
    /** The singleton pipelines and the component of each one's trigger. */
    static final Map<String, String> GUARDED = Map.of("plant-ingest", "timer", "plant-archive", "quartz",
            "batch-extract", "quartz", "events-deliver", "timer", "alerts", "timer", "warehouse-ingest", "quartz",
            "warehouse-process", "timer", "warehouse-load", "timer", "warehouse-demo", "timer",
            "events-process", "timer");

    @Test
    void everySelfStartingRouteRunsBehindItsPipelinesLeaseAndOnlyTriggersThatPipeline() throws IOException {
        Map<String, String> triggers = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : routeFiles()) {
            String pipeline = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            for (JsonNode element : YAML.readTree(file.toFile())) {
                // a route, or a bare from (the YAML DSL takes both)
                JsonNode route = element.has("route") ? element.get("route") : element.has("from") ? element : null;
                if (route == null) {
                    continue;
                }
                String id = route.path("id").asText("(no id)");
                JsonNode from = route.path("from");
                String uri = from.isTextual() ? from.asText() : from.path("uri").asText();
                if (ON_DEMAND.stream().anyMatch(uri::startsWith)) {
                    continue;
                }
                String guard = "master:" + pipeline + ":";
                if (!uri.startsWith(guard)) {
                    problems.add(file.getFileName() + " route " + id + " starts by itself from '" + uri
                            + "', not behind " + guard);
                    continue;
                }
                String trigger = uri.substring(guard.length());
                triggers.put(pipeline, trigger.substring(0, trigger.indexOf(':')));
                JsonNode steps = route.path("from").path("steps");
                if (steps.size() != 1 || !("direct:" + pipeline).equals(steps.get(0).path("to").asText())) {
                    problems.add(file.getFileName() + " route " + id + " does more than call direct:" + pipeline
                            + ": " + steps);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeMap<>(GUARDED), triggers, "the guarded trigger of each singleton pipeline");
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            List<Path> yaml = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(yaml.size() >= GUARDED.size(), "route files in " + ROUTES + ": " + yaml);
            return yaml;
        }
    }
}
