package org.greenhouse.warehouse;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.greenhouse.archive.ArchiveStore;
import org.greenhouse.archive.ArchiveStores;
import org.greenhouse.archive.LocalArchiveStore;
import org.greenhouse.archive.S3ArchiveStore;
import org.greenhouse.db.Database;
import org.greenhouse.db.DatabaseConfig;
import org.greenhouse.db.Vendor;

/**
 * What the warehouse pipeline works with besides the app's database: the source (read only, never
 * migrated), the target warehouse (its own Flyway location and history), and the two zones. Made when first
 * used, so an app without the pipeline needs none of them; their settings are checked when the app starts.
 */
@ApplicationScoped
public class WarehouseParts {

    /** The target's Flyway migrations and history table: nothing shared with the app's own schema. */
    public static final String TARGET_MIGRATIONS = "classpath:db/warehouse/h2-postgresql";
    public static final String TARGET_HISTORY = "warehouse_schema_history";

    @Inject
    WarehouseConfig config;

    private Database source;
    private Database target;
    private ArchiveStore ingestion;
    private ArchiveStore processed;

    /** Stops the start on a missing or bad setting, naming it. */
    void check(@Observes StartupEvent started) {
        check(config);
    }

    static void check(WarehouseConfig config) {
        if (!config.enabled()) {
            if (config.scheduleEnabled()) {
                throw new IllegalStateException("greenhouse.warehouse.schedule-enabled is true while "
                        + "greenhouse.warehouse.enabled is false: enable the pipeline or turn its schedule off");
            }
            return;
        }
        url("greenhouse.warehouse.source", config.source());
        url("greenhouse.warehouse.target", config.target());
        if (Vendor.of(config.target().url().get()) == Vendor.SQLSERVER) {
            throw new IllegalStateException("greenhouse.warehouse.target.url: the warehouse runs on PostgreSQL or H2");
        }
        zone("greenhouse.warehouse.ingestion", config.ingestion());
        zone("greenhouse.warehouse.processed", config.processed());
        if (config.fetchSize() < 1) {
            throw new IllegalStateException("greenhouse.warehouse.fetch-size must be at least 1, not " + config.fetchSize());
        }
        if (config.loadBatchSize() < 1) {
            throw new IllegalStateException("greenhouse.warehouse.load-batch-size must be at least 1, not "
                    + config.loadBatchSize());
        }
        if (config.rereadWindow().isNegative()) {
            throw new IllegalStateException("greenhouse.warehouse.reread-window must not be negative, not "
                    + config.rereadWindow());
        }
        String ingestion = config.ingestion().prefix();
        String processed = config.processed().prefix();
        if (sameStore(config) && (ingestion.startsWith(processed) || processed.startsWith(ingestion))) {
            throw new IllegalStateException("greenhouse.warehouse.ingestion.prefix and greenhouse.warehouse.processed"
                    + ".prefix must not contain one another in one store (" + ingestion + ", " + processed + ")");
        }
    }

    private static boolean sameStore(WarehouseConfig config) {
        var a = config.ingestion();
        var b = config.processed();
        return a.store() == b.store() && (a.store() == WarehouseConfig.Store.LOCAL
                ? a.localDir().toAbsolutePath().normalize().equals(b.localDir().toAbsolutePath().normalize())
                : a.bucket().equals(b.bucket()));
    }

    private static void url(String prefix, WarehouseConfig.Connection connection) {
        String url = connection.url().filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalStateException(
                prefix + ".url (" + env(prefix + ".url") + ") is required when greenhouse.warehouse.enabled is true"));
        try {
            Vendor.of(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(prefix + ".url: " + e.getMessage(), e);
        }
        if (connection.maxPoolSize() < 1) {
            throw new IllegalStateException(prefix + ".max-pool-size must be at least 1");
        }
    }

    private static void zone(String prefix, WarehouseConfig.Zone zone) {
        if (zone.store() == WarehouseConfig.Store.S3 && zone.bucket().filter(b -> !b.isBlank()).isEmpty()) {
            throw new IllegalStateException(prefix + ".bucket (" + env(prefix + ".bucket")
                    + ") is required when " + prefix + ".store is s3");
        }
        if (zone.prefix().isBlank() || zone.prefix().startsWith("/") || zone.prefix().endsWith("/")) {
            throw new IllegalStateException(prefix + ".prefix must be a key prefix without leading or trailing /, not '"
                    + zone.prefix() + "'");
        }
    }

    private static String env(String setting) {
        return setting.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private void enabled() {
        if (!config.enabled()) {
            throw new IllegalStateException("the warehouse pipeline is off: set greenhouse.warehouse.enabled=true "
                    + "(and its source, target and zones, docs/warehouse.md)");
        }
    }

    public synchronized Database source() throws SQLException {
        enabled();
        if (source == null) {
            source = Database.other(settings(config.source()), null, null);
        }
        return source;
    }

    public synchronized Database target() throws SQLException {
        enabled();
        if (target == null) {
            target = Database.other(settings(config.target()), TARGET_MIGRATIONS, TARGET_HISTORY);
        }
        return target;
    }

    public synchronized ArchiveStore ingestion() {
        enabled();
        if (ingestion == null) {
            ingestion = store(config.ingestion());
        }
        return ingestion;
    }

    public synchronized ArchiveStore processed() {
        enabled();
        if (processed == null) {
            processed = store(config.processed());
        }
        return processed;
    }

    private static ArchiveStore store(WarehouseConfig.Zone zone) {
        if (zone.store() == WarehouseConfig.Store.LOCAL) {
            return new LocalArchiveStore(zone.localDir());
        }
        return new S3ArchiveStore(ArchiveStores.s3Client(zone.region(), zone.endpointOverride(), zone.pathStyle()),
                zone.bucket().orElseThrow());
    }

    private static DatabaseConfig settings(WarehouseConfig.Connection connection) {
        return new DatabaseConfig() {
            @Override
            public String url() {
                return connection.url().orElseThrow();
            }

            @Override
            public Optional<String> username() {
                return connection.username();
            }

            @Override
            public Optional<String> password() {
                return connection.password();
            }

            @Override
            public int maxPoolSize() {
                return connection.maxPoolSize();
            }

            @Override
            public Duration acquisitionTimeout() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @PreDestroy
    synchronized void close() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }
}
