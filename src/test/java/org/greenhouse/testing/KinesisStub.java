package org.greenhouse.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis as a local emulator: kinesalite (installed by the build from npm), run with Node.js, holding
 * one stream of two shards. It can be stopped and started again (empty, with its stream) on its port.
 */
public class KinesisStub implements QuarkusTestResourceLifecycleManager {

    public static final String STREAM = "greenhouse-events-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Process kinesalite;
    private static volatile KinesisFaultProxy faults;
    private static volatile KinesisReadProxy reads;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        startServer();
        try {
            // the app reaches the emulator through a proxy that can make PutRecords fail in part, and behind it
            // one that makes reading behave as real Kinesis does (empty pages, trimmed records, failing shards)
            reads = new KinesisReadProxy(endpoint());
            faults = new KinesisFaultProxy(reads.endpoint());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("greenhouse.events.kinesis.endpoint-override", faults.endpoint(),
                "greenhouse.events.kinesis.emulator", "true",
                "greenhouse.events.kinesis.region", "us-east-1",
                "greenhouse.events.kinesis.stream", STREAM,
                "greenhouse.events.api-keys", "test-key,second-key",
                "greenhouse.events.kinesis.put-retry-delay", "20ms");
    }

    /** Starts kinesalite on the port and creates the stream. */
    public static void startServer() {
        try {
            Path dir = Path.of(System.getProperty("kinesalite.dir", "target/kinesalite"));
            File cli = dir.resolve("node_modules/kinesalite/cli.js").toFile();
            if (!cli.exists()) {
                throw new IllegalStateException(cli + " is missing: the build installs it with npm (Node.js needed)");
            }
            kinesalite = new ProcessBuilder("node", cli.getPath(), "--port", String.valueOf(port), "--createStreamMs",
                    "0", "--deleteStreamMs", "0", "--updateStreamMs", "0")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("kinesalite.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (!answers()) {
                if (Instant.now().isAfter(deadline) || !kinesalite.isAlive()) {
                    throw new IllegalStateException("kinesalite did not start; see " + dir.resolve("kinesalite.log"));
                }
                Thread.sleep(50);
            }
            try (KinesisClient client = client()) {
                client.createStream(create -> create.streamName(STREAM).shardCount(2));
                while (client.describeStreamSummary(d -> d.streamName(STREAM)).streamDescriptionSummary()
                        .streamStatus() != StreamStatus.ACTIVE) {
                    Thread.sleep(50);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("kinesalite did not start", e);
        }
    }

    /** Kinesis goes away: the emulator stops, and what it held with it. */
    public static void stopServer() throws InterruptedException {
        kinesalite.destroy();
        if (!kinesalite.waitFor(5, TimeUnit.SECONDS)) {
            kinesalite.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Kinesis hangs: the emulator is frozen (SIGSTOP). Connections still open (the kernel accepts them) and
     * requests are taken in, but nothing is answered until {@link #thaw()}; then the emulator works through
     * what it received meanwhile, as a Kinesis that was only slow would.
     */
    public static void freeze() {
        signal("STOP");
    }

    /** The frozen emulator resumes (SIGCONT). */
    public static void thaw() {
        signal("CONT");
    }

    private static void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(kinesalite.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + kinesalite.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The proxy between the app and the emulator. */
    public static KinesisFaultProxy faults() {
        return faults;
    }

    /** The proxy between the fault proxy and the emulator, for reading faults and counts. */
    public static KinesisReadProxy reads() {
        return reads;
    }

    @Override
    public void stop() {
        faults.close();
        reads.close();
        try {
            stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint()).toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.getResponseCode();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Every record in the test stream, of every shard (closed ones too), oldest first per shard. */
    public static List<Record> records() {
        List<Record> records = new ArrayList<>();
        try (KinesisClient kinesis = client()) {
            for (Shard shard : kinesis.listShards(list -> list.streamName(STREAM)).shards()) {
                String iterator = kinesis.getShardIterator(get -> get.streamName(STREAM).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var page = kinesis.getRecords(get -> get.shardIterator(current));
                    records.addAll(page.records());
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
        }
        return records;
    }

    /** A mark in the stream: the sequence numbers of every record in it now. */
    public static Set<String> mark() {
        return records().stream().map(Record::sequenceNumber).collect(Collectors.toSet());
    }

    /** The records put since the mark was taken, duplicates included. */
    public static List<Record> recordsSince(Set<String> mark) {
        return records().stream().filter(record -> !mark.contains(record.sequenceNumber())).toList();
    }

    /** How many times each event_id is in the records: duplicates are counted, never merged. */
    public static Map<String, Long> copiesByEventId(List<Record> records) {
        return records.stream().collect(Collectors.groupingBy(KinesisStub::eventId, Collectors.counting()));
    }

    /** The event_id inside a record's JSON. */
    public static String eventId(Record record) {
        try {
            return JSON.readTree(record.data().asByteArray()).get("event_id").asText();
        } catch (IOException e) {
            throw new IllegalStateException("a record that is not an event: " + record, e);
        }
    }

    /** A client of the test's own, to read what the app put into the stream. */
    public static KinesisClient client() {
        System.setProperty("aws.cborEnabled", "false");
        return KinesisClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
