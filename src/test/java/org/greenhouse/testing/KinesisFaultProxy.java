package org.greenhouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the Kinesis emulator (JSON protocol) that makes PutRecords fail the way Kinesis
 * does under load: chosen entries are not forwarded and come back as ProvisionedThroughputExceeded in an
 * otherwise successful answer, or whole calls are throttled. Everything else passes through unchanged.
 */
public final class KinesisFaultProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final AtomicInteger entriesToFail = new AtomicInteger();
    private final AtomicInteger callsToThrottle = new AtomicInteger();
    private final AtomicInteger putCalls = new AtomicInteger();

    public KinesisFaultProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::forward);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code count} PutRecords entries (every other one of a call) fail as throttled. */
    public void failEntries(int count) {
        entriesToFail.set(count);
    }

    /** The next {@code count} PutRecords calls are refused whole as throttled. */
    public void throttleCalls(int count) {
        callsToThrottle.set(count);
    }

    public int putCalls() {
        return putCalls.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean putRecords = target != null && target.endsWith(".PutRecords");
        if (putRecords) {
            putCalls.incrementAndGet();
            if (callsToThrottle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 400, ("{\"__type\":\"ProvisionedThroughputExceededException\","
                        + "\"message\":\"Rate exceeded for shard\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        Set<Integer> failing = Set.of();
        if (putRecords && entriesToFail.get() > 0) {
            ObjectNode request = (ObjectNode) JSON.readTree(body);
            ArrayNode records = (ArrayNode) request.get("Records");
            List<Integer> dropped = new ArrayList<>();
            ArrayNode kept = JSON.createArrayNode();
            for (int i = 0; i < records.size(); i++) {
                if (i % 2 == 1 && entriesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    dropped.add(i);
                } else {
                    kept.add(records.get(i));
                }
            }
            request.set("Records", kept);
            body = JSON.writeValueAsBytes(request);
            failing = Set.copyOf(dropped);
        }
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(this.target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!Set.of("host", "content-length", "connection", "expect").contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] answer = response.body();
        if (!failing.isEmpty() && response.statusCode() == 200) {
            answer = spliceFailures(answer, failing);
        }
        response.headers().map().forEach((name, values) -> {
            if (!Set.of("content-length", "transfer-encoding", "connection").contains(name.toLowerCase())) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        answer(exchange, response.statusCode(), answer);
    }

    /** Puts a throttling failure at each dropped position of the emulator's answer. */
    private static byte[] spliceFailures(byte[] answer, Set<Integer> failing) throws IOException {
        ObjectNode response = (ObjectNode) JSON.readTree(answer);
        ArrayNode results = (ArrayNode) response.get("Records");
        ArrayNode spliced = JSON.createArrayNode();
        int next = 0;
        for (int i = 0; i < results.size() + failing.size(); i++) {
            if (failing.contains(i)) {
                spliced.addObject().put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put("ErrorMessage", "Rate exceeded for shard");
            } else {
                spliced.add(results.get(next++));
            }
        }
        response.set("Records", spliced);
        JsonNode failed = response.get("FailedRecordCount");
        response.put("FailedRecordCount", (failed == null ? 0 : failed.asInt()) + failing.size());
        return JSON.writeValueAsBytes(response);
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
