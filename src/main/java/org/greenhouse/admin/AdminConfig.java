package org.greenhouse.admin;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Every {@code greenhouse.admin.*} setting: who may use the admin endpoints (docs/security.md). */
@ConfigMapping(prefix = "greenhouse.admin")
public interface AdminConfig {

    /**
     * The users, each {@code name:role[+role...]:pbkdf2-sha256$...} (a hash from PasswordHash, never a password),
     * from a secret (GREENHOUSE_ADMIN_USERS) in production. None set: every admin request is refused (401).
     */
    Optional<List<String>> users();

    /** POST /admin/pipelines/{pipeline}/run (routes/admin.yaml). */
    boolean runEndpointEnabled();

    /** /q/metrics needs the monitor or admin role (quarkus.http.auth.permission.metrics); open otherwise. */
    boolean protectMetrics();

    /** /openapi needs the monitor or admin role (quarkus.http.auth.permission.openapi); open otherwise. */
    boolean protectOpenapi();

    /**
     * The dashboard's JSON (/api/dashboard, /api/dashboard/history: botanists' names and addresses; history may
     * query Athena) needs the monitor or admin role (quarkus.http.auth.permission.dashboard); open otherwise.
     */
    boolean protectDashboard();
}
