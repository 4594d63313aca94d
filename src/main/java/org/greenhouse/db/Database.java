package org.greenhouse.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * The application's one connection pool. The vendor follows the JDBC URL at run time, so one build serves
 * H2, PostgreSQL and SQL Server; Quarkus's own datasource would fix the vendor when the app is built.
 * The schema is migrated at startup and, if the database was unreachable then, before the next use.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final Vendor vendor;
    private final String migrationLocation;
    private final String historyTable;
    private final boolean adoptExistingSchema;
    private final AgroalDataSource pool;
    private volatile boolean migrated;

    @Inject
    public Database(DatabaseConfig settings, SchemaAdoption adoption) throws SQLException {
        this(settings, adoption.enabled());
    }

    /** A database whose schema is empty or Greenhouse's already (an existing one is never adopted). */
    public Database(DatabaseConfig settings) throws SQLException {
        this(settings, false);
    }

    private Database(DatabaseConfig settings, boolean adoptExistingSchema) throws SQLException {
        this(settings, adoptExistingSchema, Vendor.migrationLocation(settings.url()), "flyway_schema_history");
    }

    /**
     * A pool for a database other than the app's (the warehouse pipeline's source and target): migrated from
     * its own Flyway location with its own history table, so it never mixes with the app's schema; a null
     * location is never migrated (a database someone else owns).
     */
    public static Database other(DatabaseConfig settings, String migrationLocation, String historyTable)
            throws SQLException {
        return new Database(settings, false, migrationLocation, historyTable);
    }

    private Database(DatabaseConfig settings, boolean adoptExistingSchema, String migrationLocation,
            String historyTable) throws SQLException {
        this.adoptExistingSchema = adoptExistingSchema;
        this.vendor = Vendor.of(settings.url());
        this.migrationLocation = migrationLocation;
        this.historyTable = historyTable;
        this.migrated = migrationLocation == null;
        var config = new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .minSize(0)
                .maxSize(settings.maxPoolSize())
                .acquisitionTimeout(settings.acquisitionTimeout())
                // a connection broken by an outage is replaced instead of failing the next cycle
                .validateOnBorrow(true)
                .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(5))
                .connectionFactoryConfiguration(factory -> {
                    factory.jdbcUrl(settings.url()).connectionProviderClassName(vendor.driverClass())
                            .loginTimeout(settings.acquisitionTimeout());
                    settings.username().ifPresent(name -> factory.principal(new NamePrincipal(name)));
                    settings.password().ifPresent(secret -> factory.credential(new SimplePassword(secret)));
                    return factory;
                }));
        this.pool = AgroalDataSource.from(config);
    }

    /**
     * Migrates as the app starts. A database that is away is waited for (readiness stays DOWN, the next use
     * tries again); a schema that holds someone else's tables stops the start, since waiting cannot mend it.
     */
    void migrateAtStartup(@Observes StartupEvent started) {
        try {
            ensureMigrated();
        } catch (ExistingSchemaException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isAuthenticationFailure(e)) {
                LOG.errorf("Database refused the login (authentication failed): check greenhouse.db.username and "
                        + "greenhouse.db.password; readiness stays DOWN and the next cycle tries again (%s)",
                        e.getMessage());
            } else {
                LOG.errorf("Database not migrated at startup (%s); readiness stays DOWN and the next cycle tries "
                        + "again", e.getMessage());
            }
        }
    }

    /**
     * Applies the vendor's pending Flyway migrations once per process. A schema with tables but no Greenhouse
     * history is refused unless greenhouse.db.adopt-existing-schema says to put Greenhouse's tables next to
     * them (Flyway then records a baseline, version 0, before V1).
     */
    public synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations(migrationLocation)
                .table(historyTable)
                .baselineOnMigrate(adoptExistingSchema)
                .baselineVersion("0")
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            List<String> foreign = adoptExistingSchema ? List.of() : tablesWithoutGreenhouseHistory();
            if (!foreign.isEmpty()) {
                throw new ExistingSchemaException(foreign, e);
            }
            throw e;
        }
        // the version from the result: flyway.info() would scan the migrations and read the history again
        LOG.infof("Database schema (%s) at version %s, %d migration(s) applied now", vendor,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        migrated = true;
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** A pooled connection, on a migrated schema. */
    public Connection connection() throws SQLException {
        ensureMigrated();
        return pool.getConnection();
    }

    /** Runs the work in one transaction on a pooled connection (see {@link Transactions}). */
    public <T, E extends Exception> T inTransaction(Transactions.Work<T, E> work) throws SQLException, E {
        try (Connection connection = connection()) {
            return Transactions.inTransaction(connection, work);
        }
    }

    /**
     * Runs the work in one transaction that holds the named store lock, so such transactions of every process
     * on this database run one at a time (see {@link Transactions#inLockedTransaction}).
     */
    public <T, E extends Exception> T inLockedTransaction(String lock, Duration patience,
            Transactions.Work<T, E> work) throws SQLException, E {
        try (Connection connection = connection()) {
            return Transactions.inLockedTransaction(connection, lock, patience, work);
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    /** The tables of the schema, when it has no Flyway history of Greenhouse's; else none. */
    private List<String> tablesWithoutGreenhouseHistory() {
        List<String> tables = new ArrayList<>();
        try (Connection connection = pool.getConnection();
                ResultSet rows = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(),
                        "%", new String[] { "TABLE" })) {
            while (rows.next()) {
                String table = rows.getString("TABLE_NAME");
                if (table.equalsIgnoreCase(historyTable)) {
                    return List.of();
                }
                tables.add(table);
            }
        } catch (SQLException e) {
            return List.of(); // Flyway's own failure says more
        }
        return tables;
    }

    /** How the database answers now; for the readiness check. */
    public Reachability reachability() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2) ? new Reachability(true, null)
                    : new Reachability(false, "the connection did not answer within 2 s");
        } catch (SQLException e) {
            return isAuthenticationFailure(e)
                    ? new Reachability(true, "authentication failed: check greenhouse.db.username and "
                            + "greenhouse.db.password")
                    : new Reachability(false, e.getMessage());
        }
    }

    /**
     * @param reachable whether the database answered (it may have refused the login)
     * @param problem what keeps the app from using it; null when nothing does
     */
    public record Reachability(boolean reachable, String problem) {
    }

    /** The database refused the login: SQLState class 28 (H2, PostgreSQL), SQL Server's error 18456. */
    static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException e && (e.getSQLState() != null && e.getSQLState().startsWith("28")
                    || e.getErrorCode() == 18456)) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    public void close() {
        pool.close();
    }
}
