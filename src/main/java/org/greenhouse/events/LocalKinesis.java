package org.greenhouse.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis on a laptop, the way a Quarkus Dev Service would start it: where the settings name a local emulator
 * ({@code greenhouse.events.kinesis.emulator=true}, an endpoint on this machine) and nothing answers there, the
 * app starts kinesalite itself (the npm package the build installs into target/kinesalite), in memory, on a
 * free port, with the stream created, and stops it when the app stops. Its endpoint then replaces the
 * configured one for every Kinesis client. Without Node.js or the package the app starts anyway and says what
 * is missing; POST /api/events then answers 503.
 */
@Singleton
@Startup
public class LocalKinesis {

    /** Shards of the stream the emulator holds: more than one, so delivery's per-shard work shows. */
    static final int SHARDS = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Listening at https?://.*:(\\d+)\\s*$");
    // kinesalite ends with the app: it exits once its stdin closes, so a killed JVM leaves no emulator behind
    private static final String LAUNCHER = "process.stdin.on('end',()=>process.exit(0));process.stdin.resume();"
            + "require(process.argv[1])";
    private static final Logger LOG = Logger.getLogger(LocalKinesis.class);

    private final Optional<String> endpoint;
    private final Process process;
    private final String missing;

    @Inject
    public LocalKinesis(EventsConfig config) {
        EventsConfig.Kinesis kinesis = config.kinesis();
        Optional<String> configured = kinesis.endpointOverride();
        if (!kinesis.emulator() || !kinesis.emulatorStart() || configured.isEmpty() || !isLocal(configured.get())
                || answers(configured.get())) {
            endpoint = configured;
            process = null;
            missing = null;
            return;
        }
        Process started = null;
        String problem = null;
        String url = configured.get();
        try {
            started = start(kinesis.emulatorNode(), Path.of(kinesis.emulatorDir()));
            url = "http://127.0.0.1:" + awaitPort(started);
            createStream(url, kinesis.stream());
            LOG.infof("Kinesis: nothing answered at %s, so the app started kinesalite at %s (in memory, stream %s "
                    + "of %d shards); it stops with the app", configured.get(), url, kinesis.stream(), SHARDS);
        } catch (EmulatorMissingException e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            problem = "kinesalite did not start: " + e.getMessage();
        }
        if (problem != null) {
            stop(started);
            started = null;
            url = configured.get();
            LOG.warnf("Kinesis emulator: %s. POST /api/events answers 503 until a Kinesis emulator answers at %s.",
                    problem, url);
        }
        endpoint = Optional.of(url);
        process = started;
        missing = problem;
    }

    /** Where the Kinesis clients go: the started emulator, else the configured endpoint (none: AWS's). */
    public Optional<String> endpoint() {
        return endpoint;
    }

    /** Why the app could not start an emulator it should have started, if so. */
    public Optional<String> missing() {
        return Optional.ofNullable(missing);
    }

    /** Whether this app runs the emulator. */
    public boolean started() {
        return process != null;
    }

    @PreDestroy
    void close() {
        stop(process);
    }

    /** Whether the URL's host is this machine (only then can the app stand in for what should run there). */
    static boolean isLocal(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equalsIgnoreCase("localhost") || InetAddress.getByName(host).isLoopbackAddress());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    /** The command that runs kinesalite, or why it cannot run, saying how to get what is missing. */
    static List<String> command(String node, Path installDir) {
        Path cli = installDir.resolve("node_modules/kinesalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            throw new EmulatorMissingException("kinesalite is not installed at " + cli.toAbsolutePath()
                    + ": the build installs it (./mvnw generate-resources, or any ./mvnw quarkus:dev or test), or run "
                    + "npm install --prefix " + installDir + " kinesalite@3.3.3; greenhouse.events.kinesis.emulator-dir "
                    + "says where it is");
        }
        return List.of(node, "-e", LAUNCHER, cli.toAbsolutePath().toString(), "--port", String.valueOf(freePort()),
                "--createStreamMs", "0",
                "--deleteStreamMs", "0", "--updateStreamMs", "0");
    }

    /** Starts kinesalite, or says what is missing to run it. */
    static Process start(String node, Path installDir) {
        List<String> command = command(node, installDir);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new EmulatorMissingException("Node.js is needed to run kinesalite, and '" + node
                    + "' could not be run (" + e.getMessage() + "): install Node.js 20 or later (apt-get install "
                    + "nodejs, or https://nodejs.org), or name its executable in greenhouse.events.kinesis.emulator-node");
        }
    }

    /** Reads the emulator's output until it says its port; the rest of its output goes to its log file. */
    private int awaitPort(Process started) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder early = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    Matcher listening = LISTENING.matcher(line);
                    if (!port.isDone() && listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    } else if (!port.isDone()) {
                        early.append(line).append('\n');
                    } else {
                        LOG.debugf("kinesalite: %s", line);
                    }
                }
            } catch (IOException e) {
                // the emulator's output ended with it
            }
            port.completeExceptionally(new IllegalStateException("kinesalite exited: " + early.toString().strip()));
        }, "kinesalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kinesalite started", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage()
                    : "it said no port within " + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void createStream(String url, String stream) {
        // kinesalite answers CBOR with wrong record timestamps; the SDK reads this when the client is built
        System.setProperty("aws.cborEnabled", "false");
        try (KinesisClient client = KinesisClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(url))
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .build()) {
            client.createStream(create -> create.streamName(stream).shardCount(SHARDS));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (client.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary()
                    .streamStatus() != StreamStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stream " + stream + " not ACTIVE within " + START_TIMEOUT);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the stream was created", e);
        }
    }

    // kinesalite takes --port 0 for its default 4567, so the port is chosen here
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for kinesalite", e);
        }
    }

    private static boolean answers(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            connection.getResponseCode();
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Something the emulator needs is not on this machine; the message says how to get it. */
    static final class EmulatorMissingException extends RuntimeException {
        EmulatorMissingException(String message) {
            super(message);
        }
    }
}
