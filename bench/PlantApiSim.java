import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast plant API in a process of its own, for the plant pipeline's throughput benchmark (bench/plant-bench.sh):
 * answers {@code GET /plants/{id}} for ids 1..PLANTS with the recorded responses of FIXTURES (the current API
 * shape, ../shared/fixtures/plant-api/current), plant i getting recording i-1 modulo their number, with its own
 * id and a fresh recording time, like ../shared/bench/latency_sim.py but without latency and without Python.
 * Other ids get the API's "plant not found" body. HTTP/1.1 keep-alive, JDK's built-in server, no dependencies.
 *
 * Usage: java -Dsun.net.httpserver.nodelay=true bench/PlantApiSim.java PORT PLANTS FIXTURES [THREADS] (without
 * TCP_NODELAY the server's separate header and body writes wait out the client's delayed ACK on a kept-alive
 * connection).
 */
public final class PlantApiSim {

    private static final Pattern PLANT_ID = Pattern.compile("\"plant_id\"\\s*:\\s*\\d+");
    private static final Pattern RECORDING = Pattern.compile("\"recording_taken\"\\s*:\\s*\"[^\"]*\"");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    /** A recorded body cut around its plant id and recording time: head, id, middle, time, tail. */
    private record Template(String head, String middle, String tail, boolean idFirst) {
        byte[] render(int id, String recordingTaken) {
            String first = idFirst ? "\"plant_id\": " + id : "\"recording_taken\": \"" + recordingTaken + "\"";
            String second = idFirst ? "\"recording_taken\": \"" + recordingTaken + "\"" : "\"plant_id\": " + id;
            return (head + first + middle + second + tail).getBytes(StandardCharsets.UTF_8);
        }

        static Template of(String body) {
            Matcher id = PLANT_ID.matcher(body);
            Matcher time = RECORDING.matcher(body);
            if (!id.find() || !time.find()) {
                throw new IllegalArgumentException("a recording without plant_id or recording_taken");
            }
            Matcher first = id.start() < time.start() ? id : time;
            Matcher second = first == id ? time : id;
            return new Template(body.substring(0, first.start()), body.substring(first.end(), second.start()),
                    body.substring(second.end()), first == id);
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int plants = Integer.parseInt(args[1]);
        List<Template> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                templates.add(Template.of(Files.readString(file)));
            }
        }
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/plants/", exchange -> answer(exchange, templates, plants));
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        System.out.println("plant API on 127.0.0.1:" + port + ", " + plants + " plants, " + templates.size()
                + " recordings");
    }

    private static void answer(HttpExchange exchange, List<Template> templates, int plants) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int id;
        try {
            id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            id = -1;
        }
        byte[] body;
        int status;
        if (id >= 1 && id <= plants) {
            body = templates.get((id - 1) % templates.size())
                    .render(id, LocalDateTime.now(ZoneOffset.UTC).format(MICROS));
            status = 200;
        } else {
            body = ("{\"error\": \"plant not found\", \"plant_id\": " + id + "}").getBytes(StandardCharsets.UTF_8);
            status = 404;
        }
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
