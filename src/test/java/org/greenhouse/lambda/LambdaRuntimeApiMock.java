package org.greenhouse.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API as the Lambda service serves it to a function's runtime: the runtime asks
 * {@code GET /2018-06-01/runtime/invocation/next} for an event (the call waits until there is one) and posts
 * the handler's answer to {@code .../invocation/{id}/response}, or its failure to {@code .../{id}/error}; a
 * function that cannot start posts {@code /2018-06-01/runtime/init/error}. On an ephemeral loopback port.
 */
final class LambdaRuntimeApiMock implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    /** What the runtime posted for one invocation. */
    record Answer(boolean error, String body, String errorType) {
    }

    private record Invocation(String id, String event) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> polling = new CompletableFuture<>();
    private volatile String initError;

    LambdaRuntimeApiMock() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE, this::handle);
        // a runtime's next call waits for an event while another connection may post an answer
        server.setExecutor(threads);
        server.start();
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API gives it to the runtime. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits until the function has started and asks for its first event. */
    void awaitPolling(Duration timeout, Process function) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!polling.isDone()) {
            if (initError != null) {
                throw new AssertionError("the function failed to start: " + initError);
            }
            if (!function.isAlive()) {
                throw new AssertionError("the function's runtime exited with " + function.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the function did not ask for an event within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** One invocation with this event, as Lambda makes it; the runtime's answer. */
    Answer invoke(String event, Duration timeout) throws Exception {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answers.put(id, answer);
        events.add(new Invocation(id, event));
        return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.equals("init/error")) {
                initError = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": " + text;
                answers.values().forEach(answer -> answer.completeExceptionally(new AssertionError(initError)));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
                CompletableFuture<Answer> answer = answers.get(id);
                if (answer == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"no such invocation\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean error = path.endsWith("/error");
                answer.complete(new Answer(error, text,
                        error ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") : null));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        polling.complete(null);
        Invocation invocation = events.take();
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id());
        headers.set("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 300_000));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-2:123456789012:function:greenhouse");
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        reply(exchange, 200, invocation.event());
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        // the runtime's native client reads every answer's content type: without one it crashes
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
