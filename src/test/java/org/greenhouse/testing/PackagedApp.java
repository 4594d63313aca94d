package org.greenhouse.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app (target/quarkus-app/quarkus-run.jar, built by the package phase before the *IT tests) as
 * a process of its own, started with the environment a deployment would give it. Only the plant pipeline's
 * parts run unless the environment says otherwise: the archive, batch and delivery triggers are off.
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PackagedApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the app; its output goes to target/packaged-app/{name}.log. */
    public static PackagedApp start(String name, Map<String, String> environment) throws IOException {
        Path logs = Path.of("target", "packaged-app");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("greenhouse.app.jar"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // the Jolokia agent runs as in production, on a free port: apps of parallel tests share this machine
        env.put("GREENHOUSE_JOLOKIA_PORT", "0");
        env.put("GREENHOUSE_PLANT_SCHEDULE_ENABLED", "false");
        env.put("GREENHOUSE_ARCHIVE_SCHEDULE_ENABLED", "false");
        env.put("GREENHOUSE_BATCH_SCHEDULE_ENABLED", "false");
        env.put("GREENHOUSE_EVENTS_DELIVERY_ENABLED", "false");
        env.put("GREENHOUSE_EVENTS_PROCESS_ENABLED", "false");
        env.put("AWS_REGION", "us-east-1");
        env.putAll(environment);
        return new PackagedApp(builder.start(), log, port);
    }

    /**
     * Starts the app on embedded defaults, as {@code ./mvnw quarkus:dev} runs it (the dev profile: H2 file, the
     * simulators, the archive and delivery into ./data, its own Kinesis emulator), in {@code workDir} as its
     * working directory, with every trigger on. The environment adds only the HTTP and Jolokia ports (free ones)
     * and where the build put kinesalite (target/kinesalite of this project, which is not the working directory
     * here).
     */
    public static PackagedApp startOnEmbeddedDefaults(String name, Path workDir) throws IOException {
        Path logs = Path.of("target", "packaged-app").toAbsolutePath();
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", Path.of(System.getProperty("greenhouse.app.jar")).toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("GREENHOUSE_") || key.startsWith("QUARKUS_") || key.startsWith("AWS_"));
        env.put("QUARKUS_PROFILE", "dev");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("GREENHOUSE_JOLOKIA_PORT", "0");
        env.put("GREENHOUSE_EVENTS_KINESIS_EMULATOR_DIR",
                Path.of(System.getProperty("kinesalite.dir", "target/kinesalite")).toAbsolutePath().toString());
        return new PackagedApp(builder.start(), log, port);
    }

    /** The app's HTTP address. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app still runs after " + timeout + ": see " + log);
        }
        return process.exitValue();
    }

    /** Waits until the app answers the path (whatever the status) and returns that answer. */
    public HttpResponse<String> awaitAnswer(String path, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the app exited (" + process.exitValue() + "): see " + log + "\n" + output());
            }
            Optional<HttpResponse<String>> answer = get(path);
            if (answer.isPresent()) {
                return answer.get();
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("no answer on " + path + " within " + timeout + ": see " + log);
    }

    /** Waits until /q/health/ready says UP. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = awaitAnswer("/q/health/ready", timeout);
            if (ready.statusCode() == 200) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("not ready within " + timeout + ": see " + log);
    }

    private Optional<HttpResponse<String>> get(String path) throws InterruptedException {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        }
    }

    /** Everything the app wrote so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
