package org.greenhouse.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import org.greenhouse.testing.PlantApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that break off after their headers, which WireMock cannot send (it holds the headers back with a
 * delayed body): a plant API of raw sockets, over real connections, and the client without Camel.
 */
class PlantApiClientTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            + "{\"plant_id\": 1, ";

    private final AtomicInteger requests = new AtomicInteger();
    private ServerSocket api;
    private Vertx vertx;

    @BeforeEach
    void start() throws IOException {
        api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutAndIsRetried() throws Exception {
        serve(out -> {
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(5_000); // longer than the read timeout, shorter than the deadline
        });

        List<PlantOutcome> outcomes = client().fetch(List.of(1), Instant.now().plusSeconds(4));

        assertEquals(List.of(new PlantOutcome.Rejected(1, RejectReason.FETCH_FAILED,
                "SocketTimeoutException: no data within the read timeout of PT0.3S after 3 attempt(s)", null)), outcomes);
        assertEquals(3, requests.get());
    }

    @Test
    void aBodyThatComesSlowlyButNeverFallsSilentForTheReadTimeoutIsRead() throws Exception {
        byte[] plant = PlantApiStub.recordedPlantAs(1, p -> { }).getBytes(StandardCharsets.UTF_8);
        serve(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + plant.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // six pieces 150 ms apart: 750 ms in all, more than the read timeout (300 ms), never silent for it
            int piece = plant.length / 6 + 1;
            for (int at = 0; at < plant.length; at += piece) {
                Thread.sleep(150);
                out.write(plant, at, Math.min(piece, plant.length - at));
                out.flush();
            }
        });

        List<PlantOutcome> outcomes = client().fetch(List.of(1), Instant.now().plusSeconds(4));

        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0) instanceof PlantOutcome.Reading, outcomes.toString());
        assertEquals(1, requests.get());
    }

    @Test
    void aConnectionClosedInTheMiddleOfTheBodyIsRetried() throws Exception {
        serve(out -> {
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });

        List<PlantOutcome> outcomes = client().fetch(List.of(1), Instant.now().plusSeconds(4));

        assertEquals(1, outcomes.size());
        PlantOutcome.Rejected rejected = (PlantOutcome.Rejected) outcomes.get(0);
        assertEquals(RejectReason.FETCH_FAILED, rejected.reason());
        assertTrue(rejected.detail().endsWith(" after 3 attempt(s)"), rejected.detail());
        // reported as the close it was, not as the silence after it
        assertTrue(!rejected.detail().contains("Timeout"), rejected.detail());
        assertEquals(3, requests.get());
    }

    private PlantApiClient client() throws IOException {
        return new PlantApiClient(vertx, PlantSettingsTest.config(Map.of(
                "greenhouse.plant.base-url", "http://127.0.0.1:" + api.getLocalPort(),
                "greenhouse.plant.read-timeout", "300ms",
                "greenhouse.plant.retry.initial-delay", "10ms")));
    }

    interface Answer {
        void write(OutputStream out) throws Exception;
    }

    /** Each connection, on a thread of its own: its request read up to the blank line, {@code answer}, closed. */
    private void serve(Answer answer) {
        Thread acceptor = new Thread(() -> {
            while (!api.isClosed()) {
                try {
                    Socket connection = api.accept();
                    Thread answering = new Thread(() -> answer(connection, answer));
                    answering.setDaemon(true);
                    answering.start();
                } catch (IOException closed) {
                    return; // the test is over
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void answer(Socket connection, Answer answer) {
        try (connection) {
            InputStream in = connection.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            requests.incrementAndGet();
            answer.write(connection.getOutputStream());
        } catch (Exception dropped) {
            // the client dropped the connection
        }
    }
}
