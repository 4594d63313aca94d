package org.greenhouse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * No SQL Server can run here: this applies the SQL Server migrations to H2 in its SQL Server mode, which
 * catches syntax and type mistakes, not every difference from a real SQL Server (see README).
 */
class SqlServerMigrationTest {

    private static final String URL = "jdbc:h2:mem:sqlserver-migrations;MODE=MSSQLServer;DB_CLOSE_DELAY=-1";

    @Test
    void migrationsApplyAndUnicodeNamesRoundTrip() throws Exception {
        var result = Flyway.configure().dataSource(URL, "sa", "").locations(Vendor.SQLSERVER.migrationLocation())
                .load().migrate();
        try (var files = Files.list(Path.of("src/main/resources/db/migration/sqlserver"))) {
            assertEquals(files.count(), result.migrationsExecuted, "every SQL Server migration applies");
        }

        try (Connection connection = DriverManager.getConnection(URL, "sa", "")) {
            connection.createStatement().executeUpdate("INSERT INTO country (country_name) VALUES (N'Cyprus')");
            connection.createStatement().executeUpdate("INSERT INTO city (country_id, city_name) VALUES (1, N'Millerton')");
            connection.createStatement().executeUpdate(
                    "INSERT INTO origin (city_id, latitude, longitude) VALUES (1, -60.5574125, -66.633609)");
            connection.createStatement().executeUpdate(
                    "INSERT INTO botanist (name, email) VALUES (N'Amber Ross', N'amber.ross@lnhm.co.uk')");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO plant (plant_id, name, origin_id, botanist_id) VALUES (13, ?, 1, 1)")) {
                insert.setString(1, "Canna ‘Striata’");
                insert.executeUpdate();
            }
            try (ResultSet row = connection.createStatement().executeQuery("SELECT name FROM plant")) {
                row.next();
                assertEquals("Canna ‘Striata’", row.getString(1));
            }
        }
    }
}
