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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
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
 * otherwise successful answer, whole calls are throttled, or whole calls are refused with an error the SDK
 * does not retry by itself. Everything else passes through unchanged. Each request is forwarded on a thread
 * of its own, so a hung emulator holds every call in flight, as a hung Kinesis would.
 */
public final class KinesisFaultProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final AtomicInteger entriesToFail = new AtomicInteger();
    private volatile int entriesFailFromCall;
    private final AtomicInteger callsToThrottle = new AtomicInteger();
    private final AtomicInteger callsToRefuse = new AtomicInteger();
    private volatile int refuseFromCall;
    private final AtomicInteger putCalls = new AtomicInteger();
    private final AtomicInteger putEntries = new AtomicInteger();
    private final AtomicInteger putsInFlight = new AtomicInteger();

    public KinesisFaultProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "kinesis-fault-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code count} PutRecords entries (every other one of a call) fail as throttled. */
    public void failEntries(int count) {
        failEntries(0, count);
    }

    /** As {@link #failEntries(int)}, once the next {@code pass} PutRecords calls went through untouched. */
    public void failEntries(int pass, int count) {
        entriesFailFromCall = putCalls.get() + pass + 1;
        entriesToFail.set(count);
    }

    /** The next {@code count} PutRecords calls are refused whole as throttled. */
    public void throttleCalls(int count) {
        callsToThrottle.set(count);
    }

    /**
     * After the next {@code pass} PutRecords calls, the {@code count} following ones are refused whole (400
     * KMSThrottlingException, nothing stored): an error the SDK does not retry by itself, so the app sees it.
     */
    public void refuseCalls(int pass, int count) {
        refuseFromCall = putCalls.get() + pass + 1;
        callsToRefuse.set(count);
    }

    /** PutRecords calls received so far. */
    public int putCalls() {
        return putCalls.get();
    }

    /** PutRecords entries received so far, those of refused and throttled calls included. */
    public int putEntries() {
        return putEntries.get();
    }

    /** Waits until at least {@code count} PutRecords calls are being forwarded at once (held by a hung emulator). */
    public void awaitPutsInFlight(int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (putsInFlight.get() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + putsInFlight.get() + " PutRecords calls in flight after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until no PutRecords call is being forwarded: the emulator has answered every call it received. */
    public void awaitNoPutInFlight(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (putsInFlight.get() > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(putsInFlight.get() + " PutRecords calls still in flight after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean putRecords = target != null && target.endsWith(".PutRecords");
        if (!putRecords) {
            forward(exchange, false);
            return;
        }
        putsInFlight.incrementAndGet();
        try {
            forward(exchange, true);
        } finally {
            putsInFlight.decrementAndGet();
        }
    }

    private void forward(HttpExchange exchange, boolean putRecords) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int call = 0;
        if (putRecords) {
            call = putCalls.incrementAndGet();
            putEntries.addAndGet(JSON.readTree(body).get("Records").size());
            if (callsToThrottle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 400, ("{\"__type\":\"ProvisionedThroughputExceededException\","
                        + "\"message\":\"Rate exceeded for shard\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (call >= refuseFromCall && callsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 400, ("{\"__type\":\"KMSThrottlingException\","
                        + "\"message\":\"Rate exceeded for the stream's KMS key\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        Set<Integer> failing = Set.of();
        if (putRecords && call >= entriesFailFromCall && entriesToFail.get() > 0) {
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
