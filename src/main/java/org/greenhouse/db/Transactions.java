package org.greenhouse.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The one way the code base runs statements as a unit: commit when the work returns, roll back on anything
 * it throws (an {@link Error} such as OutOfMemoryError too), and never let the connection's return to
 * autocommit commit what a failed rollback left behind. Transactions that must not overlap across processes
 * (two replicas, Lambda invocations) hold a row of {@code store_lock} while they run.
 */
public final class Transactions {

    /** Work on a connection inside a transaction; {@code E} is what else it may throw besides SQL failures. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(Connection connection) throws SQLException, E;
    }

    private Transactions() {
    }

    public static <T, E extends Exception> T inTransaction(Connection connection, Work<T, E> work)
            throws SQLException, E {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
            connection.commit();
        } catch (Throwable failure) {
            try {
                connection.rollback();
            } catch (Throwable rollbackFailed) {
                failure.addSuppressed(rollbackFailed);
                // setAutoCommit(true) would commit the open transaction: drop the connection instead
                abort(connection, failure);
                throw failure;
            }
            connection.setAutoCommit(autoCommit);
            throw failure;
        }
        connection.setAutoCommit(autoCommit);
        return result;
    }

    /**
     * Runs the work in one transaction that first takes the named row of {@code store_lock} and holds its lock
     * until it ends: such transactions of every process on the database run one after the other, and each
     * sees what the one before it committed (every supported database reads committed data by default). A
     * lock conflict lost on the way (a lock wait that timed out, as H2's do after two seconds, or a deadlock)
     * rolls back and runs the whole work again, until {@code patience} is used up.
     */
    public static <T, E extends Exception> T inLockedTransaction(Connection connection, String lock,
            Duration patience, Work<T, E> work) throws SQLException, E {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            AtomicBoolean locked = new AtomicBoolean();
            try {
                return inTransaction(connection, c -> {
                    take(c, lock, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)));
                    locked.set(true);
                    return work.run(c);
                });
            } catch (SQLException failure) {
                boolean conflict = isLockConflict(failure);
                boolean lockWaitEnded = !locked.get() && isTimeout(failure);
                if (conflict && System.nanoTime() < deadline) {
                    continue;
                }
                if (conflict || lockWaitEnded) {
                    throw new SQLException("store lock '" + lock + "': gave up after waiting " + patience.toSeconds()
                            + " s for locks that another process's transaction holds", failure.getSQLState(), failure);
                }
                throw failure;
            }
        }
    }

    /** Waits for the lock row, at most {@code remaining}: the JDBC query timeout bounds any database's wait. */
    private static void take(Connection connection, String lock, Duration remaining) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE store_lock SET taken_at = ? WHERE lock_name = ?")) {
            update.setQueryTimeout((int) Math.max(1, (remaining.toMillis() + 999) / 1000));
            update.setObject(1, Sql.utc(Instant.now()));
            update.setString(2, lock);
            if (update.executeUpdate() != 1) {
                throw new SQLException("table store_lock has no row '" + lock + "' (migration V7 adds it)");
            }
        }
    }

    /** Whether the failure is a lock conflict that another attempt may win. */
    static boolean isLockConflict(SQLException failure) {
        return anyInChain(failure, e -> {
            String state = e.getSQLState();
            // 40xxx: deadlock or serialization failure (every vendor); HYT00: H2's lock wait timed out;
            // 55P03: PostgreSQL's lock_timeout; 1222: SQL Server's lock request timed out
            return state != null && (state.startsWith("40") || state.equals("HYT00") || state.equals("55P03"))
                    || e.getErrorCode() == 1222;
        });
    }

    /** A statement cancelled by its query timeout: 57014 (PostgreSQL, H2), HY008 (SQL Server). */
    private static boolean isTimeout(SQLException failure) {
        return anyInChain(failure, e -> e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())
                || "HY008".equals(e.getSQLState()));
    }

    /** Tests the failure, its causes and the failures a batch chains to it. */
    private static boolean anyInChain(SQLException failure, Predicate<SQLException> test) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof SQLException sql && test.test(sql)) {
                    return true;
                }
            }
            if (e.getNextException() == e) {
                break;
            }
        }
        return false;
    }

    private static void abort(Connection connection, Throwable failure) {
        try {
            connection.abort(Runnable::run);
        } catch (Throwable abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }
}
