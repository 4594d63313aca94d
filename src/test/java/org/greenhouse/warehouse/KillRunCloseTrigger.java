package org.greenhouse.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.h2.api.Trigger;

/** H2's stand-in for a crash after the warehouse committed: closing a warehouse-load run as SUCCEEDED fails. */
public class KillRunCloseTrigger implements Trigger {

    private int step;
    private int status;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        step = column(connection, schema, table, "STEP");
        status = column(connection, schema, table, "STATUS");
    }

    private static int column(Connection connection, String schema, String table, String column) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE UPPER(TABLE_SCHEMA) = UPPER(?) AND UPPER(TABLE_NAME) = UPPER(?) AND UPPER(COLUMN_NAME) = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            query.setString(3, column);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no column " + column + " in " + table);
                }
                return row.getInt(1) - 1;
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if ("warehouse-load".equals(newRow[step]) && "SUCCEEDED".equals(newRow[status])) {
            throw new SQLException("killed before the run row closed");
        }
    }
}
