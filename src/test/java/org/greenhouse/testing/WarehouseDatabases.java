package org.greenhouse.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.h2.tools.Server;

/**
 * The warehouse pipeline's two other databases, each reached by the app through a {@link TcpProxy} (a test cuts
 * it for an outage) and by the test directly: a totesys source and a warehouse target. Vendor "postgresql":
 * schemas of their own in the server named by GREENHOUSE_TEST_PG_URL, new each run; "h2": in-process H2.
 */
public class WarehouseDatabases implements QuarkusTestResourceLifecycleManager {

    private static final String SOURCE_SCHEMA = "wh_totesys_test";
    private static final String TARGET_SCHEMA = "wh_target_test";

    private static volatile TcpProxy sourceProxy;
    private static volatile TcpProxy targetProxy;
    private static volatile String sourceUrl;
    private static volatile String targetUrl;
    private static volatile String user;
    private String vendor;
    private Server h2;

    @Override
    public void init(Map<String, String> args) {
        vendor = args.getOrDefault("vendor", "h2");
    }

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config = new HashMap<>();
            if ("postgresql".equals(vendor)) {
                String server = System.getenv(TestDatabase.PG_URL_ENV);
                user = System.getenv().getOrDefault("GREENHOUSE_TEST_PG_USER", "postgres");
                URI uri = URI.create(server.substring("jdbc:".length()));
                sourceProxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
                targetProxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
                sourceUrl = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + SOURCE_SCHEMA;
                targetUrl = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + TARGET_SCHEMA;
                try (Connection c = DriverManager.getConnection(server, user, ""); Statement s = c.createStatement()) {
                    for (String schema : List.of(SOURCE_SCHEMA, TARGET_SCHEMA)) {
                        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                        s.execute("CREATE SCHEMA " + schema);
                    }
                }
                config.put("greenhouse.warehouse.source.url", viaProxy(sourceUrl, sourceProxy));
                config.put("greenhouse.warehouse.target.url", viaProxy(targetUrl, targetProxy));
            } else {
                h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
                user = "sa";
                sourceProxy = new TcpProxy("127.0.0.1", h2.getPort());
                targetProxy = new TcpProxy("127.0.0.1", h2.getPort());
                String source = "/mem:wh-totesys;DB_CLOSE_DELAY=-1";
                String target = "/mem:wh-target;DB_CLOSE_DELAY=-1;NON_KEYWORDS=YEAR,MONTH,DAY";
                sourceUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + source;
                targetUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + target;
                config.put("greenhouse.warehouse.source.url", "jdbc:h2:tcp://127.0.0.1:" + sourceProxy.port() + source);
                config.put("greenhouse.warehouse.target.url", "jdbc:h2:tcp://127.0.0.1:" + targetProxy.port() + target);
            }
            config.put("greenhouse.warehouse.source.username", user);
            config.put("greenhouse.warehouse.target.username", user);
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("warehouse test databases could not start", e);
        }
    }

    private static String viaProxy(String url, TcpProxy proxy) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
    }

    @Override
    public void stop() {
        try {
            sourceProxy.close();
            targetProxy.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    public static TcpProxy sourceProxy() {
        return sourceProxy;
    }

    public static TcpProxy targetProxy() {
        return targetProxy;
    }

    public static boolean postgres() {
        return sourceUrl.startsWith("jdbc:postgresql:");
    }

    public static Connection source() throws SQLException {
        return DriverManager.getConnection(sourceUrl, user, "");
    }

    public static Connection target() throws SQLException {
        return DriverManager.getConnection(targetUrl, user, "");
    }

    /** The rows of a query on the warehouse, each as column label (lower case) to value. */
    public static List<Map<String, Object>> targetRows(String sql, Object... parameters) throws SQLException {
        try (Connection c = target()) {
            return rows(c, sql, parameters);
        }
    }

    public static long targetCount(String table) throws SQLException {
        return ((Number) targetRows("SELECT COUNT(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                        row.put(result.getMetaData().getColumnLabel(column).toLowerCase(), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
