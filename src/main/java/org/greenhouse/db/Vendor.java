package org.greenhouse.db;

import java.util.Arrays;

/**
 * The databases Greenhouse runs on, told apart by the JDBC URL. Flyway migrations live in one folder per
 * dialect: PostgreSQL and H2 take the same SQL, SQL Server its own.
 */
public enum Vendor {
    H2("jdbc:h2:", "org.h2.Driver", "h2-postgresql"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "h2-postgresql"),
    SQLSERVER("jdbc:sqlserver:", "com.microsoft.sqlserver.jdbc.SQLServerDriver", "sqlserver");

    private final String urlPrefix;
    private final String driverClass;
    private final String migrationFolder;

    Vendor(String urlPrefix, String driverClass, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.driverClass = driverClass;
        this.migrationFolder = migrationFolder;
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
        return "classpath:db/migration/" + migrationFolder;
    }
}
