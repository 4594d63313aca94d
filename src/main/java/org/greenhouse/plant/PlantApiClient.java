package org.greenhouse.plant;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.greenhouse.support.RetryPolicies;

/**
 * Asks the plant API for a window of plants: {@code GET {base-url}/plants/{id}} each, at most
 * greenhouse.plant.parallelism at once, timeouts, retries with backoff (greenhouse.plant.retry.*) and the body
 * bound as greenhouse.plant.* set them. The requests are written and read by one event loop on non-blocking
 * sockets (Vert.x, the HTTP stack Quarkus runs on), so a plant costs no thread of its own and no exchange.
 */
@ApplicationScoped
// made at start, on the main thread: its context is then an event loop of its own, not the context of
// whatever first asks (an HTTP request's, or a worker's)
@Startup
@Named("plantApi")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class PlantApiClient {

    private final PlantConfig config;
    private final PlantResponses responses;
    private final HttpClient http;
    /** Every request of every window on one event loop: its connections are kept there, never handed over. */
    private final Context loop;
    /** The base URL without a trailing slash; {@code /plants/{id}} is appended to its path. */
    private final String base;

    @Inject
    public PlantApiClient(Vertx vertx, PlantConfig config) {
        this.config = config;
        this.responses = new PlantResponses(config.maxBodyBytes(), config.rejectBodyLimit(), config.rules());
        this.base = config.baseUrl().replaceAll("/+$", "");
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(millis(config.connectTimeout()))
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        // asks for gzip as camel-http did; the body bound counts the bytes as decompressed
                        .setDecompressionSupported(true),
                new PoolOptions().setHttp1MaxSize(config.parallelism()));
        this.loop = vertx.getOrCreateContext();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * The outcome of every plant of the window that was decided before the cycle's deadline; the others are
     * left out (the cycle counts them as missed) and their requests dropped.
     */
    public List<PlantOutcome> fetch(@Body List<Integer> plantIds, @ExchangeProperty(PlantCycle.STATE) PlantCycleState cycle)
            throws InterruptedException {
        return fetch(plantIds, cycle.deadline());
    }

    List<PlantOutcome> fetch(List<Integer> plantIds, Instant deadline) throws InterruptedException {
        Window window = new Window(plantIds);
        loop.runOnContext(start -> window.fill());
        // the answers are parsed here, not on the loop: the loop is left to the sockets (and to the HTTP
        // server, whose event loops these are), and the two share the cycle's work between two cores
        List<PlantOutcome> outcomes = new ArrayList<>(plantIds.size());
        List<Decision> arrived = new ArrayList<>();
        try {
            while (outcomes.size() < plantIds.size()) {
                long wait = Duration.between(Instant.now(), deadline).toMillis();
                Decision next = wait > 0 ? window.decided.poll(wait, TimeUnit.MILLISECONDS) : null;
                if (next == null) {
                    break; // what has not come by the deadline is missed
                }
                // with what came meanwhile: one wake-up for many answers
                arrived.add(next);
                window.decided.drainTo(arrived);
                arrived.forEach(decision -> outcomes.add(decide(decision)));
                arrived.clear();
            }
        } finally {
            window.close();
        }
        return outcomes;
    }

    /** What a plant came to, decided on the fetching thread. */
    private record Decision(int plantId, Supplier<PlantOutcome> outcome) {
    }

    /** Whatever goes wrong in deciding is still this plant's outcome, never a lost cycle. */
    private PlantOutcome decide(Decision decision) {
        try {
            return decision.outcome().get();
        } catch (RuntimeException e) {
            return responses.transportFailed(decision.plantId(), e, 1);
        }
    }

    /** One window's requests, on the loop; what each plant came to is handed to the fetching thread. */
    private final class Window {
        private final Iterator<Integer> pending;
        private final Set<HttpClientRequest> open = new HashSet<>();
        private final Set<Long> timers = new HashSet<>();
        private final BlockingQueue<Decision> decided = new LinkedBlockingQueue<>();
        private int inFlight;
        private volatile boolean closed;

        Window(List<Integer> plantIds) {
            this.pending = plantIds.iterator();
        }

        /** Starts plants until the parallelism is reached; a plant keeps its place through its retries. */
        void fill() {
            while (!closed && inFlight < config.parallelism() && pending.hasNext()) {
                inFlight++;
                new Attempt(pending.next(), 1).start();
            }
        }

        void decided(int plantId, Supplier<PlantOutcome> outcome) {
            decided.add(new Decision(plantId, outcome));
            inFlight--;
            fill();
        }

        void retryLater(int plantId, int attempt) {
            if (closed) {
                return;
            }
            // Vert.x refuses timers under 1 ms; retry.initial-delay=0s means at once
            long delay = Math.max(1, RetryPolicies.delayBefore(attempt, config.retry().initialDelay()).toMillis());
            long[] timer = new long[1];
            timer[0] = loop.owner().setTimer(delay, fired -> {
                timers.remove(timer[0]);
                new Attempt(plantId, attempt + 1).start();
            });
            timers.add(timer[0]);
        }

        /** Drops what is still asked for, once the window is over. */
        void close() {
            closed = true;
            loop.runOnContext(drop -> {
                timers.forEach(loop.owner()::cancelTimer);
                List.copyOf(open).forEach(HttpClientRequest::reset);
            });
        }

        /** One request for one plant; it ends once, in an outcome or a retry. */
        private final class Attempt {
            private final int plantId;
            private final int number;
            private HttpClientRequest request;
            private long readTimer = -1;
            private long lastData;
            private boolean ended;

            Attempt(int plantId, int number) {
                this.plantId = plantId;
                this.number = number;
            }

            void start() {
                if (closed) {
                    return;
                }
                RequestOptions options = new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setAbsoluteURI(base + "/plants/" + plantId)
                        // in Vert.x 4.5 the time to get a connection: connecting, or waiting in the pool
                        .setConnectTimeout(millis(config.connectTimeout()))
                        // until the headers; the body is watched by watchForSilence
                        .setIdleTimeout(millis(config.readTimeout()));
                try {
                    http.request(options).onComplete(created -> {
                        if (created.failed()) {
                            failed(asConnectTimeout(created.cause()));
                        } else if (closed) {
                            created.result().reset(); // the window ended while it connected
                        } else {
                            send(created.result());
                        }
                    });
                } catch (RuntimeException closedClient) {
                    failed(closedClient);
                }
            }

            private void send(HttpClientRequest created) {
                request = created;
                open.add(request);
                request.send().onComplete(sent -> {
                    if (sent.failed()) {
                        failed(asReadTimeout(sent.cause()));
                    } else {
                        read(sent.result());
                    }
                });
            }

            private void read(HttpClientResponse response) {
                // set first: dropping the connection below reports to it, and it must not be logged as an error
                response.exceptionHandler(this::failed);
                int status = response.statusCode();
                int limit = responses.maxBodyBytes();
                Buffer body = Buffer.buffer();
                long declared = declaredLength(response);
                if (declared > limit) {
                    tooLarge(status, body, () -> responses.declaredOversized(plantId, declared));
                    return;
                }
                lastData = System.nanoTime();
                watchForSilence(config.readTimeout().toMillis());
                response.handler(chunk -> {
                    if (ended) {
                        return;
                    }
                    lastData = System.nanoTime();
                    body.appendBuffer(chunk);
                    if (body.length() > limit) {
                        tooLarge(status, body, () -> responses.oversized(plantId, body.getBytes()));
                    }
                });
                response.endHandler(last -> {
                    if (ended) {
                        return;
                    }
                    if (status < 500) {
                        end(() -> responses.answered(plantId, body.toString(StandardCharsets.UTF_8)));
                    } else if (attemptsLeft()) {
                        retry();
                    } else {
                        end(() -> responses.serverFailed(plantId, status, body.toString(StandardCharsets.UTF_8), number));
                    }
                });
            }

            /**
             * Vert.x times a request only until its headers; a body silent for the read timeout fails too. One timer
             * an answer, not one a piece of the body: when it fires after fresh data it waits out the rest.
             */
            private void watchForSilence(long millis) {
                readTimer = loop.owner().setTimer(Math.max(1, millis), fired -> {
                    readTimer = -1;
                    if (ended) {
                        return;
                    }
                    long silentFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastData);
                    if (silentFor < config.readTimeout().toMillis()) {
                        watchForSilence(config.readTimeout().toMillis() - silentFor);
                        return;
                    }
                    HttpClientRequest stalled = request;
                    failed(new SocketTimeoutException("no data within the read timeout of " + config.readTimeout()));
                    stalled.reset(); // after: the reset reports to this attempt, which has ended
                });
            }

            /**
             * The connection is dropped instead of draining the rest. Below 500 the answer is refused; a 5xx is a
             * failure like any other, retried while attempts are left, kept with what was read of its body.
             */
            private void tooLarge(int status, Buffer head, Supplier<PlantOutcome> refused) {
                forget(); // first: the reset fails this attempt's request, which must not count twice
                request.reset();
                if (status < 500) {
                    decided(plantId, refused);
                } else if (attemptsLeft()) {
                    retryLater(plantId, number);
                } else {
                    decided(plantId, () -> responses.serverFailed(plantId, status, head.toString(StandardCharsets.UTF_8),
                            number));
                }
            }

            /** Refused, reset or silent for a timeout: worth another try while attempts are left. */
            private void failed(Throwable cause) {
                if (ended) {
                    return;
                }
                if (attemptsLeft()) {
                    retry();
                } else {
                    end(() -> responses.transportFailed(plantId, cause, number));
                }
            }

            private boolean attemptsLeft() {
                return number <= config.retry().maxRetries();
            }

            private void retry() {
                forget();
                retryLater(plantId, number);
            }

            private void end(Supplier<PlantOutcome> outcome) {
                forget();
                decided(plantId, outcome);
            }

            private void forget() {
                ended = true;
                if (readTimer >= 0) {
                    loop.owner().cancelTimer(readTimer);
                    readTimer = -1;
                }
                if (request != null) {
                    open.remove(request);
                }
            }
        }
    }

    /** The Content-Length the answer declares, or -1: without one the body is bounded as it is read. */
    private static long declaredLength(HttpClientResponse response) {
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    /** Vert.x reports a silent connection as a TimeoutException; until the headers, that is the read timeout. */
    private Throwable asReadTimeout(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new SocketTimeoutException("no answer within the read timeout of " + config.readTimeout());
        }
        return cause;
    }

    /** A connection not had within the connect timeout (connecting, or waiting for one of the pool's). */
    private Throwable asConnectTimeout(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new ConnectException("no connection within the connect timeout of " + config.connectTimeout());
        }
        return cause;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
