package org.greenhouse.events;

import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;

/** The event_delivery table: per shard, what is delivered and what is being delivered. */
@ApplicationScoped
public class DeliveryProgress {

    @Inject
    Database database;

    /** A shard's progress; all null for a shard never delivered from. */
    public record Shard(String deliveredSeq, String pendingFirstSeq, String pendingLastSeq, String pendingKey) {

        boolean hasPending() {
            return pendingKey != null;
        }
    }

    public Shard load(String stream, String shardId) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT delivered_seq, pending_first_seq, pending_last_seq, pending_key FROM event_delivery "
                        + "WHERE stream = ? AND shard_id = ?")) {
            query.setString(1, stream);
            query.setString(2, shardId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new Shard(row.getString(1), row.getString(2), row.getString(3), row.getString(4))
                        : new Shard(null, null, null, null);
            }
        }
    }

    /** Records the range about to be written, before its object is: a crash then redelivers exactly it. */
    public void plan(String stream, String shardId, String firstSeq, String lastSeq, String key) throws SQLException {
        database.inTransaction(connection -> {
            insertIfMissing(connection, stream, shardId);
            update(connection, "UPDATE event_delivery SET pending_first_seq = ?, pending_last_seq = ?, "
                    + "pending_key = ?, updated_at = ? WHERE stream = ? AND shard_id = ?", firstSeq, lastSeq, key,
                    stream, shardId);
            return null;
        });
    }

    /** The range's object is stored and confirmed: the shard is delivered up to {@code lastSeq}. */
    public void delivered(String stream, String shardId, String lastSeq) throws SQLException {
        try (Connection connection = database.connection()) {
            update(connection, "UPDATE event_delivery SET delivered_seq = ?, pending_first_seq = NULL, "
                    + "pending_last_seq = NULL, pending_key = NULL, updated_at = ? WHERE stream = ? AND shard_id = ?",
                    lastSeq, stream, shardId);
        }
    }

    private static void insertIfMissing(Connection connection, String stream, String shardId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_delivery (stream, shard_id, "
                + "updated_at) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM event_delivery WHERE stream = ? "
                + "AND shard_id = ?)")) {
            insert.setString(1, stream);
            insert.setString(2, shardId);
            insert.setObject(3, utc(Instant.now()));
            insert.setString(4, stream);
            insert.setString(5, shardId);
            insert.executeUpdate();
        }
    }

    /** Runs an update whose parameters are {@code values}, then the time, then stream and shard. */
    private static void update(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            for (int v = 0; v < values.length - 2; v++) {
                update.setString(i++, values[v]);
            }
            update.setObject(i++, utc(Instant.now()));
            update.setString(i++, values[values.length - 2]);
            update.setString(i, values[values.length - 1]);
            update.executeUpdate();
        }
    }
}
