package org.greenhouse.db;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The databases Greenhouse runs on, told apart by the JDBC URL. Flyway migrations live in one folder per
 * dialect: PostgreSQL and H2 take the same SQL, SQL Server its own; H2 in SQL Server mode takes SQL Server's.
 */
public enum Vendor {
    H2("jdbc:h2:", "org.h2.Driver", "h2-postgresql"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "h2-postgresql"),
    SQLSERVER("jdbc:sqlserver:", "com.microsoft.sqlserver.jdbc.SQLServerDriver", "sqlserver");

    private static final Pattern H2_SQLSERVER_MODE = Pattern.compile("(?i);MODE=MSSQLServer(;|$)");

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

    /**
     * The migrations for a database URL: its vendor's, except that H2 in SQL Server mode
     * ({@code jdbc:h2:...;MODE=MSSQLServer}, how the SQL Server dialect is run here) takes SQL Server's.
     */
    public static String migrationLocation(String jdbcUrl) {
        Vendor vendor = of(jdbcUrl);
        return vendor == H2 && H2_SQLSERVER_MODE.matcher(jdbcUrl).find() ? SQLSERVER.migrationLocation()
                : vendor.migrationLocation();
    }
}
