package org.greenhouse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            statement.execute("CREATE TABLE store_lock (lock_name VARCHAR(50) PRIMARY KEY, taken_at TIMESTAMP(3))");
            statement.execute("INSERT INTO store_lock (lock_name) VALUES ('cycle')");
        }
    }

    @AfterEach
    void drop() throws SQLException {
        try (Statement statement = keeper.createStatement()) {
            statement.execute("DROP TABLE item");
            statement.execute("DROP TABLE store_lock");
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

    @Test
    void lockedTransactionsOfTwoConnectionsRunOneAfterTheOtherAndTheSecondSeesTheFirst() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (Connection a = DriverManager.getConnection(URL); Connection b = DriverManager.getConnection(URL)) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> lockedOrFail(a, c -> {
                insert(c, 1);
                firstInside.countDown();
                releaseFirst.await(30, TimeUnit.SECONDS);
                return null;
            }));
            assertTrue(firstInside.await(30, TimeUnit.SECONDS));
            CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> lockedOrFail(b, c -> {
                try (Statement statement = c.createStatement(); ResultSet count = statement.executeQuery(
                        "SELECT COUNT(*) FROM item")) {
                    count.next();
                    insert(c, 2);
                    return count.getLong(1);
                }
            }));
            awaitBlockedSession();
            releaseFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            assertEquals(1L, second.get(30, TimeUnit.SECONDS), "the second ran after the first committed");
        }
        assertEquals(2, rows());
    }

    @Test
    void aLockedTransactionGivesUpAfterItsPatienceNamingTheLock() throws Exception {
        try (Connection holder = DriverManager.getConnection(URL); Connection waiter = DriverManager.getConnection(URL)) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeUpdate("UPDATE store_lock SET taken_at = CURRENT_TIMESTAMP WHERE lock_name = 'cycle'");
            }
            long started = System.nanoTime();
            SQLException failure = assertThrows(SQLException.class, () -> Transactions.inLockedTransaction(waiter,
                    "cycle", Duration.ofSeconds(3), c -> {
                        insert(c, 1);
                        return null;
                    }));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // H2 gives up a lock wait after two seconds; the transaction tried again until its patience ran out
            assertTrue(waited.compareTo(Duration.ofSeconds(3)) >= 0, "gave up after " + waited);
            assertTrue(failure.getMessage().startsWith("store lock 'cycle': gave up after waiting 3 s"),
                    failure.getMessage());
            holder.rollback();
        }
        assertEquals(0, rows());
    }

    @Test
    void aLockedTransactionWithoutItsLockRowFailsNamingIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL)) {
            SQLException failure = assertThrows(SQLException.class, () -> Transactions.inLockedTransaction(connection,
                    "unknown", Duration.ofSeconds(5), c -> {
                        insert(c, 1);
                        return null;
                    }));
            assertTrue(failure.getMessage().contains("store_lock has no row 'unknown'"), failure.getMessage());
        }
        assertEquals(0, rows());
    }

    private static <T> T lockedOrFail(Connection connection, Transactions.Work<T, Exception> work) {
        try {
            return Transactions.inLockedTransaction(connection, "cycle", Duration.ofSeconds(30), work);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitBlockedSession() throws Exception {
        for (int i = 0; i < 3000; i++) {
            try (Statement statement = keeper.createStatement(); ResultSet blocked = statement.executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
                blocked.next();
                if (blocked.getLong(1) > 0) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("the second transaction never waited for the lock");
    }
}
