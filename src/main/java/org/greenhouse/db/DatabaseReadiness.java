package org.greenhouse.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the database is unreachable, refuses the login or its schema is not migrated: nothing could
 * be stored. The check's data says which ("error").
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        Database.Reachability reachability = database.reachability();
        String problem = reachability.problem();
        if (problem == null) {
            try {
                database.ensureMigrated();
            } catch (RuntimeException e) {
                problem = "not migrated: " + e.getMessage();
            }
        }
        var response = HealthCheckResponse.named("database")
                .status(problem == null && database.isMigrated())
                .withData("vendor", database.vendor().name())
                .withData("reachable", reachability.reachable())
                .withData("migrated", database.isMigrated());
        return (problem == null ? response : response.withData("error", problem)).build();
    }
}
