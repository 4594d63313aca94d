package org.greenhouse.alerts;

import static org.greenhouse.db.Sql.instant;
import static org.greenhouse.db.Sql.truncate;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Episodes in table {@code alert_episode} and the alerts they cause in {@code alert_delivery}. A change is a
 * compare-and-set on the row's revision: it is written only if nobody changed the row since it was read.
 */
public class EpisodeStore {

    /** The state of a key as stored, and the revision a change must be based on (0: no row yet). */
    public record Stored(EpisodeState state, long revision) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> DETAILS = new TypeReference<>() {
    };

    private static final String COLUMNS = "alert_key, revision, status, since, failures, first_error, last_error, "
            + "last_failure_at, details FROM alert_episode";

    public Stored read(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " WHERE alert_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? stored(row) : new Stored(EpisodeState.NEVER_FAILED, 0);
            }
        }
    }

    /** Every stored episode whose key starts with {@code prefix} (no LIKE wildcard in it), by key. */
    public Map<String, Stored> readAll(Connection connection, String prefix) throws SQLException {
        Map<String, Stored> episodes = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " WHERE alert_key LIKE ?")) {
            select.setString(1, prefix + "%");
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    episodes.put(row.getString(1), stored(row));
                }
            }
        }
        return episodes;
    }

    private static Stored stored(ResultSet row) throws SQLException {
        return new Stored(new EpisodeState("FAILING".equals(row.getString(3)), instant(row, 4), row.getInt(5),
                row.getString(6), row.getString(7), instant(row, 8), details(row.getString(9))), row.getLong(2));
    }

    /**
     * Writes {@code next} if the row is still at {@code revision}; false when another writer changed it first
     * (then read again and decide again). A row that did not exist (revision 0) is inserted; two writers that
     * insert at once collide on the key, and one of them gets false.
     */
    public boolean write(Connection connection, String key, long revision, EpisodeState next) throws SQLException {
        if (revision == 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_episode (alert_key, "
                    + "revision, status, since, failures, first_error, last_error, last_failure_at, details) "
                    + "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key);
                bind(insert, 2, next);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE alert_episode SET revision = revision + 1, "
                + "status = ?, since = ?, failures = ?, first_error = ?, last_error = ?, last_failure_at = ?, "
                + "details = ? WHERE alert_key = ? AND revision = ?")) {
            bind(update, 1, next);
            update.setString(8, key);
            update.setLong(9, revision);
            return update.executeUpdate() == 1;
        }
    }

    /** Queues one alert for one sink ({@code recipient}: its one address, or null for the sink's own). */
    public void enqueue(Connection connection, String key, String kind, String sink, String subject, String body,
            String recipient, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_delivery (alert_key, kind, sink, "
                + "subject, body, created_at, status, attempts, next_attempt_at, recipient) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, kind);
            insert.setString(3, sink);
            insert.setString(4, subject);
            insert.setString(5, body);
            insert.setObject(6, utc(now));
            insert.setObject(7, utc(now));
            insert.setString(8, recipient);
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, int first, EpisodeState state) throws SQLException {
        statement.setString(first, state.failing() ? "FAILING" : "OK");
        statement.setObject(first + 1, utc(state.since()));
        statement.setInt(first + 2, state.failures());
        statement.setString(first + 3, truncate(state.firstError(), 1000));
        statement.setString(first + 4, truncate(state.lastError(), 1000));
        statement.setObject(first + 5, utc(state.lastFailureAt()));
        statement.setString(first + 6, truncate(json(state.details()), 2000));
    }

    /** Integrity constraint violation (SQLSTATE class 23): PostgreSQL and H2 23505, SQL Server 23000. */
    private static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private static String json(Map<String, String> details) {
        try {
            return details.isEmpty() ? null : JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details not writable as JSON", e);
        }
    }

    private static Map<String, String> details(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, DETAILS);
        } catch (JsonProcessingException e) {
            // cut at the column's bound: the details are a hint where to look, not data
            return Map.of("details", json);
        }
    }
}
