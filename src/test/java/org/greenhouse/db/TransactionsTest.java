package org.greenhouse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one transaction helper, on a real H2 database: whatever the work throws, nothing of it stays. */
class TransactionsTest {

    private static final String URL = "jdbc:h2:mem:transactions;DB_CLOSE_DELAY=-1";
    private Connection keeper;

    @BeforeEach
    void table() throws SQLException {
        keeper = DriverManager.getConnection(URL);
        try (Statement statement = keeper.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void drop() throws SQLException {
        try (Statement statement = keeper.createStatement()) {
            statement.execute("DROP TABLE item");
        }
        keeper.close();
    }

    private static void insert(Connection connection, int id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO item VALUES (" + id + ")");
        }
    }

    private long rows() throws SQLException {
        try (Statement statement = keeper.createStatement(); ResultSet count = statement.executeQuery(
                "SELECT COUNT(*) FROM item")) {
            count.next();
            return count.getLong(1);
        }
    }

    @Test
    void workThatReturnsIsCommitted() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL)) {
            int result = Transactions.inTransaction(connection, c -> {
                insert(c, 1);
                return 7;
            });
            assertEquals(7, result);
            assertTrue(connection.getAutoCommit(), "the connection is back in autocommit");
        }
        assertEquals(1, rows());
    }

    @Test
    void anErrorRollsBackLikeAnyFailure() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL)) {
            assertThrows(OutOfMemoryError.class, () -> Transactions.inTransaction(connection, c -> {
                insert(c, 1);
                throw new OutOfMemoryError("simulated");
            }));
            // back in autocommit: had the partial work been left open, this would commit it
            assertTrue(connection.getAutoCommit());
        }
        assertEquals(0, rows(), "nothing of the failed work is stored");
    }

    @Test
    void sqlAndRuntimeFailuresRollBack() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL)) {
            assertThrows(SQLException.class, () -> Transactions.inTransaction(connection, c -> {
                insert(c, 1);
                insert(c, 1);
                return null;
            }));
            assertThrows(IllegalStateException.class, () -> Transactions.inTransaction(connection, c -> {
                insert(c, 2);
                throw new IllegalStateException("simulated");
            }));
        }
        assertEquals(0, rows());
    }

    @Test
    void aFailedRollbackAbortsTheConnectionInsteadOfCommitting() throws SQLException {
        Connection connection = DriverManager.getConnection(URL);
        SQLException failure = assertThrows(SQLException.class, () -> Transactions.inTransaction(connection, c -> {
            insert(c, 1);
            // the connection breaks mid-transaction: the rollback fails too
            c.close();
            throw new SQLException("connection lost");
        }));
        assertEquals("connection lost", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length, "the failed rollback is kept with the failure");
        assertEquals(0, rows());
    }
}
