package org.greenhouse.testing;

import java.net.URI;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.greenhouse.db.Vendor;
import org.h2.tools.Server;

/**
 * The database a test profile runs against, reached by the app through a {@link TcpProxy} (so a test can
 * cause an outage) and by the test directly (to check what was stored, with a connection of its own).
 * H2 runs as an in-process TCP server (vendor "h2", or "h2-sqlserver": H2 in SQL Server mode, comparing text
 * ignoring case as SQL Server's default collation does); PostgreSQL is the server named by GREENHOUSE_TEST_PG_URL.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String PG_URL_ENV = "GREENHOUSE_TEST_PG_URL";
    private static final String PG_SCHEMA = "greenhouse_test";
    private static final String[] TABLES_CHILD_FIRST = { "warehouse_reject", "warehouse_run", "warehouse_watermark", "event_delivery_loss", "event_delivery", "batch_run", "archive_object", "archive_run", "rejected_reading", "plant_reading", "pipeline_run", "plant",
            "botanist", "origin", "city", "country" };

    private static volatile TcpProxy proxy;
    private static volatile String directUrl;
    private static volatile Properties credentials;
    private String vendor;
    private Server h2;

    @Override
    public void init(Map<String, String> args) {
        vendor = args.getOrDefault("vendor", "h2");
    }

    @Override
    public Map<String, String> start() {
        try {
            String appUrl;
            credentials = new Properties();
            if ("postgresql".equals(vendor)) {
                // a schema of the tests' own, new each run: no state from earlier runs or other users
                String serverUrl = System.getenv(PG_URL_ENV);
                directUrl = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA;
                URI server = URI.create(serverUrl.substring("jdbc:".length()));
                proxy = new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
                appUrl = directUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
                credentials.setProperty("user", envOr("GREENHOUSE_TEST_PG_USER", "postgres"));
                credentials.setProperty("password", envOr("GREENHOUSE_TEST_PG_PASSWORD", ""));
                try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
                    statement.execute("CREATE SCHEMA " + PG_SCHEMA);
                }
            } else {
                h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
                // "h2-sqlserver": H2 in SQL Server mode with SQL Server's default, case-insensitive comparison
                String database = "h2-sqlserver".equals(vendor)
                        ? "/mem:greenhouse-sqlserver;DB_CLOSE_DELAY=-1;MODE=MSSQLServer;IGNORECASE=TRUE"
                        : "/mem:greenhouse;DB_CLOSE_DELAY=-1";
                directUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + database;
                proxy = new TcpProxy("127.0.0.1", h2.getPort());
                appUrl = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + database;
                credentials.setProperty("user", "sa");
                credentials.setProperty("password", "");
            }
            Map<String, String> config = new HashMap<>();
            config.put("greenhouse.db.url", appUrl);
            config.put("greenhouse.db.username", credentials.getProperty("user"));
            if (!credentials.getProperty("password").isEmpty()) {
                config.put("greenhouse.db.password", credentials.getProperty("password"));
            }
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("test database could not start", e);
        }
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    public static TcpProxy proxy() {
        return proxy;
    }

    /** A connection of the test's own, past the proxy. */
    public static Connection connect() throws SQLException {
        try {
            Driver driver = (Driver) Class.forName(Vendor.of(directUrl).driverClass()).getDeclaredConstructor()
                    .newInstance();
            return driver.connect(directUrl, credentials);
        } catch (ReflectiveOperationException e) {
            throw new SQLException("no JDBC driver for " + directUrl, e);
        }
    }

    /** Empties every table the app writes, so each test starts from nothing. */
    public static void clean() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : TABLES_CHILD_FIRST) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    /** The rows of a query, each as column label (lower case) to value. */
    public static List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                        Object value = result.getObject(column);
                        // CLOB (H2) and TEXT (PostgreSQL) alike come back as strings
                        row.put(result.getMetaData().getColumnLabel(column).toLowerCase(),
                                value instanceof Clob clob ? clob.getSubString(1, (int) clob.length()) : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public static long count(String table) throws SQLException {
        return ((Number) rows("SELECT COUNT(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
