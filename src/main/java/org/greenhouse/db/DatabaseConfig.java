package org.greenhouse.db;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code greenhouse.db.*}: where the one database is; checked when the app starts. */
@ConfigMapping(prefix = "greenhouse.db")
public interface DatabaseConfig {

    /** JDBC URL; its prefix chooses the vendor. */
    String url();

    Optional<String> username();

    Optional<String> password();

    int maxPoolSize();

    /** Longest wait for a connection, and the login timeout. */
    Duration acquisitionTimeout();
}
