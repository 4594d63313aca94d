package org.greenhouse.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one way the code base runs statements as a unit: commit when the work returns, roll back on anything
 * it throws (an {@link Error} such as OutOfMemoryError too), and never let the connection's return to
 * autocommit commit what a failed rollback left behind.
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

    private static void abort(Connection connection, Throwable failure) {
        try {
            connection.abort(Runnable::run);
        } catch (Throwable abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }
}
