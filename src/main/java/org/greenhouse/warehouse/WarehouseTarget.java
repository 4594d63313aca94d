package org.greenhouse.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.BitSet;
import java.util.stream.Collectors;

import org.greenhouse.db.Vendor;

/**
 * The SQL of the warehouse: a dimension row upserted on its id, a fact row appended unless its version is there.
 * PostgreSQL: INSERT ... ON CONFLICT; H2: MERGE ... KEY (a fact version merged onto itself changes nothing).
 */
final class WarehouseTarget {

    private WarehouseTarget() {
    }

    static String upsert(Vendor vendor, Table table) {
        String columns = String.join(", ", table.columnNames());
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        String key = String.join(", ", table.key());
        if (vendor == Vendor.H2) {
            return "MERGE INTO " + table.name() + " (" + columns + ") KEY (" + key + ") VALUES (" + marks + ")";
        }
        String insert = "INSERT INTO " + table.name() + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT (" + key + ")";
        if (StarSchema.isFact(table)) {
            return insert + " DO NOTHING";
        }
        return insert + " DO UPDATE SET " + table.columnNames().stream().filter(c -> !table.key().contains(c))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    static void bind(PreparedStatement statement, Row row) throws SQLException {
        var columns = row.table().columns();
        for (int i = 0; i < columns.size(); i++) {
            Object value = row.get(i);
            if (value == null) {
                statement.setNull(i + 1, switch (columns.get(i).type()) {
                    case INT -> Types.INTEGER;
                    case TEXT -> Types.VARCHAR;
                    case DECIMAL -> Types.NUMERIC;
                    case BOOLEAN -> Types.BOOLEAN;
                    case DATE -> Types.DATE;
                    case TIME -> Types.TIME;
                    case TIMESTAMP -> Types.TIMESTAMP;
                });
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** The ids a dimension holds now (ids are small non-negative integers from sequences). */
    static BitSet ids(Connection connection, Table dimension) throws SQLException {
        BitSet ids = new BitSet();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + dimension.key().get(0) + " FROM " + dimension.name());
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                int id = rows.getInt(1);
                if (id >= 0) {
                    ids.set(id);
                }
            }
        }
        return ids;
    }

    static long count(Connection connection, Table table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + table.name());
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
