import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fast plant API in a process of its own, for the plant pipeline's throughput benchmark (bench/plant-bench.sh):
 * answers {@code GET /plants/{id}} for ids 1..PLANTS with the recorded responses of FIXTURES (the current API
 * shape, ../shared/fixtures/plant-api/current), plant i getting recording i-1 modulo their number, with its own
 * id and a fresh recording time, like ../shared/bench/latency_sim.py but without latency and without Python.
 * Other ids get the API's "plant not found" body with a 404.
 *
 * <p>HTTP/1.1 keep-alive on one thread with non-blocking sockets (java.nio), headers and body in one write with
 * TCP_NODELAY, no dependencies: JDK's built-in HTTP server, used before, took 40 µs of CPU per request here, a
 * third of what the app spent on the same request, on the same two cores.
 *
 * <p>Usage: java bench/PlantApiSim.java PORT PLANTS FIXTURES
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
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("plant API on 127.0.0.1:" + port + ", " + plants + " plants, " + templates.size()
                + " recordings");
        while (true) {
            selector.select();
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                try {
                    if (key.isAcceptable()) {
                        SocketChannel client = server.accept();
                        if (client != null) {
                            client.configureBlocking(false);
                            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            client.register(selector, SelectionKey.OP_READ, new Connection());
                        }
                    } else {
                        Connection connection = (Connection) key.attachment();
                        if (key.isWritable()) {
                            connection.flush(key);
                        }
                        if (key.isValid() && key.isReadable()) {
                            connection.read(key, templates, plants);
                        }
                    }
                } catch (IOException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    /** One client connection: what it sent and has not been answered yet, and what is not written yet. */
    private static final class Connection {
        private ByteBuffer in = ByteBuffer.allocate(8192);
        private ByteBuffer out = ByteBuffer.allocate(0);

        void read(SelectionKey key, List<Template> templates, int plants) throws IOException {
            SocketChannel channel = (SocketChannel) key.channel();
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                key.cancel();
                channel.close();
                return;
            }
            // answer every complete request (the bench's client sends GETs without a body)
            in.flip();
            int end;
            while ((end = headersEnd(in)) >= 0) {
                String head = StandardCharsets.ISO_8859_1.decode(in.slice(in.position(), end - in.position())).toString();
                in.position(end + 4);
                append(answer(head, templates, plants));
            }
            in.compact();
            flush(key);
        }

        /** Writes what it can; the rest waits for the socket to take more. */
        void flush(SelectionKey key) throws IOException {
            ((SocketChannel) key.channel()).write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void append(byte[] response) {
            if (out.remaining() == 0) {
                out = ByteBuffer.wrap(response);
                return;
            }
            ByteBuffer joined = ByteBuffer.allocate(out.remaining() + response.length);
            out = joined.put(out).put(response).flip();
        }

        /** Where the first request's headers end (the index of its blank line), or -1 while they are incomplete. */
        private static int headersEnd(ByteBuffer buffer) {
            for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
                if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                        && buffer.get(i + 3) == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The whole response to a request whose head (request line and headers) is {@code head}. */
    private static byte[] answer(String head, List<Template> templates, int plants) {
        String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        int id;
        try {
            id = target.startsWith("/plants/") ? Integer.parseInt(target.substring("/plants/".length())) : -1;
        } catch (NumberFormatException e) {
            id = -1;
        }
        byte[] body;
        String status;
        if (id >= 1 && id <= plants) {
            body = templates.get((id - 1) % templates.size())
                    .render(id, LocalDateTime.now(ZoneOffset.UTC).format(MICROS));
            status = "200 OK";
        } else {
            body = ("{\"error\": \"plant not found\", \"plant_id\": " + id + "}").getBytes(StandardCharsets.UTF_8);
            status = "404 Not Found";
        }
        byte[] headers = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[headers.length + body.length];
        System.arraycopy(headers, 0, response, 0, headers.length);
        System.arraycopy(body, 0, response, headers.length, body.length);
        return response;
    }
}
