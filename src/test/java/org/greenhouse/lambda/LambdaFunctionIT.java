package org.greenhouse.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenhouse.testing.KinesisStub;
import org.greenhouse.testing.PlantApiStub;
import org.greenhouse.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged function as AWS Lambda's java17 runtime runs it: target/function.zip unpacked as the task root,
 * AWS's runtime interface client (the Java runtime's own loop, aws-lambda-java-runtime-interface-client) started
 * in it with the documented handler {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest},
 * loading the function's classes from the task root and its lib/ as Lambda does, in the production profile with
 * the environment docs/lambda.md gives. Events come from a mock of the Lambda Runtime API; the database (H2),
 * the plant API (WireMock) and Kinesis (kinesalite) are real. Only in the lambda build (./mvnw verify -Plambda).
 */
@Tag("lambda-runtime")
class LambdaFunctionIT {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COLD_START = Duration.ofMinutes(3);
    private static final Duration INVOCATION = Duration.ofMinutes(1);

    private static final TestDatabase database = new TestDatabase();
    private static final PlantApiStub plantApi = new PlantApiStub();
    private static final KinesisStub kinesis = new KinesisStub();
    private static LambdaRuntimeApiMock runtimeApi;
    private static Process function;

    @BeforeAll
    static void startFunction() throws Exception {
        Path work = Path.of("target", "lambda-function-it");
        Path taskRoot = unzip(Path.of(System.getProperty("greenhouse.function.zip")), work.resolve("task"));

        database.init(Map.of("vendor", "h2"));
        Map<String, String> settings = new HashMap<>(database.start());
        settings.putAll(plantApi.start());
        settings.putAll(kinesis.start());
        runtimeApi = new LambdaRuntimeApiMock();

        Map<String, String> env = new HashMap<>();
        settings.forEach((name, value) -> env.put(name.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), value));
        // as docs/lambda.md deploys it: schedules come from EventBridge, the app's own triggers are off
        env.put("GREENHOUSE_INTERNAL_TRIGGERS", "false");
        env.put("GREENHOUSE_JOLOKIA_ENABLED", "false");
        env.put("GREENHOUSE_ARCHIVE_S3_BUCKET", "greenhouse-archive");
        // what the Lambda service sets for a function's runtime
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "greenhouse");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/greenhouse");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/23/[$LATEST]lambda-function-it");
        env.put("AWS_REGION", "eu-west-2");
        // as the terraform module deploys it: events come through the handler, no HTTP port opens
        env.put("QUARKUS_HTTP_HOST_ENABLED", "false");

        ProcessBuilder runtime = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", runtimeInterfaceClient(), "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                HANDLER)
                .directory(taskRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("function.log").toFile());
        runtime.environment().putAll(env);
        function = runtime.start();
        runtimeApi.awaitPolling(COLD_START, function);
    }

    @AfterAll
    static void stopFunction() throws Exception {
        if (function != null) {
            function.destroyForcibly().waitFor();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        kinesis.stop();
        plantApi.stop();
        database.stop();
    }

    @BeforeEach
    void clean() throws Exception {
        TestDatabase.clean();
        PlantApiStub.serveRecorded();
    }

    @Test
    void aScheduledEventRunsOneCycleOfThePipelineItNamesAndAnswersItsReport() throws Exception {
        LambdaRuntimeApiMock.Answer answer = runtimeApi.invoke(LambdaEvents.scheduled("plant-ingest"), INVOCATION);

        assertFalse(answer.error(), answer.body());
        JsonNode result = JSON.readTree(answer.body());
        assertEquals("plant-ingest", result.path("pipeline").asText());
        assertEquals(47, result.path("report").path("counts").path("inserted").asInt(), answer.body());
        assertEquals(47, TestDatabase.count("plant_reading"));
        assertEquals(1, TestDatabase.count("pipeline_run"), "one cycle, the one invoked");
        // with the app's own triggers off nothing takes a lease (a trigger's route takes one as soon as it starts)
        assertEquals(List.of(), TestDatabase.rows("SELECT lease_name, holder FROM leader_lease"));
    }

    @Test
    void anHttpApiEventIsAnsweredWithTheIngestionRoutesStatusAndBody() throws Exception {
        String id = "lambda-function-" + System.nanoTime();

        LambdaRuntimeApiMock.Answer answer = runtimeApi.invoke(LambdaEvents.httpApiV2(id), INVOCATION);

        assertFalse(answer.error(), answer.body());
        JsonNode response = JSON.readTree(answer.body());
        assertEquals(202, response.path("statusCode").asInt(), answer.body());
        assertTrue(response.path("body").asText().contains(id), answer.body());
        assertTrue(KinesisStub.records().stream().anyMatch(r -> r.data().asUtf8String().contains(id)),
                "the event is in the stream");
    }

    @Test
    void anUnknownPipelineFailsTheInvocationWithItsMessage() throws Exception {
        LambdaRuntimeApiMock.Answer answer = runtimeApi.invoke(LambdaEvents.constantInput("plant-ingset"), INVOCATION);

        assertTrue(answer.error(), answer.body());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals(IllegalArgumentException.class.getName(), error.path("errorType").asText());
        assertTrue(error.path("errorMessage").asText().startsWith("unknown pipeline 'plant-ingset'"), answer.body());
    }

    @Test
    void theFunctionListensOnNoPort() throws Exception {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(function.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listed is no listening socket
                }
            }
        }
        assertFalse(sockets.isEmpty(), "the function has its connections (database, Runtime API)");
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                // st 0A is LISTEN; field 9 is the socket's inode
                if (fields[3].equals("0A") && sockets.contains(fields[9])) {
                    listening.add(fields[1]);
                }
            }
        }
        assertEquals(List.of(), listening, "local addresses (hex) the function listens on");
    }

    /** The runtime interface client's jars (copied by the lambda build), as the java17 runtime has them. */
    private static String runtimeInterfaceClient() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("greenhouse.lambda.ric.dir")))) {
            String classpath = jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toString).sorted()
                    .collect(Collectors.joining(File.pathSeparator));
            assertTrue(classpath.contains("aws-lambda-java-runtime-interface-client"), classpath);
            return classpath;
        }
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        assertTrue(Files.isRegularFile(zip), zip + " is missing: build with -Plambda");
        if (Files.exists(into)) {
            try (Stream<Path> old = Files.walk(into)) {
                old.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(into);
        try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null;) {
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), "zip entry outside the task root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }
}
