package org.greenhouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the Kinesis emulator (JSON protocol) that makes reading the stream behave as real
 * Kinesis does where kinesalite does not: a reader that is behind gets empty pages (with a next iterator and
 * {@code MillisBehindLatest} above 0) before it reaches records; records older than the retention are gone
 * (trimmed); a shard can fail. It also counts what readers were given, so a test can tell how often each
 * record was read. Every iterator it hands out names its shard, so a GetRecords call is known by shard.
 */
public final class KinesisReadProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITERATOR_PREFIX = "proxied~";
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final AtomicInteger emptyPagesPerIterator = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    private final Set<String> failingShards = ConcurrentHashMap.newKeySet();
    private final Map<String, BigInteger> trimmedThrough = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> getRecordsCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> timesRead = new ConcurrentHashMap<>();

    public KinesisReadProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            try {
                forward(exchange);
            } catch (IOException | RuntimeException e) {
                // a mistake of the proxy's own shows as a failed call, not as a hang
                e.printStackTrace();
                answer(exchange, 502, new byte[0]);
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Every iterator GetShardIterator hands out from now on first gives {@code pages} empty pages, as Kinesis
     * does for a reader behind the tip of a shard; 0 turns this off.
     */
    public void emptyPagesBeforeRecords(int pages) {
        emptyPagesPerIterator.set(pages);
    }

    /** Every iterator handed out so far has expired (Kinesis's are good for 5 minutes). */
    public void expireIterators() {
        generation.incrementAndGet();
    }

    /** Reading the shard fails (GetShardIterator and GetRecords answer 500 InternalFailure) until healed. */
    public void failShard(String shardId) {
        failingShards.add(shardId);
    }

    public void healShard(String shardId) {
        failingShards.remove(shardId);
    }

    /** The shard's records up to and including this sequence number are gone, as retention trims them. */
    public void trimThrough(String shardId, String sequenceNumber) {
        trimmedThrough.put(shardId, new BigInteger(sequenceNumber));
    }

    /** How many GetRecords calls reached the shard since the last {@link #reset()}. */
    public int getRecordsCalls(String shardId) {
        AtomicInteger calls = getRecordsCalls.get(shardId);
        return calls == null ? 0 : calls.get();
    }

    /** How often each sequence number was in a GetRecords answer since the last {@link #reset()}. */
    public Map<String, Integer> timesRead() {
        Map<String, Integer> copy = new HashMap<>();
        timesRead.forEach((seq, times) -> copy.put(seq, times.get()));
        return copy;
    }

    /** Back to passing everything through, with the counts at zero. */
    public void reset() {
        emptyPagesPerIterator.set(0);
        failingShards.clear();
        trimmedThrough.clear();
        getRecordsCalls.clear();
        timesRead.clear();
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        operation = operation == null ? "" : operation.substring(operation.indexOf('.') + 1);
        switch (operation) {
            case "GetShardIterator" -> getShardIterator(exchange, body);
            case "GetRecords" -> getRecords(exchange, body);
            default -> pass(exchange, body, answer -> answer);
        }
    }

    private void getShardIterator(HttpExchange exchange, byte[] body) throws IOException {
        String shardId = JSON.readTree(body).path("ShardId").asText();
        if (failingShards.contains(shardId)) {
            fail(exchange);
            return;
        }
        int empty = emptyPagesPerIterator.get();
        pass(exchange, body, answer -> {
            ObjectNode response = (ObjectNode) answer;
            response.put("ShardIterator", wrap(shardId, empty, response.get("ShardIterator").asText()));
            return response;
        });
    }

    private void getRecords(HttpExchange exchange, byte[] body) throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        String iterator = request.path("ShardIterator").asText();
        if (!iterator.startsWith(ITERATOR_PREFIX)) {
            pass(exchange, body, answer -> answer);
            return;
        }
        String[] parts = iterator.substring(ITERATOR_PREFIX.length()).split("~", 4);
        String shardId = parts[0];
        int empty = Integer.parseInt(parts[1]);
        getRecordsCalls.computeIfAbsent(shardId, shard -> new AtomicInteger()).incrementAndGet();
        if (failingShards.contains(shardId)) {
            fail(exchange);
            return;
        }
        if (Integer.parseInt(parts[2]) != generation.get()) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            answer(exchange, 400, ("{\"__type\":\"ExpiredIteratorException\",\"message\":\"Iterator expired.\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (empty > 0) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("Records");
            page.put("NextShardIterator", wrap(shardId, empty - 1, parts[3]));
            page.put("MillisBehindLatest", 3_600_000);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            answer(exchange, 200, JSON.writeValueAsBytes(page));
            return;
        }
        request.put("ShardIterator", parts[3]);
        pass(exchange, JSON.writeValueAsBytes(request), answer -> {
            ObjectNode page = (ObjectNode) answer;
            BigInteger trimmed = trimmedThrough.get(shardId);
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode record : page.path("Records")) {
                String seq = record.get("SequenceNumber").asText();
                if (trimmed == null || new BigInteger(seq).compareTo(trimmed) > 0) {
                    kept.add(record);
                    timesRead.computeIfAbsent(seq, s -> new AtomicInteger()).incrementAndGet();
                }
            }
            page.set("Records", kept);
            JsonNode next = page.get("NextShardIterator");
            if (next != null && !next.isNull()) {
                page.put("NextShardIterator", wrap(shardId, 0, next.asText()));
            }
            return page;
        });
    }

    private String wrap(String shardId, int emptyPages, String iterator) {
        return ITERATOR_PREFIX + shardId + "~" + emptyPages + "~" + generation.get() + "~" + iterator;
    }

    private interface Rewrite {
        JsonNode apply(JsonNode answer) throws IOException;
    }

    /** Forwards the call; a successful answer goes back through {@code rewrite}. */
    private void pass(HttpExchange exchange, byte[] body, Rewrite rewrite) throws IOException {
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!Set.of("host", "content-length", "connection", "expect", "upgrade", "http2-settings")
                        .contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] answer = response.body();
        if (response.statusCode() == 200 && answer.length > 0) {
            answer = JSON.writeValueAsBytes(rewrite.apply(JSON.readTree(answer)));
        }
        response.headers().map().forEach((name, values) -> {
            if (!Set.of("content-length", "transfer-encoding", "connection").contains(name.toLowerCase())) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        answer(exchange, response.statusCode(), answer);
    }

    private static void fail(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        answer(exchange, 500, "{\"__type\":\"InternalFailure\",\"message\":\"shard unavailable\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
