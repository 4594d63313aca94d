package org.greenhouse.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the database is unreachable or its schema is not migrated: nothing could be stored. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = database.isReachable();
        if (reachable) {
            try {
                database.ensureMigrated();
            } catch (RuntimeException e) {
                // reported below as not migrated
            }
        }
        return HealthCheckResponse.named("database")
                .status(reachable && database.isMigrated())
                .withData("vendor", database.vendor().name())
                .withData("reachable", reachable)
                .withData("migrated", database.isMigrated())
                .build();
    }
}
