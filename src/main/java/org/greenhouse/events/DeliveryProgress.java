package org.greenhouse.events;

import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;
import org.greenhouse.db.Sql;

/**
 * The event_delivery table: per shard, what is delivered and what is being delivered; and
 * event_delivery_loss: what could no longer be read from the stream. Every change of a shard's progress is
 * conditional on the state it was planned from, so two deliverers of one shard (a replica that lost the lead
 * still finishing a cycle) cannot both move it.
 */
@ApplicationScoped
public class DeliveryProgress {

    private static final int REASON_LIMIT = 2000;

    @Inject
    Database database;

    /** A shard's progress; all null for a shard never delivered from. */
    public record Shard(String deliveredSeq, String pendingFirstSeq, String pendingLastSeq, String pendingKey,
            Integer pendingCount) {

        boolean hasPending() {
            return pendingKey != null;
        }
    }

    /**
     * What could no longer be read: records after {@code afterSeq} (null: from the shard's start), between
     * {@code firstSeq} and {@code lastSeq} where known, {@code records} of them where known.
     */
    public record Loss(String afterSeq, String firstSeq, String lastSeq, Integer records, String reason) {
    }

    public Shard load(String stream, String shardId) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement query = connection.prepareStatement(
                "SELECT delivered_seq, pending_first_seq, pending_last_seq, pending_key, pending_count "
                        + "FROM event_delivery WHERE stream = ? AND shard_id = ?")) {
            query.setString(1, stream);
            query.setString(2, shardId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return new Shard(null, null, null, null, null);
                }
                int count = row.getInt(5);
                return new Shard(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.wasNull() ? null : count);
            }
        }
    }

    /**
     * Records the range about to be written, before its object is: a crash then redelivers exactly it.
     * Returns false (and changes nothing) when the shard is no longer delivered through {@code deliveredSeq}
     * or has a range pending: someone else delivered it meanwhile.
     */
    public boolean plan(String stream, String shardId, String deliveredSeq, String firstSeq, String lastSeq,
            String key, int count) throws SQLException {
        return database.inTransaction(connection -> {
            insertIfMissing(connection, stream, shardId);
            try (PreparedStatement update = connection.prepareStatement("UPDATE event_delivery SET "
                    + "pending_first_seq = ?, pending_last_seq = ?, pending_key = ?, pending_count = ?, updated_at = ? "
                    + "WHERE stream = ? AND shard_id = ? AND pending_key IS NULL AND "
                    + (deliveredSeq == null ? "delivered_seq IS NULL" : "delivered_seq = ?"))) {
                update.setString(1, firstSeq);
                update.setString(2, lastSeq);
                update.setString(3, key);
                update.setInt(4, count);
                update.setObject(5, utc(Instant.now()));
                update.setString(6, stream);
                update.setString(7, shardId);
                if (deliveredSeq != null) {
                    update.setString(8, deliveredSeq);
                }
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * The pending range's object is stored and confirmed: the shard is delivered through {@code lastSeq}.
     * Returns false when the range under {@code key} is no longer the pending one.
     */
    public boolean delivered(String stream, String shardId, String key, String lastSeq) throws SQLException {
        try (Connection connection = database.connection()) {
            return deliveredThrough(connection, stream, shardId, key, lastSeq);
        }
    }

    /**
     * The pending range could be read only in part or not at all: the shard is delivered through its last
     * record all the same, and what was lost is recorded, in one transaction.
     */
    public boolean deliveredWithLoss(String stream, String shardId, String key, String lastSeq, Loss loss)
            throws SQLException {
        return database.inTransaction(connection -> {
            if (!deliveredThrough(connection, stream, shardId, key, lastSeq)) {
                return false;
            }
            insertLoss(connection, stream, shardId, loss);
            return true;
        });
    }

    /**
     * The stream no longer holds the shard's position: delivery starts again from the oldest record the
     * stream holds, and what was lost is recorded, in one transaction. Returns false when the shard's
     * position is no longer {@code deliveredSeq}.
     */
    public boolean restartFromOldest(String stream, String shardId, String deliveredSeq, Loss loss)
            throws SQLException {
        return database.inTransaction(connection -> {
            insertIfMissing(connection, stream, shardId);
            try (PreparedStatement update = connection.prepareStatement("UPDATE event_delivery SET "
                    + "delivered_seq = NULL, pending_first_seq = NULL, pending_last_seq = NULL, pending_key = NULL, "
                    + "pending_count = NULL, updated_at = ? WHERE stream = ? AND shard_id = ? AND "
                    + (deliveredSeq == null ? "delivered_seq IS NULL" : "delivered_seq = ?"))) {
                update.setObject(1, utc(Instant.now()));
                update.setString(2, stream);
                update.setString(3, shardId);
                if (deliveredSeq != null) {
                    update.setString(4, deliveredSeq);
                }
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            insertLoss(connection, stream, shardId, loss);
            return true;
        });
    }

    private static boolean deliveredThrough(Connection connection, String stream, String shardId, String key,
            String lastSeq) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE event_delivery SET delivered_seq = ?, "
                + "pending_first_seq = NULL, pending_last_seq = NULL, pending_key = NULL, pending_count = NULL, "
                + "updated_at = ? WHERE stream = ? AND shard_id = ? AND pending_key = ?")) {
            update.setString(1, lastSeq);
            update.setObject(2, utc(Instant.now()));
            update.setString(3, stream);
            update.setString(4, shardId);
            update.setString(5, key);
            return update.executeUpdate() == 1;
        }
    }

    private static void insertLoss(Connection connection, String stream, String shardId, Loss loss)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_delivery_loss (stream, "
                + "shard_id, after_seq, first_seq, last_seq, records, reason, detected_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, stream);
            insert.setString(2, shardId);
            insert.setString(3, loss.afterSeq());
            insert.setString(4, loss.firstSeq());
            insert.setString(5, loss.lastSeq());
            if (loss.records() == null) {
                insert.setNull(6, Types.INTEGER);
            } else {
                insert.setInt(6, loss.records());
            }
            insert.setString(7, Sql.truncate(loss.reason(), REASON_LIMIT));
            insert.setObject(8, utc(Instant.now()));
            insert.executeUpdate();
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
}
