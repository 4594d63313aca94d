import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Load for bench/events-bench.sh: posts events to the app (N per request) from C clients, or puts the same
 * events one PutRecord each straight into Kinesis (what the seed's Lambda does), and prints one JSON line:
 * events/s and request latency p50/p99. Usage: EventsLoad app <url> <key> <eventsPerRequest> <requests> <clients>
 * | EventsLoad putrecord <kinesisEndpoint> <stream> <events> <clients> | EventsLoad create <kinesisEndpoint> <stream>
 * <shards> | EventsLoad count <kinesisEndpoint> <stream> (prints the records in the stream).
 */
public class EventsLoad {

    static final String EVENT = "{\"type\":\"product_viewed\",\"occurred_at\":\"2026-11-23T06:00:00Z\",\"user_id\":%d,"
            + "\"product\":{\"id\":1,\"title\":\"Fjallraven Backpack\",\"price\":109.95,\"category\":\"men's clothing\"}}";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "app" -> app(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "create" -> create(args[1], args[2], Integer.parseInt(args[3]));
            case "count" -> System.out.println(count(args[1], args[2]));
            default -> putRecord(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    static void app(String url, String key, int perRequest, int requests, int clients) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < perRequest; i++) {
            body.append(EVENT.formatted(i + 1)).append('\n');
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", key)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        for (int i = 0; i < Math.min(200, requests); i++) { // warm-up
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        run("app", perRequest, requests, clients, () -> {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
        });
    }

    static void create(String endpoint, String stream, int shards) throws Exception {
        try (KinesisClient kinesis = client(endpoint, 1)) {
            kinesis.createStream(create -> create.streamName(stream).shardCount(shards));
            while (kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary()
                    .streamStatusAsString().equals("CREATING")) {
                Thread.sleep(50);
            }
        }
    }

    /** The records in the stream, every shard read from its start: what the loads put, lost or not. */
    static long count(String endpoint, String stream) {
        try (KinesisClient kinesis = client(endpoint, 1)) {
            long records = 0;
            for (Shard shard : kinesis.listShards(list -> list.streamName(stream)).shards()) {
                String iterator = kinesis.getShardIterator(get -> get.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String from = iterator;
                    GetRecordsResponse page = kinesis.getRecords(get -> get.shardIterator(from).limit(10_000));
                    records += page.records().size();
                    if (page.records().isEmpty()) {
                        break;
                    }
                    iterator = page.nextShardIterator();
                }
            }
            return records;
        }
    }

    static KinesisClient client(String endpoint, int connections) {
        System.setProperty("aws.cborEnabled", "false");
        return KinesisClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
    }

    static void putRecord(String endpoint, String stream, int events, int clients) throws Exception {
        try (KinesisClient kinesis = client(endpoint, clients)) {
            for (int i = 0; i < 200; i++) { // warm-up
                put(kinesis, stream, i);
            }
            run("putrecord", 1, events, clients, () -> put(kinesis, stream, (int) (Math.random() * 1000)));
        }
    }

    static void put(KinesisClient kinesis, String stream, int user) {
        kinesis.putRecord(put -> put.streamName(stream).partitionKey(String.valueOf(user))
                .data(SdkBytes.fromUtf8String(EVENT.formatted(user))));
    }

    interface Call {
        void call() throws Exception;
    }

    static void run(String mode, int perRequest, int requests, int clients, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int share = requests / clients + (c < requests % clients ? 1 : 0);
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < share; i++) {
                    long t0 = System.nanoTime();
                    call.call();
                    latencies.add(System.nanoTime() - t0);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get());
            }
        } finally {
            // a failed request ends the load: the other clients' threads would otherwise keep the JVM running
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Collections.sort(all);
        System.out.printf(Locale.ROOT, "{\"mode\": \"%s\", \"events_per_request\": %d, \"requests\": %d, \"clients\": %d, "
                + "\"events_per_s\": %.0f, \"p50_ms\": %.1f, \"p99_ms\": %.1f}%n", mode, perRequest, all.size(), clients,
                all.size() * perRequest / seconds, all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
    }
}
