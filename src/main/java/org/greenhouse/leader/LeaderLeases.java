package org.greenhouse.leader;

import static org.greenhouse.db.Sql.instant;
import static org.greenhouse.db.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.greenhouse.db.Database;

/**
 * The leader_lease table: one lease per name, held by one app instance until it expires. Its holder renews
 * it; another instance takes it over only once it has expired. Every statement is a single-row update on
 * the primary key, so two instances racing for an expired lease cannot both win.
 */
@ApplicationScoped
public class LeaderLeases {

    /** Who holds a lease, and until when. */
    public record Lease(String holder, Instant expiresAt) {
    }

    private final Database database;

    @Inject
    public LeaderLeases(Database database) {
        this.database = database;
    }

    /**
     * Renews the lease if {@code holder} has it, takes it over if it has expired, and returns the lease as it
     * stands then: held by {@code holder}, or by the instance that leads.
     */
    public Lease acquire(String lease, String holder, Instant now, Duration duration) throws SQLException {
        Instant expiresAt = now.plus(duration);
        try (Connection connection = database.connection()) {
            if (renew(connection, lease, holder, expiresAt) || takeOver(connection, lease, holder, now, expiresAt)) {
                return new Lease(holder, expiresAt);
            }
            Optional<Lease> held = current(connection, lease);
            if (held.isEmpty() && create(connection, lease, holder, now, expiresAt)) {
                return new Lease(holder, expiresAt);
            }
            // held by another instance, or created by one a moment ago
            return held.isPresent() ? held.get() : current(connection, lease).orElseThrow();
        }
    }

    /** Ends the lease now if {@code holder} has it, so another instance need not wait for it to expire. */
    public void release(String lease, String holder, Instant now) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE leader_lease SET expires_at = ? WHERE lease_name = ? AND holder = ?")) {
            update.setObject(1, utc(now));
            update.setString(2, lease);
            update.setString(3, holder);
            update.executeUpdate();
        }
    }

    private static boolean renew(Connection connection, String lease, String holder, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE leader_lease SET expires_at = ? WHERE lease_name = ? AND holder = ?")) {
            update.setObject(1, utc(expiresAt));
            update.setString(2, lease);
            update.setString(3, holder);
            return update.executeUpdate() == 1;
        }
    }

    private static boolean takeOver(Connection connection, String lease, String holder, Instant now,
            Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE leader_lease"
                + " SET holder = ?, acquired_at = ?, expires_at = ? WHERE lease_name = ? AND expires_at < ?")) {
            update.setString(1, holder);
            update.setObject(2, utc(now));
            update.setObject(3, utc(expiresAt));
            update.setString(4, lease);
            update.setObject(5, utc(now));
            return update.executeUpdate() == 1;
        }
    }

    private static boolean create(Connection connection, String lease, String holder, Instant now,
            Instant expiresAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO leader_lease (lease_name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, lease);
            insert.setString(2, holder);
            insert.setObject(3, utc(now));
            insert.setObject(4, utc(expiresAt));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            // class 23, integrity constraint violation: another instance created the lease first
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<Lease> current(Connection connection, String lease) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT holder, expires_at FROM leader_lease WHERE lease_name = ?")) {
            select.setString(1, lease);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Lease(row.getString(1), instant(row, 2)))
                        : Optional.empty();
            }
        }
    }
}
