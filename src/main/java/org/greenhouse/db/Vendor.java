package org.greenhouse.db;

import java.util.Arrays;

/** The databases Greenhouse runs on, told apart by the JDBC URL; each has its own Flyway migrations. */
public enum Vendor {
    H2("jdbc:h2:", "org.h2.Driver"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver"),
    SQLSERVER("jdbc:sqlserver:", "com.microsoft.sqlserver.jdbc.SQLServerDriver");

    private final String urlPrefix;
    private final String driverClass;

    Vendor(String urlPrefix, String driverClass) {
        this.urlPrefix = urlPrefix;
        this.driverClass = driverClass;
    }

    public static Vendor of(String jdbcUrl) {
        return Arrays.stream(values()).filter(vendor -> jdbcUrl.startsWith(vendor.urlPrefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("greenhouse.db.url must start with one of "
                        + Arrays.stream(values()).map(v -> v.urlPrefix).toList() + ", not "
                        + jdbcUrl.replaceAll("(?i)password=[^;&]*", "password=***")));
    }

    public String driverClass() {
        return driverClass;
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + name().toLowerCase();
    }
}
