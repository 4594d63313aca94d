package org.greenhouse.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

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
    private final AgroalDataSource pool;
    private volatile boolean migrated;

    @Inject
    public Database(DatabaseConfig settings) throws SQLException {
        this.vendor = Vendor.of(settings.url());
        this.migrationLocation = Vendor.migrationLocation(settings.url());
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

    void migrateAtStartup(@Observes StartupEvent started) {
        try {
            ensureMigrated();
        } catch (RuntimeException e) {
            LOG.errorf("Database not migrated at startup (%s); readiness stays DOWN and the next cycle tries again",
                    e.getMessage());
        }
    }

    /** Applies the vendor's pending Flyway migrations once per process. */
    public synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations(migrationLocation)
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        LOG.infof("Database schema (%s) at version %s, %d migration(s) applied now", vendor,
                flyway.info().current().getVersion(), applied);
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

    /** Whether the database answers now; for the readiness check. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @PreDestroy
    public void close() {
        pool.close();
    }
}
